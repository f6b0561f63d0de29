import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support/city';

test.use({ viewport: { width: 1600, height: 900 } });

/** The signed-in page's access token (for setting up through the API). */
async function tokenOf(page: Page): Promise<string> {
  const token = await page.evaluate(
    () => (JSON.parse(localStorage.getItem('cityops.session') ?? '{}') as { token?: string }).token,
  );
  expect(token, 'the page is signed in').toBeTruthy();
  return token!;
}

/** An instant as the `datetime-local` text of Tianjin (what the override form takes). */
function tianjinInput(at: number): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

test.describe('Admin - on-call schedules', () => {
  test('an admin sees who is on call and adds an override for the next hour', async ({
    page,
  }, testInfo) => {
    const suffix = Date.now().toString(36);
    const teamId = `e2e-oc-${suffix}`;
    const scheduleId = `e2e-oc-primary-${suffix}`;
    const [first, second] = [`e2e-oc-a-${suffix}`, `e2e-oc-b-${suffix}`];
    await signIn(page);
    const headers = { authorization: `Bearer ${await tokenOf(page)}` };

    const team = await page.request.post('/api/oncall/teams', {
      headers,
      data: {
        id: teamId,
        name: `e2e 供热抢修组 ${suffix}`,
        members: [
          { id: first, displayName: '张三', contacts: [{ kind: 'sms', phone: '+8613800000001' }] },
          { id: second, displayName: '李四', contacts: [{ kind: 'wecom', userId: 'lisi' }] },
        ],
      },
    });
    expect(team.status()).toBe(201);
    // One rotation of 张三 alone, started a week ago: 张三 is on call until someone overrides.
    const weekAgo = tianjinInput(Date.now() - 7 * 86_400_000).slice(0, 10);
    const schedule = await page.request.post('/api/oncall/schedules', {
      headers,
      data: {
        id: scheduleId,
        teamId,
        name: 'e2e 主班',
        layers: [
          {
            name: '主班',
            rotation: { type: 'daily', handoffTime: '08:00', startsAt: weekAgo, members: [first] },
          },
        ],
      },
    });
    expect(schedule.status()).toBe(201);

    await page.getByTestId('nav-oncall').click();
    await expect(page).toHaveURL(/\/admin\/oncall$/);
    await expect(page.getByTestId('admin-oncall')).toBeVisible();

    // Who is on call now: 张三, from the layer; contacts by kind only (never the phone number).
    const nowTeam = page.locator(`[data-testid="oncall-now-team"][data-id="${teamId}"]`);
    const shift = nowTeam.locator(
      `[data-testid="oncall-now-shift"][data-schedule="${scheduleId}"]`,
    );
    await expect(shift).toHaveAttribute('data-member', first);
    await expect(shift).toHaveAttribute('data-source', 'layer');
    await expect(shift).toContainText('张三');
    await expect(shift).toContainText('主班');
    await expect(page.getByTestId('admin-oncall')).not.toContainText('+8613800000001');

    // The strip: today marked, 张三's blocks on the layer's row, no override yet.
    const card = page.locator(`[data-testid="oncall-schedule"][data-id="${scheduleId}"]`);
    await expect(card.getByTestId('oncall-strip-today')).toHaveCount(1);
    await expect(
      card.locator(`[data-testid="oncall-strip-block"][data-kind="layer"][data-member="${first}"]`),
    ).not.toHaveCount(0);
    await expect(
      card.locator('[data-testid="oncall-strip-block"][data-kind="override"]'),
    ).toHaveCount(0);

    // 李四 takes the next hour.
    const start = Date.now();
    const reason = `e2e 换班 ${suffix}`;
    await card.getByTestId('override-create-member').selectOption(second);
    await card.getByTestId('override-create-from').fill(tianjinInput(start));
    await card.getByTestId('override-create-to').fill(tianjinInput(start + 3_600_000));
    await card.getByTestId('override-create-reason').fill(reason);
    await card.getByTestId('override-create-submit').click();
    await expect(card.getByTestId('override-create-error')).toHaveCount(0);

    await expect(
      card.locator('[data-testid="oncall-override-row"]', { hasText: reason }),
    ).toHaveAttribute('data-member', second);
    await expect(
      card.locator(
        `[data-testid="oncall-strip-block"][data-kind="override"][data-member="${second}"]`,
      ),
    ).toHaveCount(1);
    await expect(shift).toHaveAttribute('data-member', second);
    await expect(shift).toHaveAttribute('data-source', 'override');
    await expect(shift).toContainText(reason);
    await page.screenshot({ path: testInfo.outputPath('admin-oncall.png'), fullPage: true });

    // The same override again is refused before anything is sent (it overlaps the one just added).
    await card.getByTestId('override-create-member').selectOption(first);
    await card.getByTestId('override-create-from').fill(tianjinInput(start));
    await card.getByTestId('override-create-to').fill(tianjinInput(start + 1_800_000));
    await card.getByTestId('override-create-reason').fill('e2e 重叠');
    await card.getByTestId('override-create-submit').click();
    await expect(card.getByTestId('override-create-form')).toContainText('重叠');

    // Removing it puts 张三 back.
    page.once('dialog', (dialog) => void dialog.accept());
    await card
      .locator('[data-testid="oncall-override-row"]', { hasText: reason })
      .getByTestId('oncall-override-remove')
      .click();
    await expect(card.getByTestId('oncall-override-row')).toHaveCount(0);
    await expect(shift).toHaveAttribute('data-member', first);
  });
});
