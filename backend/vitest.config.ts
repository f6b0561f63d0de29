import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const contracts = fileURLToPath(new URL('../packages/contracts/src/index.ts', import.meta.url));
const hostile = fileURLToPath(new URL('../packages/hostile/src/index.ts', import.meta.url));

export default defineConfig({
  resolve: { alias: { '@cityops/contracts': contracts, '@cityops/hostile': hostile } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.spec.ts'] },
      },
      {
        // Against the real Redis, InfluxDB and PostgreSQL that deploy/local/services.sh provides.
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.spec.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        // The bad-input corpus (docs/testing.md): every backend entry point on the real services.
        extends: true,
        test: {
          name: 'hostile',
          include: ['test/hostile/**/*.spec.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
