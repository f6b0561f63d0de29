import { Injectable } from '@nestjs/common';
import { type AssetKind, DEFAULT_RULES, type Rule } from '@cityops/contracts';

/**
 * The rules in force. For now the default Tianjin pack from contracts; stored, versioned rules with
 * CRUD under /api/rules arrive with the alerting issue (#4) behind this same service.
 */
@Injectable()
export class RulesService {
  private readonly rules: readonly Rule[] = DEFAULT_RULES.filter((r) => r.enabled);

  forKind(kind: AssetKind): readonly Rule[] {
    return this.rules.filter((rule) => rule.assetKinds.includes(kind));
  }

  find(id: string): Rule | undefined {
    return this.rules.find((rule) => rule.id === id);
  }
}
