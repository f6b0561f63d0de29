import type { Redis } from 'ioredis';

/** Extends the key's ttl only while it still holds our owner id. */
const EXTEND_IF_OURS = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`;

/** Like EXTEND_IF_OURS, but tells who holds it otherwise (false when nobody does). */
const CLAIM_OWN = `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return holder`;

/** Deletes the key only while it holds our owner id. */
const DELETE_IF_OURS = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

export type AcquireResult = { acquired: true } | { acquired: false; holder: string | null };

/**
 * One source's lease in Redis: a string key holding the owner id with a ttl. Acquire is
 * `SET key owner NX PX ttl`; renewal and release compare the owner first (Lua, atomic), so an
 * instance can never extend or delete a lease another one holds.
 */
export class RedisLease {
  constructor(
    private readonly redis: Redis,
    readonly key: string,
    readonly owner: string,
    private readonly ttlMs: number,
  ) {}

  /**
   * Takes the lease when it is free. When the key already holds our own owner id (this instance
   * restarted before its old lease ran out) it is ours again at once, with a fresh ttl.
   */
  async acquire(): Promise<AcquireResult> {
    const set = await this.redis.set(this.key, this.owner, 'PX', this.ttlMs, 'NX');
    if (set === 'OK') return { acquired: true };
    const claimed = (await this.redis.eval(CLAIM_OWN, 1, this.key, this.owner, this.ttlMs)) as
      number | string | null;
    if (claimed === 1) return { acquired: true };
    return { acquired: false, holder: typeof claimed === 'string' ? claimed : null };
  }

  /** true: extended; false: the key is gone or holds another owner. */
  async renew(): Promise<boolean> {
    return (await this.redis.eval(EXTEND_IF_OURS, 1, this.key, this.owner, this.ttlMs)) === 1;
  }

  /** Gives the lease up (only if it is still ours), so a standby need not wait for the ttl. */
  async release(): Promise<boolean> {
    return (await this.redis.eval(DELETE_IF_OURS, 1, this.key, this.owner)) === 1;
  }
}
