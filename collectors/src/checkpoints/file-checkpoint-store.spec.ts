import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CorruptCheckpointError,
  FileCheckpointStore,
  checkpointFileName,
} from './file-checkpoint-store.js';

describe('FileCheckpointStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'checkpoints-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('has no checkpoint for a new source and keeps the last saved cursor, one file per source', async () => {
    const store = new FileCheckpointStore(join(dir, 'nested'));
    expect(await store.load('heating-http:h:8090')).toBeNull();
    await store.save('heating-http:h:8090', 'c1');
    await store.save('heating-http:h:8090', 'c2');
    await store.save('heating-http:other:8090', 'x');
    expect(
      (await new FileCheckpointStore(join(dir, 'nested')).load('heating-http:h:8090'))?.cursor,
    ).toBe('c2');
    expect((await readdir(join(dir, 'nested'))).sort()).toEqual([
      'heating-http_h_8090.json',
      'heating-http_other_8090.json',
    ]);
  });

  it('refuses a damaged file instead of silently starting over', async () => {
    const store = new FileCheckpointStore(dir);
    await writeFile(join(dir, checkpointFileName('s')), '{"cursor":');
    await expect(store.load('s')).rejects.toBeInstanceOf(CorruptCheckpointError);
    await writeFile(
      join(dir, checkpointFileName('s')),
      JSON.stringify({ source: 'other', cursor: 'c' }),
    );
    await expect(store.load('s')).rejects.toBeInstanceOf(CorruptCheckpointError);
  });
});
