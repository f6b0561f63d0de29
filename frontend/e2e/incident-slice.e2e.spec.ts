import { expect, test } from '@playwright/test';
import type { IncidentWithTimeline } from '@cityops/contracts';
import { apiGet, signIn, simulator, waitForLayer, ASSET_CIRCLE_LAYERS } from './support/city';

test.use({ viewport: { width: 1920, height: 1080 } });

/**
 * The foundation slice, end to end on real services: simulator (heating HTTP pull) → collector →
 * InfluxDB and the telemetry queue → rule evaluation → incident in the database → REST and
 * Socket.IO → the marker on the MapLibre map and the row in the list.
 */
test.describe('A cold station reaches the map - simulator to console', () => {
  test.afterEach(async () => {
    await simulator.setIndoorTemp({ stationId: 'ST-0010' }, null);
  });

  test("shows an orange incident marker and list row when a station's flats drop below 18 °C", async ({
    page,
  }, testInfo) => {
    await signIn(page);
    await waitForLayer(page, ASSET_CIRCLE_LAYERS, 50);
    const before = await page.getByTestId('incident-row').count();

    const sensorIds = await simulator.setIndoorTemp({ stationId: 'ST-0010' }, 15.2);
    expect(sensorIds.length).toBeGreaterThan(0);

    const marker = page.locator(`[data-testid="incident-marker"][data-severity="orange"]`);
    await expect(marker).toHaveCount(sensorIds.length, { timeout: 30_000 });
    await expect(page.getByTestId('incident-row')).toHaveCount(before + sensorIds.length);
    const row = page.locator('[data-testid="incident-row"][data-severity="orange"]').first();
    await expect(row).toContainText('15.2 °C，低于 18 °C');

    // The marker sits where the backend says the sensor is.
    const incidentId = await marker.first().getAttribute('data-incident-id');
    const incident = await apiGet<IncidentWithTimeline>(page, `/api/incidents/${incidentId}`);
    expect(sensorIds).toContain(incident.assetId);
    expect(incident).toMatchObject({
      severity: 'orange',
      status: 'open',
      domain: 'heating',
      ruleId: 'indoor-temp-low',
    });
    expect(incident.timeline[0]).toMatchObject({ type: 'opened', actor: 'system' });
    await page.waitForTimeout(800); // a representative frame of the pulse animation
    await page.screenshot({ path: testInfo.outputPath('slice-incident.png') });

    // Warm again: the incidents resolve and the markers leave the map.
    await simulator.setIndoorTemp({ stationId: 'ST-0010' }, null);
    await expect(marker).toHaveCount(0, { timeout: 30_000 });
  });
});
