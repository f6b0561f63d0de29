import { isIP } from 'node:net';
import { z } from 'zod';

/** Express's names for address ranges (`trust proxy`). */
const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/** Express's `trust proxy` setting: every proxy, none, a hop count, or the trusted addresses. */
export type TrustProxy = boolean | number | string[];

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/**
 * `TRUST_PROXY`: `true`, `false`, a hop count, or comma-separated addresses, subnets (CIDR) and
 * Express's named ranges (`loopback`, `linklocal`, `uniquelocal`).
 */
export function parseTrustProxy(text: string): ParseResult<TrustProxy> {
  const value = text.trim();
  if (value === 'true') return { ok: true, value: true };
  if (value === 'false') return { ok: true, value: false };
  if (/^\d{1,2}$/.test(value)) return { ok: true, value: Number(value) };
  const entries = value.split(',').map((entry) => entry.trim());
  const problems = entries
    .filter((entry) => !isTrustedRange(entry))
    .map((entry) => `"${entry}" is not an address, a subnet or one of ${NAMED_RANGES.join(', ')}`);
  return problems.length ? { ok: false, problems } : { ok: true, value: entries };
}

function isTrustedRange(entry: string): boolean {
  if (NAMED_RANGES.includes(entry)) return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * `CORS_ORIGINS`: comma-separated origins (`https://ops.example.cn`, `http://localhost:5173`), each
 * exactly a scheme, host and optional port. Empty: none (same-origin only).
 */
export function parseOrigins(text: string): ParseResult<string[]> {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const problems: string[] = [];
  const origins: string[] = [];
  for (const entry of entries) {
    let origin: string | null = null;
    try {
      const url = new URL(entry);
      if (['http:', 'https:'].includes(url.protocol) && url.origin === entry.replace(/\/$/, ''))
        origin = url.origin;
    } catch {
      origin = null;
    }
    if (origin) origins.push(origin);
    else problems.push(`"${entry}" is not an origin like https://ops.example.cn (no path, no *)`);
  }
  return problems.length ? { ok: false, problems } : { ok: true, value: [...new Set(origins)] };
}

const parsed =
  <T>(parse: (text: string) => ParseResult<T>) =>
  (text: string, ctx: z.RefinementCtx): T => {
    const result = parse(text);
    if (result.ok) return result.value;
    for (const problem of result.problems) ctx.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  };

/**
 * Sign-in throttling, CORS, proxies and HSTS (docs/security.md); part of the backend's EnvSchema.
 * Each description is the variable's line in docs/configuration.md.
 */
export const securityEnv = {
  LOGIN_MAX_FAILURES: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000)
    .default(5)
    .describe('failed sign-ins for one username within the window that lock it'),
  LOGIN_FAILURE_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(86_400)
    .default(900)
    .describe('the window failed sign-ins are counted in, per username and per client address'),
  LOGIN_LOCKOUT_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(86_400)
    .default(900)
    .describe(
      'how long a locked username stays locked (refused with the same 401 as a wrong password)',
    ),
  LOGIN_IP_MAX_FAILURES: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(50)
    .describe(
      'failed sign-ins from one client address (an IPv6 /64) within the window before its sign-ins get 429 until the window ends',
    ),
  CORS_ORIGINS: z
    .string()
    .max(4_000)
    .default('')
    .transform(parsed(parseOrigins))
    .describe(
      "comma-separated browser origins besides the API's own that may call REST and Socket.IO (`https://ops.example.cn`), each a scheme, host and optional port; empty: none (same-origin only)",
    ),
  TRUST_PROXY: z
    .string()
    .max(1_000)
    .default('loopback')
    .transform(parsed(parseTrustProxy))
    .describe(
      'proxies whose `X-Forwarded-For` / `-Proto` count (client address, HTTPS): `true`, `false`, a hop count, or comma-separated addresses, subnets, `loopback`, `linklocal`, `uniquelocal`',
    ),
  HSTS_MAX_AGE_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(63_072_000)
    .default(15_552_000)
    .describe(
      '`Strict-Transport-Security` max-age on answers over HTTPS (the default is 180 days); `0`: not sent',
    ),
};
