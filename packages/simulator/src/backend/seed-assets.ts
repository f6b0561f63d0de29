import { AssetImportResultSchema, type AssetImportResult } from '@cityops/contracts';
import type { Logger } from '../lib/logger.js';

export interface SeedAssetsOptions {
  backendUrl: string;
  username: string;
  password: string;
  csv: string;
  /** How long to keep trying to log in while the backend starts. */
  waitMs: number;
  retryEveryMs?: number;
  logger: Logger;
}

export class SeedAssetsError extends Error {
  override readonly name = 'SeedAssetsError';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function bodyText(res: Response): Promise<string> {
  return (await res.text().catch(() => '')).slice(0, 500);
}

/** Logs in, retrying while the backend is not up yet (connection refused or 5xx); a refused login fails at once. */
export async function login(options: SeedAssetsOptions): Promise<string> {
  const deadline = Date.now() + options.waitMs;
  const url = new URL('/api/auth/login', options.backendUrl);
  let lastProblem: string;
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: options.username, password: options.password }),
        signal: AbortSignal.timeout(10_000),
      });
      if (res.ok) {
        const body = (await res.json()) as { token?: unknown };
        if (typeof body.token !== 'string')
          throw new SeedAssetsError('login answered without a token');
        return body.token;
      }
      if (res.status < 500) {
        throw new SeedAssetsError(
          `login refused (HTTP ${res.status}): ${await bodyText(res)}; check --username and --password`,
        );
      }
      lastProblem = `HTTP ${res.status}`;
    } catch (err) {
      if (err instanceof SeedAssetsError) throw err;
      lastProblem =
        err instanceof Error
          ? err.cause instanceof Error
            ? err.cause.message
            : err.message
          : String(err);
    }
    if (Date.now() >= deadline) {
      throw new SeedAssetsError(
        `backend at ${options.backendUrl} not reachable after ${Math.round(options.waitMs / 1000)} s: ${lastProblem}`,
      );
    }
    if (attempt === 1)
      options.logger.info('waiting for the backend', { url: url.toString(), problem: lastProblem });
    await sleep(Math.min(options.retryEveryMs ?? 1000, Math.max(0, deadline - Date.now())));
  }
}

/** Rows per upload: well under the backend's 100 000 rows and 50 MB a request. */
export const IMPORT_CHUNK_ROWS = 50_000;

/**
 * Splits a CSV into pieces of at most `rows` data rows, each with the header. Splits at line ends,
 * which is safe for the simulator's own CSV (no field holds a line break).
 */
export function splitCsv(csv: string, rows = IMPORT_CHUNK_ROWS): string[] {
  const [header, ...lines] = csv.replace(/\n$/, '').split('\n');
  if (header === undefined || lines.length === 0) return [csv];
  const chunks: string[] = [];
  for (let i = 0; i < lines.length; i += rows)
    chunks.push(`${[header, ...lines.slice(i, i + rows)].join('\n')}\n`);
  return chunks;
}

async function importChunk(
  options: SeedAssetsOptions,
  token: string,
  csv: string,
): Promise<AssetImportResult> {
  const res = await fetch(new URL('/api/assets/import', options.backendUrl), {
    method: 'POST',
    headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` },
    body: csv,
    signal: AbortSignal.timeout(120_000),
  });
  if (!res.ok)
    throw new SeedAssetsError(`asset import failed (HTTP ${res.status}): ${await bodyText(res)}`);
  const parsed = AssetImportResultSchema.safeParse(await res.json());
  if (!parsed.success) throw new SeedAssetsError('asset import answered in an unexpected shape');
  return parsed.data;
}

/**
 * Loads the simulated city's assets into the backend: login, then POST /api/assets/import as text/csv,
 * in pieces of at most IMPORT_CHUNK_ROWS rows (parents come first in the city's order, so they come
 * first here too). Rejected lines are numbered as in the whole CSV.
 */
export async function seedAssets(
  options: SeedAssetsOptions & { chunkRows?: number },
): Promise<AssetImportResult> {
  const token = await login(options);
  const chunks = splitCsv(options.csv, options.chunkRows);
  const total: AssetImportResult = { imported: 0, rejected: [] };
  let rowsBefore = 0;
  for (const [i, chunk] of chunks.entries()) {
    const result = await importChunk(options, token, chunk);
    total.imported += result.imported;
    total.rejected.push(...result.rejected.map((r) => ({ ...r, line: r.line + rowsBefore })));
    rowsBefore += chunk.split('\n').length - 2;
    if (chunks.length > 1)
      options.logger.info('assets imported', {
        part: i + 1,
        of: chunks.length,
        imported: total.imported,
      });
  }
  return total;
}
