import { EnvSchema } from '../../backend/src/config/app-config.js';
import { CONFIG_VARIABLES } from '../../collectors/src/config.js';
import { readRepo } from './repo.js';

/** Every variable the backend (API and worker) reads: its one env schema. */
export const BACKEND_ENV: ReadonlySet<string> = new Set(Object.keys(EnvSchema.shape));

/** Every variable the collectors read. */
export const COLLECTOR_ENV: ReadonlySet<string> = new Set(CONFIG_VARIABLES);

/** Every variable the simulator's CLI reads (`env.NAME` in its source). */
export const SIMULATOR_ENV: ReadonlySet<string> = new Set(
  [...readRepo('packages/simulator/src/cli.ts').matchAll(/\benv\.([A-Z][A-Z0-9_]*)/g)].map(
    (m) => m[1]!,
  ),
);
