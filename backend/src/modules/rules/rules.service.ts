import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import {
  type AssetKind,
  type AssetRule,
  type CaseCategory,
  type CaseRule,
  DEFAULT_RULES,
  type Rule,
  type RuleChange,
  type RuleDetail,
  type RuleListQuery,
  type RuleOfType,
  type RuleType,
  type StoredRule,
  isAssetRule,
} from '@cityops/contracts';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import type { Queryable } from '../../infra/database/database.js';
import { REDIS } from '../../infra/redis/redis.js';
import { SharedCacheSync } from '../../infra/redis/shared-cache-sync.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { RulesRepository } from './rules.repository.js';

/** Safety net behind the change messages: every replica reloads at least this often. */
export const RULES_REFRESH_MS = 30_000;

export const rulesChannel = (prefix: string) => `${prefix}:rules:changed`;

/**
 * The rules in force, from the rule store (PostgreSQL/PGlite). Every process keeps them in memory so
 * the evaluation paths read them without I/O (`forKind`, `find`). A change reloads the changing
 * process at once and the others through a Redis message; a periodic reload covers a lost message.
 * The default Tianjin pack is seeded on start: rules that are missing are inserted, existing ones
 * (a city's edits, archived ones too) are never touched.
 */
@Injectable()
export class RulesService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RulesService.name);
  private byId = new Map<string, Rule>();
  private active: readonly Rule[] = [];
  private readonly sync: SharedCacheSync;

  constructor(
    private readonly repository: RulesRepository,
    private readonly audit: AuditRepository,
    @Inject(REDIS) redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.sync = new SharedCacheSync({
      load: async () => this.apply(await this.repository.list()),
      redis,
      channel: rulesChannel(config.REDIS_PREFIX),
      name: 'rules',
      refreshMs: RULES_REFRESH_MS,
      logger: this.logger,
    });
  }

  async onModuleInit(): Promise<void> {
    const seeded = await this.seed(DEFAULT_RULES);
    if (seeded.length) this.logger.log(`Seeded default rules: ${seeded.join(', ')}`);
    await this.sync.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.sync.stop();
  }

  // ---- The evaluation paths' view: in memory, no I/O ----

  /** Enabled rules that watch assets of this kind (optionally of one type). */
  forKind(kind: AssetKind): readonly AssetRule[];
  forKind<T extends AssetRule['type']>(kind: AssetKind, type: T): readonly RuleOfType<T>[];
  forKind(kind: AssetKind, type?: RuleType): readonly AssetRule[] {
    return this.active.filter(
      (rule): rule is AssetRule =>
        isAssetRule(rule) && rule.assetKinds.includes(kind) && (!type || rule.type === type),
    );
  }

  /** Enabled rules that watch sanitation cases of this category (optionally of one type). */
  forCategory(category: CaseCategory): readonly CaseRule[];
  forCategory<T extends CaseRule['type']>(
    category: CaseCategory,
    type: T,
  ): readonly RuleOfType<T>[];
  forCategory(category: CaseCategory, type?: RuleType): readonly CaseRule[] {
    return this.active.filter(
      (rule): rule is CaseRule =>
        !isAssetRule(rule) && rule.categories.includes(category) && (!type || rule.type === type),
    );
  }

  /** Every enabled rule. */
  enabled(): readonly Rule[] {
    return this.active;
  }

  /**
   * A rule by id, disabled and archived ones included (incidents of a rule switched off meanwhile
   * still get their title and domain). With `type`, only a rule of that type.
   */
  find(id: string): Rule | undefined;
  find<T extends RuleType>(id: string, type: T): RuleOfType<T> | undefined;
  find(id: string, type?: RuleType): Rule | undefined {
    const rule = this.byId.get(id);
    return rule && (!type || rule.type === type) ? rule : undefined;
  }

  // ---- The store ----

  async list(query: RuleListQuery): Promise<StoredRule[]> {
    const rules = await this.repository.list();
    return rules.filter(
      (r) =>
        (query.archived || !r.archived) &&
        (!query.domain || r.rule.domain === query.domain) &&
        (!query.type || r.rule.type === query.type),
    );
  }

  async get(id: string): Promise<RuleDetail> {
    const stored = await this.repository.find(id);
    if (!stored) throw new NotFoundException(`No rule ${id}`);
    return { ...stored, versions: await this.repository.versions(id) };
  }

  async create(rule: Rule, actor: string, ip: string | null): Promise<StoredRule> {
    const created = await this.repository.db.transaction(async (tx) => {
      if (await this.repository.exists(rule.id, tx))
        throw new ConflictException(
          `A rule ${rule.id} exists already (archived rules keep their id); choose another id`,
        );
      const fresh = { ...rule, version: 1 } as Rule;
      const stored = await this.repository.insert(tx, {
        rule: fresh,
        archived: false,
        change: 'created',
        actor,
      });
      if (!stored) throw new ConflictException(`A rule ${rule.id} exists already`);
      await this.record(tx, actor, ip, 'created', rule.id, null, stored);
      return stored;
    });
    await this.changed();
    return created;
  }

  /** Replaces a rule's definition. `rule.version` is the version the caller edited (else 409). */
  async update(id: string, rule: Rule, actor: string, ip: string | null): Promise<StoredRule> {
    if (rule.id !== id)
      throw new BadRequestException({
        message: 'Invalid request',
        details: [`id: the body's id ${rule.id} is not the rule's id ${id}`],
      });
    return this.change(id, actor, ip, (current) => {
      if (current.archived)
        throw new ConflictException(`Rule ${id} is archived; enable it to restore it first`);
      if (rule.version !== current.rule.version)
        throw new ConflictException(
          `Rule ${id} is at version ${current.rule.version}, not ${rule.version}: it changed meanwhile; reload it and apply your edit again`,
        );
      if (rule.type !== current.rule.type)
        throw new BadRequestException({
          message: 'Invalid request',
          details: [
            `type: a ${current.rule.type} rule cannot become ${rule.type}; create a new rule`,
          ],
        });
      return { rule, archived: false, change: 'updated' };
    });
  }

  /** Enables (and restores an archived rule) or disables a rule; a no-op when already so. */
  setEnabled(id: string, enabled: boolean, actor: string, ip: string | null): Promise<StoredRule> {
    return this.change(id, actor, ip, (current) => {
      if (current.rule.enabled === enabled && !current.archived) return null;
      if (!enabled && current.archived) return null;
      return {
        rule: { ...current.rule, enabled },
        archived: false,
        change: enabled ? 'enabled' : 'disabled',
      };
    });
  }

  /** Soft delete: disabled and archived, kept with its history. A no-op when already archived. */
  archive(id: string, actor: string, ip: string | null): Promise<StoredRule> {
    return this.change(id, actor, ip, (current) =>
      current.archived
        ? null
        : { rule: { ...current.rule, enabled: false }, archived: true, change: 'archived' },
    );
  }

  /**
   * One change in one transaction: the current version locked, the new version written with its
   * history row and audit entry, then every replica told. `decide` returns null for "no change".
   */
  private async change(
    id: string,
    actor: string,
    ip: string | null,
    decide: (current: StoredRule) => {
      rule: Rule;
      archived: boolean;
      change: Exclude<RuleChange, 'seeded' | 'created'>;
    } | null,
  ): Promise<StoredRule> {
    const { stored, changed } = await this.repository.db.transaction(async (tx) => {
      const current = await this.repository.find(id, tx, true);
      if (!current) throw new NotFoundException(`No rule ${id}`);
      const next = decide(current);
      if (!next) return { stored: current, changed: false };
      const version = current.rule.version + 1;
      const rule = { ...next.rule, version } as Rule;
      const written = await this.repository.update(tx, current.rule.version, {
        rule,
        archived: next.archived,
        change: next.change,
        actor,
      });
      if (!written)
        throw new ConflictException(`Rule ${id} changed meanwhile; reload it and try again`);
      await this.record(tx, actor, ip, next.change, id, current, written);
      return { stored: written, changed: true };
    });
    if (changed) await this.changed();
    return stored;
  }

  private record(
    tx: Queryable,
    actor: string,
    ip: string | null,
    change: RuleChange,
    id: string,
    before: StoredRule | null,
    after: StoredRule,
  ): Promise<void> {
    return this.audit.record(
      {
        actor,
        action: `rule.${change}`,
        target: id,
        ip,
        data: {
          version: after.rule.version,
          before: before && { rule: before.rule, archived: before.archived },
          after: { rule: after.rule, archived: after.archived },
        },
      },
      tx,
    );
  }

  /** Inserts the rules that are missing (never overwriting one); returns the ids inserted. */
  async seed(rules: readonly Rule[]): Promise<string[]> {
    return this.repository.db.transaction(async (tx) => {
      const inserted: string[] = [];
      for (const rule of rules) {
        const stored = await this.repository.insert(tx, {
          rule,
          archived: false,
          change: 'seeded',
          actor: 'system',
        });
        if (!stored) continue;
        inserted.push(rule.id);
        await this.record(tx, 'system', null, 'seeded', rule.id, null, stored);
      }
      return inserted;
    });
  }

  // ---- The cache ----

  /** Reloads here and tells the other replicas. */
  private changed(): Promise<void> {
    return this.sync.announce();
  }

  /** Loads every rule from the store (one load at a time). */
  reload(): Promise<void> {
    return this.sync.reload();
  }

  private apply(stored: StoredRule[]): void {
    this.byId = new Map(stored.map((s) => [s.rule.id, s.rule]));
    this.active = stored.filter((s) => s.rule.enabled && !s.archived).map((s) => s.rule);
  }
}
