/** Variables whose whole value is a secret. */
const SECRET_VARIABLES = ['AUTH_SECRET', 'ADMIN_PASSWORD', 'SMS_GATEWAY_AUTH'];
/** URL variables whose password part is a secret. */
const URL_VARIABLES = ['REDIS_URL', 'INFLUX_URL', 'DATABASE_URL', 'SMTP_URL'];
/** Shorter values would blank out ordinary words; no configured secret is this short. */
const MIN_LENGTH = 6;

/**
 * The configured secrets, as they could appear in a message: whole values, the credential of an
 * `Authorization` value, URL passwords (as written and decoded). Longest first, for redactSecrets.
 * Reads the raw environment or the parsed configuration alike (the same names).
 */
export function secretValuesOf(env: Readonly<Record<string, unknown>>): string[] {
  const values = new Set<string>();
  const add = (value: string) => {
    if (value.length >= MIN_LENGTH) values.add(value);
  };
  for (const name of SECRET_VARIABLES) {
    const value = env[name];
    if (typeof value !== 'string') continue;
    add(value);
    add(value.replace(/^(Bearer|Basic|Token)\s+/i, ''));
  }
  for (const name of URL_VARIABLES) {
    const value = env[name];
    if (typeof value !== 'string') continue;
    const password = /^[a-z][a-z0-9+.-]*:\/\/[^/?#@:]*:([^/?#]*)@/i.exec(value)?.[1];
    if (!password) continue;
    add(password);
    try {
      add(decodeURIComponent(password));
    } catch {
      // not valid percent-encoding: the raw form is all there is
    }
  }
  return [...values].sort((a, b) => b.length - a.length);
}

export const REDACTED = '[redacted]';

/** The text with every secret replaced by "[redacted]". */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets)
    if (result.includes(secret)) result = result.split(secret).join(REDACTED);
  return result;
}
