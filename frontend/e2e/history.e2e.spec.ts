import { readFile } from 'node:fs/promises';
import { type Page, expect, test } from '@playwright/test';
import {
  INCIDENT_CSV_HEADER,
  type Incident,
  type IncidentPage,
  parseCsv,
} from '@cityops/contracts';
import { signIn, simulator } from './support/city';

test.use({ viewport: { width: 1600, height: 1000 }, acceptDownloads: true });

const SENSOR = 'IS-0160';

/** A call to the backend with the signed-in user's token; fails the test on anything but 200. */
async function api<T>(page: Page, token: string, method: 'GET' | 'POST', path: string): Promise<T> {
  const response = await page.request.fetch(path, {
    method,
    headers: { authorization: `Bearer ${token}` },
    ...(method === 'POST' ? { data: {} } : {}),
  });
  expect(response.status(), `${method} ${path}`).toBe(200);
  return (await response.json()) as T;
}

/** How many pixels of the chart's canvas are drawn on (not transparent). */
function drawnPixels(page: Page, testId: string): Promise<number> {
  return page.getByTestId(testId).evaluate((element) => {
    const canvas = element.querySelector('canvas');
    const context = canvas?.getContext('2d');
    if (!canvas || !context || canvas.width === 0 || canvas.height === 0) return 0;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let drawn = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) drawn++;
    return drawn;
  });
}

test.describe('History - /history', () => {
  test.afterEach(async () => {
    await simulator.setIndoorTemp({ sensorId: SENSOR }, null);
  });

  test('lists, filters, charts and exports incidents handled earlier', async ({
    page,
  }, testInfo) => {
    await signIn(page);
    // Straight on from the desk (its map keeps a software-rendered browser busy).
    await page.goto('/history');
    await expect(page.getByTestId('nav-history')).toHaveAttribute('aria-current', 'page');
    const token = await page.evaluate(
      () =>
        (JSON.parse(localStorage.getItem('cityops.session') ?? '{}') as { token: string }).token,
    );

    // An incident from the simulated city, acknowledged and resolved by admin through the API.
    await simulator.setIndoorTemp({ sensorId: SENSOR }, 16.8);
    let incident: Incident | undefined;
    await expect
      .poll(
        async () => {
          const { items } = await api<IncidentPage>(
            page,
            token,
            'GET',
            '/api/incidents?status=open&domain=heating&limit=500',
          );
          incident = items.find((i) => i.assetId === SENSOR);
          return incident?.id;
        },
        { timeout: 30_000, message: `an incident for ${SENSOR}` },
      )
      .toBeTruthy();
    const id = incident!.id;
    await api(page, token, 'POST', `/api/incidents/${id}/acknowledge`);
    const resolved = await api<Incident>(page, token, 'POST', `/api/incidents/${id}/resolve`);
    expect(resolved).toMatchObject({ acknowledgedBy: 'admin', resolvedBy: 'admin' });

    // The page shows it once it reads again.
    await page.reload();
    const row = page.locator(`[data-testid="history-row"][data-incident-id="${id}"]`);
    await expect(row).toBeVisible();
    await expect(row).toHaveAttribute('data-status', 'resolved');
    await expect(row).toContainText('确认 admin · 解除 admin');
    await expect(row).toContainText(resolved.title);
    await expect(page.getByTestId('history-kpi-count')).not.toContainText('—');

    // Charts draw on their canvases.
    for (const chart of ['history-chart-daily', 'history-chart-domain', 'history-chart-district']) {
      await expect(page.getByTestId(chart)).toHaveAttribute('data-rendered', 'true');
      await expect.poll(() => drawnPixels(page, chart), { message: chart }).toBeGreaterThan(500);
    }

    // Filtering by domain changes the URL and the rows, and survives a reload.
    await page.getByTestId('history-filter-domain-heating').click();
    await expect(page).toHaveURL(/[?&]domain=heating(&|$)/);
    await expect(row).toBeVisible();
    const domains = page.locator('[data-testid="history-row"]');
    await expect
      .poll(async () => [
        ...new Set(
          await domains.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-domain'))),
        ),
      ])
      .toEqual(['heating']);
    await page.reload();
    await expect(page.getByTestId('history-filter-domain-heating')).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await expect(row).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('history.png'), fullPage: true });

    await page.getByTestId('history-filter-domain-heating').click();
    await page.getByTestId('history-filter-domain-waterlogging').click();
    await expect(page).toHaveURL(/[?&]domain=waterlogging(&|$)/);
    await expect(row).toHaveCount(0);
    await expect
      .poll(async () =>
        domains.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-domain'))),
      )
      .not.toContain('heating');

    // The CSV export of the heating view: BOM, header, and the incident with who handled it.
    await page.getByTestId('history-filter-domain-waterlogging').click();
    await page.getByTestId('history-filter-domain-heating').click();
    await expect(row).toBeVisible();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('history-export').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^incidents-\d{8}-\d{4}\.csv$/);
    const bytes = await readFile(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...records] = parseCsv(bytes.toString('utf8'));
    expect(header!.fields).toEqual([...INCIDENT_CSV_HEADER]);
    const record = records.find((r) => r.fields[0] === id);
    expect(record, 'the incident is exported').toBeTruthy();
    const cell = (column: (typeof INCIDENT_CSV_HEADER)[number]) =>
      record!.fields[INCIDENT_CSV_HEADER.indexOf(column)];
    expect(cell('domain')).toBe('heating');
    expect(cell('assetId')).toBe(SENSOR);
    expect(cell('status')).toBe('resolved');
    expect(cell('acknowledgedBy')).toBe('admin');
    expect(cell('resolvedBy')).toBe('admin');
    expect(cell('openedAt')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(
      records.every((r) => r.fields[INCIDENT_CSV_HEADER.indexOf('domain')] === 'heating'),
    ).toBe(true);
    await expect(page.getByTestId('history-export-result')).toHaveAttribute(
      'data-truncated',
      'false',
    );

    // The printable handover of a shift around it lists it too (times are Shanghai wall clock).
    await expect(page.getByTestId('history-handover')).toHaveAttribute('href', '/history/handover');
    const local = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16);
    const opened = Date.parse(resolved.openedAt);
    await page.goto(
      `/history/handover?from=${local(opened - 3_600_000)}&to=${local(opened + 3_600_000)}`,
    );
    await expect(page.getByTestId('handover-report')).toBeVisible();
    await expect(
      page.locator(
        `[data-testid="handover-shift-incidents"] [data-testid="handover-row"][data-incident-id="${id}"]`,
      ),
    ).toBeVisible();
    // On paper: no toolbar or navigation.
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByTestId('handover-print')).toBeHidden();
    await page.screenshot({ path: testInfo.outputPath('handover-print.png'), fullPage: true });
  });
});
