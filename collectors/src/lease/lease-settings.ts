import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { booleanFlag, wholeNumber } from '../lib/env-fields.js';

export interface LeaseSettings {
  /** COLLECTOR_LEASE_ENABLED: a source runs only while this instance holds its lease in Redis. */
  enabled: boolean;
  /** COLLECTOR_LEASE_TTL_MS: how long a lease lasts without renewal. */
  ttlMs: number;
  /** Written into the lease key; the same owner takes its own lease back at once after a restart. */
  owner: string;
}

export const DEFAULT_LEASE_TTL_MS = 15_000;

/** The lease variables, merged into config.ts' environment schema (descriptions: docs/configuration.md). */
export const LEASE_ENV = {
  COLLECTOR_LEASE_ENABLED: booleanFlag
    .default(true)
    .describe(
      'a source runs only while this instance holds its lease in Redis; more instances of one source wait as standbys and take over when the holder stops or loses Redis (a lone instance takes the lease at once)',
    ),
  COLLECTOR_LEASE_TTL_MS: wholeNumber(300, 600_000)
    .default(DEFAULT_LEASE_TTL_MS)
    .describe(
      'lease lifetime: renewed every third of it; a holder that cannot renew for this long stops its sources, and a standby takes over within about this long after a holder died (300 … 600 000)',
    ),
};

/**
 * The owner id in the lease key: COLLECTOR_INSTANCE_ID when it is set, else the host name and the
 * absolute state directory, so two collectors on one host with their own state directories never
 * share an owner, and one restarted on the same host and directory is the same owner again.
 */
export function leaseOwner(
  configuredInstanceId: string | undefined,
  stateDir: string,
  host = hostname(),
): string {
  return configuredInstanceId ?? `${host}:${resolve(stateDir)}`;
}

export function leaseSettings(
  env: { COLLECTOR_LEASE_ENABLED: boolean; COLLECTOR_LEASE_TTL_MS: number },
  owner: string,
): LeaseSettings {
  return { enabled: env.COLLECTOR_LEASE_ENABLED, ttlMs: env.COLLECTOR_LEASE_TTL_MS, owner };
}
