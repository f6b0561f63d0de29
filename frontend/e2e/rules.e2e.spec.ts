import { expect, test } from '@playwright/test';
import { signIn } from './support/city';

test.use({ viewport: { width: 1600, height: 900 } });

test.describe('Admin - rules and backtests', () => {
  test('an admin opens a default rule and backtests it over the last 24 h', async ({
    page,
  }, testInfo) => {
    await signIn(page);
    await page.getByTestId('nav-rules').click();
    await expect(page).toHaveURL(/\/admin\/rules$/);
    await expect(page.getByTestId('admin-rules')).toBeVisible();

    // The default pack is seeded on first start: the underpass depth rule is in the list.
    const row = page.locator('[data-testid="rule-row"][data-id="underpass-depth"]');
    await expect(row).toBeVisible();
    await row.getByTestId('rule-open').click();
    await expect(page).toHaveURL(/\/admin\/rules\?rule=underpass-depth$/);

    const editor = page.getByTestId('rule-editor');
    await expect(editor).toHaveAttribute('data-id', 'underpass-depth');
    await expect(page.getByTestId('rule-json')).toHaveValue(/"type": "threshold"/);
    await expect(page.getByTestId('rule-valid')).toBeVisible();

    // A broken edit is refused live, with the path in Chinese; reverting makes it valid again.
    const original = await page.getByTestId('rule-json').inputValue();
    await page
      .getByTestId('rule-json')
      .fill(original.replace('"direction": "above"', '"direction": "up"'));
    await expect(page.getByTestId('rule-problems')).toContainText('direction');
    await expect(page.getByTestId('rule-problems')).toContainText('应为以下之一');
    await expect(page.getByTestId('rule-save')).toBeDisabled();
    await page.getByTestId('rule-revert').click();
    await expect(page.getByTestId('rule-valid')).toBeVisible();

    // The stored rule over the last 24 hours: short windows answer at once, done.
    await expect(page.getByTestId('backtest-source')).toContainText('已保存');
    await page.getByTestId('backtest-last-24h').click();
    await page.getByTestId('backtest-run').click();
    const status = page.getByTestId('backtest-status');
    await expect(status).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
    await expect(page.getByTestId('backtest-progress')).toHaveAttribute('value', '1');
    await expect(page.getByTestId('backtest-error')).toHaveCount(0);
    await expect(page.getByTestId('backtest-summary')).toBeVisible();

    // The simulated city may or may not have flooded an underpass today: either the timeline and
    // its incidents, or the empty note.
    await expect(page.getByTestId('backtest-table')).toBeVisible();
    const incidents = await page.getByTestId('backtest-incident').count();
    if (incidents > 0) {
      await expect(page.getByTestId('backtest-chart')).toHaveAttribute('data-rendered', 'true');
    } else {
      await expect(page.getByTestId('backtest-empty')).toContainText('不会产生事件');
      await expect(page.getByTestId('backtest-chart')).toHaveCount(0);
    }
    await page.screenshot({
      path: testInfo.outputPath('admin-rules-backtest.png'),
      fullPage: true,
    });
  });
});
