import { test, expect } from '@playwright/test';

// Demo users exist only in the demo data set (seeds/src/demo/users.rs).
const PASSWORD = 'demo-pass-2026';

test('a demo user signs in, is greeted by name and role, and signs out', async ({ page }) => {
  await page.goto('/ventures?hub=ksp');
  await page.waitForSelector('body[data-hydrated]');
  await page.getByTestId('account').getByRole('link', { name: 'サインイン' }).click();
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('サインイン');

  // A wrong password: the error summary at the top, no session.
  await page.getByLabel('メールアドレス').fill('viewer@demo.example.jp');
  await page.getByLabel('パスワード').fill('not the password');
  await page.getByRole('button', { name: 'サインイン' }).click();
  await expect(page.getByTestId('error-summary')).toContainText('メールアドレスまたはパスワードが正しくありません');

  await page.getByLabel('パスワード').fill(PASSWORD);
  await page.getByRole('button', { name: 'サインイン' }).click();
  // Back where the user came from, signed in.
  await expect(page).toHaveURL(/\/ventures\?hub=ksp/);
  await expect(page.getByTestId('account')).toContainText('閲覧者');
  await page.reload();
  await expect(page.getByTestId('account')).toContainText('閲覧者');

  await page.getByRole('button', { name: 'サインアウト' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByTestId('account').getByRole('link', { name: 'サインイン' })).toBeVisible();
  await page.goto('/ventures');
  await expect(page.getByTestId('account').getByRole('link', { name: 'サインイン' })).toBeVisible();
});

test('signing in works without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/sign-in?next=%2Fventures');
  await page.getByLabel('メールアドレス').fill('staff@demo.example.jp');
  await page.getByLabel('パスワード').fill(PASSWORD);
  await page.getByRole('button', { name: 'サインイン' }).click();
  await expect(page).toHaveURL(/\/ventures$/);
  await expect(page.getByTestId('account')).toContainText('産業振興課');
  await context.close();
});
