import type { Redis } from 'ioredis';
import {
  CorruptCheckpointError,
  type Checkpoint,
  type CheckpointStore,
  type FileCheckpointStore,
} from './file-checkpoint-store.js';

/** Writes the checkpoint only while the source's lease holds our owner id (one atomic step). */
const SAVE_IF_HOLDER = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[2], ARGV[2])
  return 1
end
return 0`;

/** A checkpoint write refused because this instance no longer holds the source's lease. */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
}

export interface RedisCheckpointKeys {
  lease(source: string): string;
  checkpoint(source: string): string;
}

/**
 * Checkpoints for collectors that take turns on a source (COLLECTOR_LEASE_ENABLED): Redis holds the
 * one that counts, so a standby on another machine resumes where the holder stopped. A save goes
 * through only while the lease key holds this instance's owner id, checked in the same Lua step: a
 * holder that lost its lease (and may still be finishing a batch) can never move the cursor back
 * under its successor. Each save is also written to the local file (an operator's copy, and what
 * counts again with the lease switched off). Load reads Redis; only when Redis has no checkpoint for
 * the source does it fall back to the file, so switching the lease on keeps an existing position.
 */
export class RedisCheckpointStore implements CheckpointStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisCheckpointKeys,
    private readonly owner: string,
    private readonly file: FileCheckpointStore,
  ) {}

  async load(source: string): Promise<Checkpoint | null> {
    const key = this.keys.checkpoint(source);
    const text = await this.redis.get(key);
    if (text === null) return this.file.load(source);
    let value: Partial<Checkpoint>;
    try {
      value = JSON.parse(text) as Partial<Checkpoint>;
    } catch {
      throw new CorruptCheckpointError(`checkpoint ${key} in Redis is not valid JSON`);
    }
    if (typeof value.cursor !== 'string' || value.source !== source)
      throw new CorruptCheckpointError(
        `checkpoint ${key} in Redis does not hold a cursor for ${source}`,
      );
    return { source, cursor: value.cursor, updatedAt: String(value.updatedAt ?? '') };
  }

  async save(source: string, cursor: string): Promise<Checkpoint> {
    const checkpoint: Checkpoint = { source, cursor, updatedAt: new Date().toISOString() };
    const saved = await this.redis.eval(
      SAVE_IF_HOLDER,
      2,
      this.keys.lease(source),
      this.keys.checkpoint(source),
      this.owner,
      JSON.stringify({ ...checkpoint, owner: this.owner }),
    );
    if (saved !== 1)
      throw new LeaseLostError(
        `not saving the checkpoint of ${source}: this instance no longer holds its lease`,
      );
    await this.file.save(source, cursor);
    return checkpoint;
  }
}
