import type { Page, Route } from '@playwright/test';
import { E2E_BASE_URL } from './e2e-env';

declare global {
  interface Window {
    __cityopsCspViolation?: (text: string) => void;
  }
}

/**
 * Collects what the Content-Security-Policy blocked on this page: the `securitypolicyviolation`
 * events of every document, and Chromium's console messages about the policy (a worker's too).
 * Call before the first navigation; read the array at the end.
 */
export async function watchCspViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('__cityopsCspViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cityopsCspViolation?.(
        `${event.effectiveDirective} blocked ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });
  const fromConsole = (text: string) => {
    if (/content security policy/i.test(text)) violations.push(text);
  };
  page.on('console', (message) => fromConsole(message.text()));
  page.on('worker', (worker) => worker.on('console', (message) => fromConsole(message.text())));
  return violations;
}

/**
 * Serves the page's documents with the policy the backend sends when MAPBOX_TOKEN is set (Mapbox's
 * hosts allowed to connect), for a test that fakes that configuration.
 */
export async function allowMapboxInPolicy(page: Page): Promise<void> {
  await page.route(
    (url) =>
      url.origin === new URL(E2E_BASE_URL).origin && !/^\/(api|socket\.io)\//.test(url.pathname),
    async (route: Route) => {
      if (route.request().resourceType() !== 'document') return route.fallback();
      const response = await route.fetch();
      const headers = response.headers();
      headers['content-security-policy'] = (headers['content-security-policy'] ?? '').replace(
        /connect-src ([^;]*)/,
        'connect-src $1 https://*.mapbox.com',
      );
      await route.fulfill({ response, headers });
    },
  );
}
