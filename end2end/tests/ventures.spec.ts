import { test, expect } from '@playwright/test';
import { hydrated, signInAs } from './auth';

// The demo data set is loaded into a fresh database before these tests (see playwright.config.ts).
// Leadership reads the list: these tests run as the demo viewer.
test.beforeEach(async ({ page }) => {
  await signInAs(page, 'viewer');
});

test('the ventures list shows the demo data in Japanese', async ({ page }) => {
  await page.goto('/ventures');
  await expect(page).toHaveTitle(/ベンチャー一覧/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ベンチャー一覧');
  const rows = page.getByTestId('venture-table').locator('tbody tr');
  await expect(rows).toHaveCount(50);
  await expect(page.getByTestId('result-count')).toContainText('社');
  await expect(page.getByRole('navigation', { name: 'ページ送り' })).toContainText('1 / 2');
});

test('the hub filter narrows the list and lives in the URL', async ({ page }) => {
  await page.goto('/ventures');
  await hydrated(page);
  const total = await page.getByTestId('result-count').innerText();
  await page.getByLabel('拠点').selectOption({ label: '湘南' });
  await page.getByRole('button', { name: '表示' }).click();
  await expect(page).toHaveURL(/hub=shonan/);
  await expect(page.getByTestId('result-count')).not.toHaveText(total);
  const hubCells = page.getByTestId('venture-table').locator('tbody tr td:nth-child(2)');
  const n = await hubCells.count();
  expect(n).toBeGreaterThan(0);
  for (let i = 0; i < n; i++) await expect(hubCells.nth(i)).toHaveText('湘南');
  // A reload keeps the filter.
  await page.reload();
  await expect(page.getByLabel('拠点')).toHaveValue('shonan');
  await expect(hubCells.first()).toHaveText('湘南');
});

test('search by hiragana reading finds the katakana name', async ({ page }) => {
  await page.goto('/ventures');
  await hydrated(page);
  // The demo venture 株式会社セルポート is stored with the reading セルポート.
  await page.getByLabel('名称・読みで検索').fill('せるぽーと');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/q=/);
  const names = page.getByTestId('venture-table').locator('tbody tr th a');
  await expect(names).toHaveCount(1);
  await expect(names.first()).toHaveText('株式会社セルポート');
  // English names are searched too, whatever the case.
  await page.getByLabel('名称・読みで検索').fill('cellport');
  await page.keyboard.press('Enter');
  await expect(names.first()).toHaveText('株式会社セルポート');
});

test('a venture page shows its programs and their timelines', async ({ page }) => {
  await page.goto('/ventures?sort=stage');
  const link = page.getByTestId('venture-table').locator('tbody tr th a').first();
  const name = await link.innerText();
  await link.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await expect(page).toHaveTitle(new RegExp(name));
  const programs = page.getByTestId('program');
  expect(await programs.count()).toBeGreaterThan(0);
  await expect(programs.first().locator('ol.timeline li').first()).toBeVisible();
  await expect(page.getByRole('heading', { name: 'プログラムと開発の経過' })).toBeVisible();
});

test('the English switch persists across pages and reloads', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await signInAs(page, 'viewer');
  await page.goto('/ventures?hub=ksp');
  // Japanese first, even for an English browser.
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await page.getByTestId('lang-switch').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ventures');
  // Back on the same list, filter kept.
  await expect(page).toHaveURL(/\/ventures\?hub=ksp$/);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ventures');
  await page.getByTestId('venture-table').locator('tbody tr th a').first().click();
  await expect(page.getByRole('heading', { name: 'Programs and their journey' })).toBeVisible();
  await page.getByTestId('lang-switch').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await context.close();
});

test('unknown pages get the 404 page with status 404', async ({ page }) => {
  const res = await page.goto('/no-such-page');
  expect(res?.status()).toBe(404);
  await expect(page.getByTestId('not-found')).toContainText('ページが見つかりません');
  const res2 = await page.goto('/ventures/01900000-0000-7000-8000-000000000000');
  expect(res2?.status()).toBe(404);
  await expect(page.getByTestId('not-found')).toBeVisible();
});

test('the list works with JavaScript off', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signInAs(page, 'viewer');
  await page.goto('/ventures');
  await page.getByLabel('拠点').selectOption('ksp');
  await page.getByRole('button', { name: '表示' }).click();
  await expect(page).toHaveURL(/hub=ksp/);
  const hubCells = page.getByTestId('venture-table').locator('tbody tr td:nth-child(2)');
  await expect(hubCells.first()).toHaveText('KSP');
  await context.close();
});
