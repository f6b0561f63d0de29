import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database } from './database.js';

/** Small key/value settings kept in the database (shared by every replica). */
@Injectable()
export class SettingsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** Stores value under key unless one is there already; returns the stored value either way. */
  async getOrInsert(key: string, value: string): Promise<string> {
    await this.db.query(
      'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING',
      [key, value],
    );
    const [row] = await this.db.query<{ value: string }>(
      'SELECT value FROM settings WHERE key = $1',
      [key],
    );
    return row!.value;
  }
}
