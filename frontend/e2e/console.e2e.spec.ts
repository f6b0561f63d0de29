import { expect, test } from '@playwright/test';
import type { IncidentWithTimeline } from '@cityops/contracts';
import { apiGet, signIn, simulator } from './support/city';

test.use({ viewport: { width: 1600, height: 900 } });

test.describe('Console - /console', () => {
  test.afterEach(async () => {
    await simulator.setIndoorTemp({ sensorId: 'IS-0150' }, null);
  });

  test('acknowledges and resolves an incident that arrived live', async ({ page }, testInfo) => {
    await signIn(page);
    // As on a desk: the console is live before the flat gets cold (the event is not missed).
    await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-state', 'connected');
    await simulator.setIndoorTemp({ sensorId: 'IS-0150' }, 16.9);
    const row = page.locator('[data-testid="incident-row"]', { hasText: '16.9 °C' });
    await expect(row).toHaveCount(1, { timeout: 30_000 });
    await expect(row).toHaveAttribute('data-severity', 'blue');
    await row.click();

    const detail = page.getByTestId('incident-detail');
    const id = await row.getAttribute('data-incident-id');
    await expect(detail).toHaveAttribute('data-incident-id', id!);
    await expect(page).toHaveURL(new RegExp(`incident=${id}`));
    await expect(detail).toContainText('事件发生');
    await page.getByLabel('处置说明（可选）').fill('已通知供热公司');
    await page.getByTestId('incident-acknowledge').click();
    await expect(row).toHaveAttribute('data-status', 'acknowledged');
    await expect(page.getByTestId('incident-acknowledge')).toBeDisabled();
    await page.screenshot({ path: testInfo.outputPath('console.png') });

    await page.getByTestId('incident-resolve').click();
    await expect(
      page.locator(`[data-testid="incident-row"][data-incident-id="${id}"]`),
    ).toHaveCount(0);
    await expect(
      page.locator(`[data-testid="incident-marker"][data-incident-id="${id}"]`),
    ).toHaveCount(0);

    // The backend recorded who did what.
    const incident = await apiGet<IncidentWithTimeline>(page, `/api/incidents/${id}`);
    expect(incident.status).toBe('resolved');
    expect(incident.timeline.map((e) => [e.type, e.actor])).toEqual([
      ['opened', 'system'],
      ['acknowledged', 'admin'],
      ['resolved', 'admin'],
    ]);
    expect(incident.timeline[1]!.message).toBe('已通知供热公司');
  });
});
