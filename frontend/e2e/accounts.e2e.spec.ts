import { expect, test } from '@playwright/test';
import { signIn } from './support/city';

test.use({ viewport: { width: 1600, height: 900 } });

test.describe('Accounts - users, first sign-in password change, display tokens', () => {
  test('an admin creates an operator with a generated password; the operator must change it first', async ({
    page,
    browser,
  }, testInfo) => {
    const username = `e2e-op-${Date.now().toString(36)}`;
    await signIn(page);
    await page.getByTestId('nav-users').click();
    await expect(page).toHaveURL(/\/admin\/users$/);
    await expect(page.getByTestId('user-table')).toBeVisible();

    await page.getByTestId('user-create-username').fill(username);
    await page.getByTestId('user-create-role').selectOption('operator');
    await page.getByTestId('user-create-submit').click();
    const generated = page.getByTestId('generated-password');
    await expect(generated).toBeVisible();
    const password = await generated.inputValue();
    expect(password.length).toBeGreaterThanOrEqual(10);
    const row = page.locator(`[data-testid="user-row"][data-username="${username}"]`);
    await expect(row).toContainText('调度员');
    await expect(row).toContainText('是'); // must change password
    await page.screenshot({ path: testInfo.outputPath('admin-users.png') });

    const operatorContext = await browser.newContext();
    const operator = await operatorContext.newPage();
    await operator.goto('/login');
    await operator.getByTestId('login-username').fill(username);
    await operator.getByTestId('login-password').fill(password);
    await operator.getByTestId('login-submit').click();
    await expect(operator).toHaveURL(/\/password$/);
    await operator.goto('/console');
    await expect(operator).toHaveURL(/\/password$/); // every route leads here until changed

    await operator.getByTestId('password-current').fill(password);
    await operator.getByTestId('password-new').fill('short');
    await expect(operator.getByTestId('password-feedback')).toContainText('至少 10 个字符');
    const next = 'haihe-river-2026';
    await operator.getByTestId('password-new').fill(next);
    await operator.getByTestId('password-confirm').fill(next);
    await expect(operator.getByTestId('password-feedback')).toHaveAttribute('data-ok', 'true');
    await operator.screenshot({ path: testInfo.outputPath('password-change.png') });
    await operator.getByTestId('password-submit').click();
    await expect(operator).toHaveURL(/\/console$/);
    await expect(operator.getByTestId('console')).toBeVisible();
    await expect(operator.getByTestId('nav-users')).toHaveCount(0);
    await operatorContext.close();

    await page.reload();
    await expect(row).toContainText('否');
  });

  test('an admin creates a display token; its wall link opens the wall; revoking it signs the wall out', async ({
    page,
    browser,
  }, testInfo) => {
    const name = `e2e 大屏 ${Date.now().toString(36)}`;
    await signIn(page);
    await page.getByTestId('nav-tokens').click();
    await expect(page).toHaveURL(/\/admin\/tokens$/);

    await page.getByTestId('token-create-kind').selectOption('display');
    await page.getByTestId('token-create-name').fill(name);
    await page.getByTestId('token-create-submit').click();
    const link = await page.getByTestId('wall-link').inputValue();
    expect(link).toMatch(/\/wall#display=.+/);
    await expect(page.getByTestId('token-secret')).toBeVisible();
    const row = page.locator('[data-testid="token-row"]', { hasText: name });
    await expect(row).toHaveAttribute('data-status', 'active');
    await page.screenshot({ path: testInfo.outputPath('admin-tokens.png') });

    const wallContext = await browser.newContext();
    const wall = await wallContext.newPage();
    await wall.goto(link);
    await expect(wall.getByTestId('wall')).toBeVisible();
    await expect(wall).toHaveURL(/\/wall$/); // the fragment (the secret) is gone from the address
    await expect(wall.getByTestId('live-indicator')).toHaveAttribute('data-state', 'connected');
    await expect(wall.getByTestId('nav-console')).toHaveCount(0);
    await wall.goto('/console');
    await expect(wall).toHaveURL(/\/wall$/);

    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByTestId('token-revoke').click();
    await expect(row).toHaveAttribute('data-status', 'revoked');

    // Its next request is refused: the display session ends (the live connection, closed by the
    // backend, is refused on reconnection too).
    await wall.reload();
    await expect(wall).toHaveURL(/\/login$/, { timeout: 30_000 });
    await wallContext.close();
  });
});
