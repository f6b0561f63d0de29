import { formatIssues } from '@cityops/contracts';
import { baltimore311Mapping } from './baltimore311.js';
import { floodnetMapping } from './floodnet.js';
import { GenericMappingSchema, genericMapping } from './generic.js';
import type { ReplayMapping } from './types.js';
import { xai4heatMapping } from './xai4heat.js';

export const BUILT_IN_MAPPINGS: ReadonlyMap<string, ReplayMapping> = new Map(
  [floodnetMapping, xai4heatMapping, baltimore311Mapping].map((m) => [m.name, m]),
);

export class MappingError extends Error {
  override readonly name = 'MappingError';
}

/** A built-in mapping by name, or a generic one from its JSON text. */
export function resolveMapping(nameOrJson: string): ReplayMapping {
  const builtIn = BUILT_IN_MAPPINGS.get(nameOrJson);
  if (builtIn) return builtIn;
  let spec: unknown;
  try {
    spec = JSON.parse(nameOrJson);
  } catch {
    throw new MappingError(
      `unknown mapping "${nameOrJson.slice(0, 80)}": use ${[...BUILT_IN_MAPPINGS.keys()].join(', ')} or a JSON mapping file`,
    );
  }
  const parsed = GenericMappingSchema.safeParse(spec);
  if (!parsed.success)
    throw new MappingError(`invalid JSON mapping: ${formatIssues(parsed.error)}`);
  return genericMapping(parsed.data);
}
