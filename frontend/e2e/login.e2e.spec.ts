import { expect, test } from '@playwright/test';
import { signIn } from './support/city';

test.describe('Login - /login', () => {
  test('shows the sign-in form in Chinese and switches to English', async ({ page }, testInfo) => {
    await page.goto('/login');
    await expect(page.getByRole('heading', { name: '城市运行一网统管' })).toBeVisible();
    await expect(page.getByLabel('用户名')).toBeVisible();
    await expect(page.getByLabel('密码')).toBeVisible();
    await expect(page.getByTestId('login-submit')).toHaveText('登录');
    await page.screenshot({ path: testInfo.outputPath('login-zh.png') });

    await page.getByTestId('locale-switch').click();
    await expect(page.getByLabel('Username')).toBeVisible();
    await expect(page.getByTestId('login-submit')).toHaveText('Sign in');
  });

  test('asks for both fields before calling the server', async ({ page }) => {
    let called = false;
    await page.route('**/api/auth/login', (route) => {
      called = true;
      return route.abort();
    });
    await page.goto('/login');
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('login-error')).toHaveText('请输入用户名和密码');
    expect(called).toBe(false);
  });

  test('says the username or password is wrong when the backend refuses them', async ({ page }) => {
    await page.goto('/login');
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('login-error')).toHaveText('用户名或密码错误');
    await expect(page).toHaveURL(/\/login$/);
  });

  test('says the server cannot be reached when the backend is down, instead of hanging', async ({
    page,
  }, testInfo) => {
    // The network refuses the connection: fetch itself fails.
    await page.route('**/api/**', (route) => route.abort('connectionrefused'));
    await page.goto('/login');
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    const error = page.getByTestId('login-error');
    await expect(error).toContainText('无法连接服务器', { timeout: 5_000 });
    await expect(error).toHaveAttribute('data-kind', 'unreachable');
    await expect(page.getByTestId('login-submit')).toBeEnabled();
    await page.screenshot({ path: testInfo.outputPath('login-unreachable.png') });
  });

  test('says the server cannot be reached when a proxy answers for the stopped backend', async ({
    page,
  }) => {
    // What `vite preview` (or nginx) answers when nothing listens behind it: an error page, not the API's JSON.
    await page.route('**/api/**', (route) =>
      route.fulfill({ status: 502, contentType: 'text/html', body: '<h1>Bad Gateway</h1>' }),
    );
    await page.goto('/login');
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill('secret');
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('login-error')).toContainText('无法连接服务器');
  });

  test('sends a signed-out visitor of a protected page to the login page', async ({ page }) => {
    await page.goto('/console');
    await expect(page).toHaveURL(/\/login$/);
    await page.goto('/no/such/page');
    await expect(page).toHaveURL(/\/login$/);
  });

  test('signs the admin in, lands on the console, and signs out', async ({ page }) => {
    await signIn(page);
    await expect(page.getByTestId('console')).toBeVisible();
    await page.getByTestId('logout').click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto('/console');
    await expect(page).toHaveURL(/\/login$/);
  });
});
