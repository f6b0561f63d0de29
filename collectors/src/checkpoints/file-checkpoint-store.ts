import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

export interface Checkpoint {
  source: string;
  /** The cursor to ask the source for next. */
  cursor: string;
  updatedAt: string;
}

export interface CheckpointStore {
  load(source: string): Promise<Checkpoint | null>;
  save(source: string, cursor: string): Promise<Checkpoint>;
}

export class CorruptCheckpointError extends Error {
  override readonly name = 'CorruptCheckpointError';
}

/** "heating-http:127.0.0.1:8090" -> "heating-http_127.0.0.1_8090.json" */
export function checkpointFileName(source: string): string {
  return `${source.replace(/[^A-Za-z0-9._-]/g, '_')}.json`;
}

/**
 * One JSON file per source in the state directory, replaced atomically: write a temp file, fsync it,
 * rename it over the old one, fsync the directory. A crash leaves either the old or the new cursor.
 */
export class FileCheckpointStore implements CheckpointStore {
  private ready: Promise<unknown> | null = null;

  constructor(readonly dir: string) {}

  fileFor(source: string): string {
    return join(this.dir, checkpointFileName(source));
  }

  async load(source: string): Promise<Checkpoint | null> {
    let text: string;
    try {
      text = await readFile(this.fileFor(source), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    let value: Partial<Checkpoint>;
    try {
      value = JSON.parse(text) as Partial<Checkpoint>;
    } catch {
      // Never start over silently: an operator decides (delete the file to re-read from the oldest reading).
      throw new CorruptCheckpointError(`checkpoint ${this.fileFor(source)} is not valid JSON`);
    }
    if (typeof value.cursor !== 'string' || value.source !== source) {
      throw new CorruptCheckpointError(
        `checkpoint ${this.fileFor(source)} does not hold a cursor for ${source}`,
      );
    }
    return { source, cursor: value.cursor, updatedAt: String(value.updatedAt ?? '') };
  }

  async save(source: string, cursor: string): Promise<Checkpoint> {
    this.ready ??= mkdir(this.dir, { recursive: true });
    await this.ready;
    const checkpoint: Checkpoint = { source, cursor, updatedAt: new Date().toISOString() };
    const target = this.fileFor(source);
    const temp = `${target}.${process.pid}.${randomUUID()}.tmp`;
    try {
      const file = await open(temp, 'w');
      try {
        await file.writeFile(`${JSON.stringify(checkpoint)}\n`, 'utf8');
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temp, target);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
    const dir = await open(this.dir, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
    return checkpoint;
  }
}
