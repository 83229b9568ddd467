import { test, expect } from '@playwright/test';
import { hydrated, signInAs } from './auth';

test('a user creates an API token, sees it once, uses it and revokes it', async ({ page }) => {
  await signInAs(page, 'viewer');
  await page.goto('/ventures');
  await page.getByTestId('nav-tokens').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('API トークン');
  await hydrated(page);

  const name = `BI ${Date.now()}`;
  await page.getByLabel('用途').fill(name);
  await page.getByLabel('有効期間').selectOption('30d');
  await page.getByRole('button', { name: '作成する' }).click();
  const secret = page.getByTestId('token-secret');
  await expect(secret).toHaveValue(/^kgt_[A-Za-z0-9_-]{43}$/);
  const token = await secret.inputValue();
  await expect(page.getByTestId('new-token')).toContainText('二度と表示されません');

  // The list names it by its first characters, never in full.
  const row = page.locator(`tr[data-token-prefix="${token.slice(0, 8)}"]`);
  await expect(row).toContainText(name);
  await expect(row).toContainText('有効');
  await expect(page.getByTestId('tokens')).not.toContainText(token);

  // The token reads the API as its user.
  const ok = await page.request.get('/api/v1/ventures?per_page=1', {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(ok.status()).toBe(200);
  expect((await ok.json()).per_page).toBe(1);

  // Shown once: a reload shows the list, not the token.
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId('token-secret')).toHaveCount(0);

  await row.getByRole('button', { name: `「${name}」を失効させる` }).click();
  await expect(page.getByTestId('outcome')).toContainText('失効させました');
  await expect(row).toContainText('失効済み');
  const refused = await page.request.get('/api/v1/ventures', {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(refused.status()).toBe(401);
});

test('a bad token name is refused in the browser with the field named', async ({ page }) => {
  await signInAs(page, 'staff');
  await page.goto('/account/tokens');
  await hydrated(page);
  await page.getByLabel('用途').fill('ベル\u0007');
  await page.getByRole('button', { name: '作成する' }).click();
  await expect(page.getByTestId('outcome')).toContainText('用途');
  await expect(page.getByTestId('token-secret')).toHaveCount(0);
});
