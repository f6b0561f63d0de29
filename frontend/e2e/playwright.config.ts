import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { E2E_BASE_URL } from './support/e2e-env';

const frontendDir = fileURLToPath(new URL('..', import.meta.url));

/**
 * End-to-end tests drive Debian's Chromium (never `npx playwright install`) against the real stack:
 * the global setup starts the simulator, the backend serving the built console, and the collectors
 * (deploy/local/stack.mjs) on Redis and InfluxDB from deploy/local/services.sh. Build first
 * (`npm run build`); `npm test` does.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.e2e.spec.ts',
  outputDir: `${frontendDir}test-results`,
  globalSetup: './support/global-setup.ts',
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: [['list']],
  use: {
    baseURL: E2E_BASE_URL,
    screenshot: 'on',
    trace: 'retain-on-failure',
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--use-angle=swiftshader',
        '--enable-unsafe-swiftshader',
      ],
    },
  },
});
