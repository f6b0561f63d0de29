import { AssetRegistryEntrySchema, type AssetRegistryEntry } from '@cityops/contracts';
import type { Logger } from '../observability/logger.js';

/** The Redis calls the registry needs (ioredis' hgetall and hmget). */
export interface HashReader {
  hgetall(key: string): Promise<Record<string, string>>;
  hmget(key: string, ...fields: string[]): Promise<(string | null)[]>;
}

export interface RegistryRefreshOptions {
  /** Reload the whole registry when the cache is older than this (picks up changed and removed assets). */
  maxAgeMs: number;
}

export const DEFAULT_REGISTRY_REFRESH: RegistryRefreshOptions = { maxAgeMs: 10_000 };

export function isStale(
  loadedAt: number | null,
  now: number,
  options: RegistryRefreshOptions,
): boolean {
  return loadedAt === null || now - loadedAt >= options.maxAgeMs;
}

export function parseRegistryEntry(json: string): AssetRegistryEntry | null {
  try {
    const parsed = AssetRegistryEntrySchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Parses the hash the backend writes (id -> AssetRegistryEntry JSON); bad entries are skipped and reported. */
export function parseRegistryHash(hash: Record<string, string>): {
  entries: Map<string, AssetRegistryEntry>;
  invalid: string[];
} {
  const entries = new Map<string, AssetRegistryEntry>();
  const invalid: string[] = [];
  for (const [id, json] of Object.entries(hash)) {
    const entry = parseRegistryEntry(json);
    if (entry) entries.set(id, entry);
    else invalid.push(id);
  }
  return { entries, invalid };
}

/**
 * Read-only view of the asset registry the backend keeps in Redis. The whole hash is cached and
 * reloaded every few seconds; ids a batch names that the cache lacks are looked up at once with one
 * HMGET, so an asset imported a moment ago is accepted, not quarantined as unknown.
 */
export class AssetRegistry {
  private entries = new Map<string, AssetRegistryEntry>();
  private loadedAt: number | null = null;
  private loading: Promise<void> | null = null;

  constructor(
    private readonly redis: HashReader,
    private readonly key: string,
    private readonly logger: Logger,
    private readonly options: RegistryRefreshOptions = DEFAULT_REGISTRY_REFRESH,
    private readonly now: () => number = Date.now,
  ) {}

  /** The entries for the given ids; ids not in the registry are absent from the map. */
  async resolve(ids: Iterable<string>): Promise<ReadonlyMap<string, AssetRegistryEntry>> {
    const wanted = [...new Set(ids)];
    if (isStale(this.loadedAt, this.now(), this.options)) await this.reload();
    const missing = wanted.filter((id) => !this.entries.has(id));
    if (missing.length > 0) await this.lookUp(missing);
    const found = new Map<string, AssetRegistryEntry>();
    for (const id of wanted) {
      const entry = this.entries.get(id);
      if (entry) found.set(id, entry);
    }
    return found;
  }

  get size(): number {
    return this.entries.size;
  }

  private async lookUp(ids: string[]): Promise<void> {
    const values = await this.redis.hmget(this.key, ...ids);
    ids.forEach((id, i) => {
      const json = values[i];
      const entry = json ? parseRegistryEntry(json) : null;
      if (entry) this.entries.set(id, entry);
    });
  }

  private reload(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const { entries, invalid } = parseRegistryHash(await this.redis.hgetall(this.key));
        if (invalid.length)
          this.logger.warn('skipping malformed asset registry entries', {
            key: this.key,
            ids: invalid.slice(0, 20),
            count: invalid.length,
          });
        if (this.loadedAt === null || entries.size !== this.entries.size) {
          this.logger.info('asset registry loaded', { key: this.key, assets: entries.size });
        }
        this.entries = entries;
        this.loadedAt = this.now();
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }
}
