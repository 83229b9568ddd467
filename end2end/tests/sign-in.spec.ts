import { test, expect } from '@playwright/test';
import { PASSWORD } from './auth';

test('a demo user signs in, is greeted by name and role, and signs out', async ({ page }) => {
  // Pages are for signed-in users: the server sends the browser to sign in, keeping the way back.
  await page.goto('/ventures?hub=ksp');
  await expect(page).toHaveURL(/\/sign-in\?next=\/ventures%3Fhub%3Dksp/);
  await page.waitForSelector('body[data-hydrated]');
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
  // The old session is gone on the server: pages send to sign-in again.
  await page.goto('/ventures');
  await expect(page).toHaveURL(/\/sign-in\?next=\/ventures/);
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
