import { expect, test } from '@playwright/test';
import { signIn, simulator, waitForLayer, ASSET_CIRCLE_LAYERS } from './support/city';
import { allowMapboxInPolicy, watchCspViolations } from './support/csp';

test.use({ viewport: { width: 1920, height: 1080 } });

test.describe('Wall - /wall', () => {
  test.afterEach(async () => {
    await simulator.setIndoorTemp({ sensorId: 'IS-0100' }, null);
  });

  test('draws the 16 districts and the city, flies to a new red incident and drops it when resolved', async ({
    page,
  }, testInfo) => {
    await signIn(page);
    await page.goto('/wall');
    await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-state', 'connected');
    await waitForLayer(page, ASSET_CIRCLE_LAYERS, 50);
    const rendered = await page.evaluate((assetLayers) => {
      const map = window.__cityopsMap!;
      return {
        districts: new Set(
          map.queryRenderedFeatures({ layers: ['districts-fill'] }).map((f) => f.properties?.code),
        ).size,
        assets: map.queryRenderedFeatures({ layers: assetLayers }).length,
      };
    }, ASSET_CIRCLE_LAYERS);
    expect(rendered.districts).toBe(16);
    expect(rendered.assets).toBeGreaterThan(50);
    await page.screenshot({ path: testInfo.outputPath('wall.png') });

    await simulator.setIndoorTemp({ sensorId: 'IS-0100' }, 10.5);
    const red = page.locator('[data-testid="incident-marker"][data-severity="red"]');
    await expect(red).toHaveCount(1, { timeout: 30_000 });
    const id = await red.getAttribute('data-incident-id');
    await expect(page.getByTestId('incident-card')).toHaveAttribute('data-incident-id', id!);
    await expect(
      page.locator('[data-testid="kpi-severity"][data-severity="red"] .severity-tile__count'),
    ).toHaveText('1');
    // The flat's change reached the map as a diff of its source, not as a reload of every asset.
    await expect
      .poll(() => page.evaluate(() => window.__cityopsMapUpdates?.bySource.indoor?.updateData ?? 0))
      .toBeGreaterThan(0);
    await page.waitForTimeout(3_500); // the fly-to
    await page.screenshot({ path: testInfo.outputPath('wall-spotlight.png') });

    await simulator.setIndoorTemp({ sensorId: 'IS-0100' }, null);
    await expect(
      page.locator(`[data-testid="incident-marker"][data-incident-id="${id}"]`),
    ).toHaveCount(0, { timeout: 30_000 });
    await expect(page.getByTestId('incident-card')).toHaveCount(0);
  });

  test('warns that data is stale while the live connection is down', async ({ page }, testInfo) => {
    await signIn(page);
    // Fault injection: the Socket.IO connection is refused; REST still reaches the real backend.
    await page.routeWebSocket(/\/socket\.io\//, (ws) => ws.close());
    await page.goto('/wall');
    await expect(page.getByTestId('stale-banner')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('stale-banner')).toContainText('实时数据已中断');
    await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-state', 'disconnected');
    await waitForLayer(page, ASSET_CIRCLE_LAYERS, 50);
    await page.screenshot({ path: testInfo.outputPath('wall-stale.png') });
  });

  test('switches to Mapbox GL, lazily loaded, when the backend provides a token', async ({
    page,
  }) => {
    const mapboxRequests: string[] = [];
    await page.route(/mapbox\.com/, (route) => {
      mapboxRequests.push(route.request().url());
      return route.abort(); // no network here: only check that the Mapbox renderer is the one asking
    });
    // Fault injection of configuration only: as if the backend had MAPBOX_TOKEN set, which also
    // lets its Content-Security-Policy allow Mapbox's hosts.
    const violations = await watchCspViolations(page);
    await allowMapboxInPolicy(page);
    await page.route('**/api/config', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ mapboxToken: 'pk.test-token', timezone: 'Asia/Shanghai' }),
      }),
    );
    await signIn(page);
    await page.goto('/wall');
    await expect(page.getByTestId('map-view')).toHaveAttribute('data-engine', 'mapbox');
    await expect(page.locator('.mapboxgl-map')).toHaveCount(1);
    await expect(page.locator('.maplibregl-map')).toHaveCount(0);
    await expect.poll(() => mapboxRequests.length).toBeGreaterThan(0);
    // mapbox-gl's blob worker and its requests are within the policy.
    expect(violations).toEqual([]);
  });

  test('draws everything twice as large at 3840×2160, with the new KPI tiles in numbers and units', async ({
    page,
  }, testInfo) => {
    await page.setViewportSize({ width: 3840, height: 2160 });
    await signIn(page);
    await page.goto('/wall');
    await expect(page.getByTestId('wall')).toHaveAttribute('data-scale', '2');
    await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-state', 'connected');
    // The layers, not a count of drawn features: late in a run the simulator keeps opening red and
    // orange incidents, and while the wall spotlights one the map shows a few streets only.
    await waitForLayer(page, ASSET_CIRCLE_LAYERS, 0);

    const domains = page.getByTestId('kpi-domain');
    await expect(domains).toHaveCount(3);
    for (const domain of await domains.all()) await expect(domain).toHaveText(/\d+\s*起$/);
    await expect(page.getByTestId('kpi-indoor-temp-value')).toHaveText(/^\d+\.\d\s*°C$/);
    await expect(page.getByTestId('kpi-rainfall-value')).toHaveText(/^最大\s*\d+\.\d\s*mm\/h$/);
    await expect(page.getByTestId('kpi-overdue-cases-value')).toHaveText(/^\d+\s*件$/);

    // The side columns grew with the scale and the map still holds the centre.
    const [left, map, right] = await Promise.all(
      ['.wall__left', '.wall__map', '.wall__right'].map((selector) =>
        page.locator(selector).boundingBox(),
      ),
    );
    expect(left!.width).toBeGreaterThanOrEqual(640);
    expect(right!.width).toBeGreaterThanOrEqual(720);
    expect(Math.abs(map!.x + map!.width / 2 - 1920)).toBeLessThan(120);
    await page.screenshot({ path: testInfo.outputPath('wall-3840x2160.png') });
  });
});
