import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The checks read the apps' own definitions (env schemas, metric names, InfluxDB schema) from
// their sources, as the backend's tests do: contracts from src, no build needed.
const contracts = fileURLToPath(new URL('../packages/contracts/src/index.ts', import.meta.url));

export default defineConfig({
  resolve: { alias: { '@cityops/contracts': contracts } },
  test: {
    include: ['test/**/*.spec.ts', 'drills/**/*.spec.ts'],
    // docker-compose takes about a second per call, more on a busy machine.
    testTimeout: 30_000,
  },
});
