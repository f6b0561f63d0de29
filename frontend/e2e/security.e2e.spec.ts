import { expect, test } from '@playwright/test';
import { signIn, waitForLayer, ASSET_CIRCLE_LAYERS } from './support/city';
import { watchCspViolations } from './support/csp';

test.use({ viewport: { width: 1600, height: 900 } });

test.describe('Security headers - the console under its Content-Security-Policy', () => {
  test('serves the console with the policy and the other security headers', async ({ page }) => {
    const response = await page.goto('/login');
    const headers = response!.headers();
    const policy = headers['content-security-policy'] ?? '';
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("worker-src 'self' blob:");
    expect(policy).toContain("connect-src 'self' ws: wss:");
    expect(policy).not.toContain('mapbox.com'); // the stack runs without MAPBOX_TOKEN
    expect(policy).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(headers['x-powered-by']).toBeUndefined();
  });

  test('signs in, draws the console and the wall (MapLibre and its worker), and goes live without a violation', async ({
    page,
  }) => {
    const violations = await watchCspViolations(page);
    await signIn(page);
    await expect(page.getByTestId('console')).toBeVisible();
    await waitForLayer(page, ASSET_CIRCLE_LAYERS, 1);
    await page.goto('/wall');
    await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-state', 'connected');
    await waitForLayer(page, ASSET_CIRCLE_LAYERS, 50);
    await expect(page.getByTestId('map-view')).toHaveAttribute('data-engine', 'maplibre');
    expect(violations).toEqual([]);
  });
});
