import { expect, test, type Page } from '@playwright/test';
import { apiGet, signIn, simulator } from './support/city';

test.use({ viewport: { width: 1600, height: 900 } });

/** The signed-in page's access token (for setting up through the API). */
async function tokenOf(page: Page): Promise<string> {
  const token = await page.evaluate(
    () => (JSON.parse(localStorage.getItem('cityops.session') ?? '{}') as { token?: string }).token,
  );
  expect(token, 'the page is signed in').toBeTruthy();
  return token!;
}

test.describe('Admin - silences, asset import, quarantine', () => {
  test('an operator silences a district and ends the silence', async ({
    page,
    browser,
  }, testInfo) => {
    // An operator with a chosen password (no change required), made by the admin through the API.
    const username = `e2e-sil-${Date.now().toString(36)}`;
    const password = 'haihe-bridge-2026';
    await signIn(page);
    const created = await page.request.post('/api/users', {
      headers: { authorization: `Bearer ${await tokenOf(page)}` },
      data: { username, role: 'operator', password },
    });
    expect(created.status()).toBe(201);

    const context = await browser.newContext();
    const operator = await context.newPage();
    await operator.goto('/login');
    await operator.getByTestId('login-username').fill(username);
    await operator.getByTestId('login-password').fill(password);
    await operator.getByTestId('login-submit').click();
    await expect(operator).toHaveURL(/\/console$/);
    await expect(operator.getByTestId('nav-assets')).toHaveCount(0);
    await expect(operator.getByTestId('nav-users')).toHaveCount(0);
    await operator.getByTestId('nav-silences').click();
    await expect(operator).toHaveURL(/\/admin\/silences$/);
    await expect(operator.getByTestId('silence-table')).toBeVisible();

    // Without a matcher the form refuses in Chinese before anything is sent.
    await operator.getByTestId('silence-create-reason').fill('e2e 管网抢修');
    await operator.getByTestId('silence-create-submit').click();
    await expect(operator.getByTestId('silence-create-matchers-error')).toContainText(
      '至少指定一个匹配条件',
    );

    const reason = `e2e 和平区管网抢修 ${Date.now().toString(36)}`;
    await operator.getByTestId('silence-create-district').selectOption('120101');
    await operator.getByTestId('silence-create-reason').fill(reason);
    await operator.getByTestId('silence-create-submit').click();
    await expect(operator.getByTestId('silence-create-error')).toHaveCount(0);
    const row = operator.locator('[data-testid="silence-row"]', { hasText: reason });
    await expect(row).toHaveAttribute('data-state', 'active');
    await expect(row).toContainText('和平区');
    await operator.screenshot({ path: testInfo.outputPath('admin-silences.png') });

    operator.once('dialog', (dialog) => void dialog.accept());
    await row.getByTestId('silence-expire').click();
    await expect(row).toHaveAttribute('data-state', 'expired');
    await expect(row.getByTestId('silence-expire')).toHaveCount(0);

    // The state filter lives in the URL.
    await operator.getByTestId('silence-state-expired').click();
    await expect(operator).toHaveURL(/\/admin\/silences\?state=expired$/);
    await expect(row).toBeVisible();
    await context.close();
  });

  test('an admin imports a CSV with one good and one bad row and sees the one rejected row', async ({
    page,
  }, testInfo) => {
    const id = `e2e-hs-${Date.now().toString(36)}`;
    const csv = [
      'id,domain,kind,name,district,lng,lat,parentId',
      `${id},heating,heat_station,e2e 换热站,120101,117.20,39.12,`,
      `${id}-far,heating,heat_station,e2e 远方换热站,,100.0,20.0,`,
    ].join('\n');
    await signIn(page);
    await page.getByTestId('nav-assets').click();
    await expect(page).toHaveURL(/\/admin\/assets$/);

    await page.getByTestId('asset-import-file').setInputFiles({
      name: 'e2e-assets.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf8'),
    });
    await page.getByTestId('asset-import-submit').click();
    const result = page.getByTestId('asset-import-result');
    await expect(result).toBeVisible();
    await expect(result).toHaveAttribute('data-imported', '1');
    const rejected = page.getByTestId('asset-import-rejected-row');
    await expect(rejected).toHaveCount(1);
    await expect(rejected).toHaveAttribute('data-line', '3');
    await expect(rejected).toContainText('不在天津市范围内');
    await page.screenshot({ path: testInfo.outputPath('admin-assets.png') });

    const download = page.waitForEvent('download');
    await page.getByTestId('asset-import-rejected-download').click();
    expect((await download).suggestedFilename()).toBe('e2e-assets-rejected.csv');
  });

  test('the quarantine page lists entries, filters in the URL, and shows a payload', async ({
    page,
  }, testInfo) => {
    // Spoiled readings and broken cases from the simulator fill the quarantine.
    await simulator.post('/control/scenario', { name: 'bad_data', on: true, share: 0.05 });
    try {
      await signIn(page);
      await expect
        .poll(
          async () =>
            (await apiGet<{ items: unknown[] }>(page, '/api/quarantine?limit=1')).items.length,
          { timeout: 60_000 },
        )
        .toBeGreaterThan(0);
    } finally {
      await simulator.post('/control/scenario', { name: 'bad_data', on: false });
    }
    await page.getByTestId('nav-quarantine').click();
    await expect(page).toHaveURL(/\/admin\/quarantine$/);
    await expect(page.getByTestId('quarantine-table')).toBeVisible();
    const rows = page.getByTestId('quarantine-row');
    await expect(rows.first()).toBeVisible();

    const reason = await rows.first().getAttribute('data-reason');
    await page.getByTestId('quarantine-filter-reason').selectOption(reason!);
    await page.getByTestId('quarantine-apply').click();
    await expect(page).toHaveURL(new RegExp(`reason=${reason}`));
    await expect(rows.first()).toHaveAttribute('data-reason', reason!);

    await rows.first().getByTestId('quarantine-toggle').click();
    await expect(page.getByTestId('quarantine-payload').first()).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('admin-quarantine.png') });

    const download = page.waitForEvent('download');
    await page.getByTestId('quarantine-export').click();
    expect((await download).suggestedFilename()).toBe('quarantine.csv');
  });
});
