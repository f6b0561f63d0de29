import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, parse as parseYaml } from 'yaml';

/** The repository root (deploy/test/../..). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const repoPath = (...parts: string[]): string => join(ROOT, ...parts);
export const readRepo = (...parts: string[]): string => readFileSync(repoPath(...parts), 'utf8');
export const existsInRepo = (...parts: string[]): boolean => existsSync(repoPath(...parts));

export type Doc = Record<string, unknown>;

/** Every YAML document in a file, empty ones left out; a syntax error fails the test with the file's name. */
export function loadYamlDocs(path: string): Doc[] {
  const docs = parseAllDocuments(readFileSync(path, 'utf8'));
  const out: Doc[] = [];
  for (const doc of docs) {
    if (doc.errors.length)
      throw new Error(`${relative(ROOT, path)}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value = doc.toJS({ maxAliasCount: 1000 }) as unknown;
    if (value !== null && value !== undefined) out.push(value as Doc);
  }
  return out;
}

export function loadYaml(path: string): Doc {
  return parseYaml(readFileSync(path, 'utf8'), { maxAliasCount: 1000 }) as Doc;
}

/** Files under a repo directory (recursive), as repo-relative paths. */
export function listFiles(dir: string, keep: (path: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (abs: string) => {
    for (const name of readdirSync(abs)) {
      if (name === 'node_modules' || name === 'dist') continue;
      const full = join(abs, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (keep(full)) out.push(relative(ROOT, full));
    }
  };
  walk(repoPath(dir));
  return out.sort();
}

/** The `scripts` of a workspace's package.json. */
export function packageScripts(dir: string): Record<string, string> {
  const pkg = JSON.parse(readRepo(dir, 'package.json')) as { scripts?: Record<string, string> };
  return pkg.scripts ?? {};
}

/** Value looks like a real secret rather than a placeholder (empty, CHANGE_ME, change-me…). */
export function looksLikeRealSecret(value: string): boolean {
  if (value === '') return false;
  return !/change[-_]?me/i.test(value);
}

/** The password of a URL, or null. */
export function urlPassword(value: string): string | null {
  if (!URL.canParse(value)) return null;
  const password = new URL(value).password;
  return password === '' ? null : decodeURIComponent(password);
}
