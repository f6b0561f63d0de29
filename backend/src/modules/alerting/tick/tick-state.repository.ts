import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { redisKeys } from '@cityops/contracts';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '../../../config/config.module.js';
import type { AppConfig } from '../../../config/app-config.js';
import { REDIS } from '../../../infra/redis/redis.js';
import type { AlertState } from '../alert-state-machine.js';

const CHUNK = 1000;
/** A tick holds its rule's lock at most this long (a crashed worker's lock expires). */
export const TICK_LOCK_MS = 120_000;

/** Redis keys of the tick path, beside the shared alert state hash. */
export function tickKeys(prefix: string) {
  return {
    /** Hash: ruleId → the last tick time evaluated (epoch ms). */
    watermark: `${prefix}:ticks:at`,
    /** Set: the alert state keys ("ruleId|key") a tick-owned rule has stored. */
    index: (ruleId: string) => `${prefix}:ticks:keys:${ruleId}`,
    /** String with TTL: one tick of this rule is being evaluated. */
    lock: (ruleId: string) => `${prefix}:ticks:lock:${ruleId}`,
  };
}

/** A state as loaded: the document and its exact stored text (compare-and-set on save). */
export interface LoadedState {
  raw: string;
  state: AlertState;
}

/** One write of a tick: `after` null deletes; `before` is the stored text the tick started from. */
export interface StateChange {
  key: string;
  before: string | null;
  after: AlertState | null;
}

// SMEMBERS of the rule's index with the state of every member, in one round trip.
const LOAD_INDEXED = `
local members = redis.call('SMEMBERS', KEYS[1])
local out = {}
for i = 1, #members, ${CHUNK} do
  local chunk = {}
  for j = i, math.min(i + ${CHUNK - 1}, #members) do chunk[#chunk + 1] = members[j] end
  local values = redis.call('HMGET', KEYS[2], unpack(chunk))
  for j = 1, #chunk do
    out[#out + 1] = chunk[j]
    out[#out + 1] = values[j]
  end
end
return out`;

// Compare-and-set per field: written only where the stored text is still the one the tick read
// (the fast path may have changed it meanwhile: its state wins, the next tick starts from it).
// ARGV[1]: "1" to keep the rule's index; then triples field, before ("" absent), after ("" delete).
const SAVE_IF_UNCHANGED = `
local indexed = ARGV[1] == '1'
local skipped = {}
for i = 2, #ARGV, 3 do
  local field, before, after = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local current = redis.call('HGET', KEYS[1], field)
  if (current == false and before == '') or current == before then
    if after == '' then
      redis.call('HDEL', KEYS[1], field)
      if indexed then redis.call('SREM', KEYS[2], field) end
    else
      redis.call('HSET', KEYS[1], field, after)
      if indexed then redis.call('SADD', KEYS[2], field) end
    end
  else
    skipped[#skipped + 1] = field
  end
end
return skipped`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

class Script {
  readonly sha: string;
  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }
  async run(redis: Redis, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!String(error).includes('NOSCRIPT')) throw error;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}

const scripts = {
  loadIndexed: new Script(LOAD_INDEXED),
  save: new Script(SAVE_IF_UNCHANGED),
  release: new Script(RELEASE),
};

function parse(raw: string | null | undefined): LoadedState | undefined {
  if (!raw) return undefined;
  try {
    return { raw, state: JSON.parse(raw) as AlertState };
  } catch {
    return undefined;
  }
}

/**
 * Alert state for the tick path, in the same hash as the fast path's (`redisKeys().alertState`,
 * keyed "ruleId|key"), so both paths see one state per key. Tick-owned rules (no-data, window, case
 * rules) keep an index of their keys, so a tick loads exactly the keys that have state in one round
 * trip and can prune keys whose asset or case is gone. Writes are compare-and-set.
 */
@Injectable()
export class TickStateRepository {
  private readonly stateHash: string;
  private readonly keys: ReturnType<typeof tickKeys>;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.stateHash = redisKeys(config.REDIS_PREFIX).alertState;
    this.keys = tickKeys(config.REDIS_PREFIX);
  }

  /** Every state in the rule's index (a member whose state is gone comes back as `missing`). */
  async loadIndexed(
    ruleId: string,
  ): Promise<{ states: Map<string, LoadedState>; missing: string[] }> {
    const flat = (await scripts.loadIndexed.run(
      this.redis,
      [this.keys.index(ruleId), this.stateHash],
      [],
    )) as (string | null)[];
    const states = new Map<string, LoadedState>();
    const missing: string[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      const key = flat[i]!;
      const loaded = parse(flat[i + 1]);
      if (loaded) states.set(key, loaded);
      else missing.push(key);
    }
    return { states, missing };
  }

  /** The states of these keys (batched HMGET, the batches pipelined). */
  async load(keys: readonly string[]): Promise<Map<string, LoadedState>> {
    const chunks: string[][] = [];
    for (let i = 0; i < keys.length; i += CHUNK) chunks.push(keys.slice(i, i + CHUNK));
    const answers = await Promise.all(chunks.map((c) => this.redis.hmget(this.stateHash, ...c)));
    const states = new Map<string, LoadedState>();
    answers.forEach((values, c) =>
      values.forEach((raw, i) => {
        const loaded = parse(raw);
        if (loaded) states.set(chunks[c]![i]!, loaded);
      }),
    );
    return states;
  }

  /**
   * Writes the changes where the stored state is still the one the tick loaded; returns the keys
   * skipped because another writer changed them meanwhile. `indexed`: maintain the rule's index.
   */
  async save(ruleId: string, changes: readonly StateChange[], indexed: boolean): Promise<string[]> {
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < changes.length; i += CHUNK) {
      const args: string[] = [indexed ? '1' : '0'];
      for (const change of changes.slice(i, i + CHUNK))
        args.push(
          change.key,
          change.before ?? '',
          change.after ? JSON.stringify(change.after) : '',
        );
      calls.push(scripts.save.run(this.redis, [this.stateHash, this.keys.index(ruleId)], args));
    }
    return ((await Promise.all(calls)) as string[][]).flat();
  }

  /** The last tick time evaluated for the rule (null: never). */
  async watermark(ruleId: string): Promise<number | null> {
    const value = await this.redis.hget(this.keys.watermark, ruleId);
    return value === null ? null : Number(value);
  }

  async setWatermark(ruleId: string, tickAt: number): Promise<void> {
    await this.redis.hset(this.keys.watermark, ruleId, String(tickAt));
  }

  /** Takes the rule's tick lock; returns a release function, or null when another tick holds it. */
  async lock(ruleId: string): Promise<(() => Promise<void>) | null> {
    const token = randomUUID();
    const key = this.keys.lock(ruleId);
    const taken = await this.redis.set(key, token, 'PX', TICK_LOCK_MS, 'NX');
    if (taken !== 'OK') return null;
    return async () => {
      await scripts.release.run(this.redis, [key], [token]);
    };
  }
}
