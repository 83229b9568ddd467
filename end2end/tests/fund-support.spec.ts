import { test, expect, type Page } from '@playwright/test';
import { hydrated, signInAs } from './auth';

/** Yen in the page's Japanese form: 1億5,000万円, 5,000万円, 0円 (as `Yen::format_ja`). */
function formatJa(yen: number): string {
  if (yen === 0) return '0円';
  const group = (n: number) => n.toLocaleString('en-US');
  let rest = yen;
  let out = '';
  for (const [unit, name] of [[1e12, '兆'], [1e8, '億'], [1e4, '万']] as const) {
    const q = Math.floor(rest / unit);
    if (q > 0) out += group(q) + name;
    rest %= unit;
  }
  if (rest > 0) out += group(rest);
  return out + '円';
}

async function fundTotal(page: Page, code: string): Promise<{ count: number; total: number }> {
  const res = await page.request.post('/api/funds/get', { form: { code } });
  expect(res.status(), await res.text()).toBe(200);
  const body = await res.json();
  return { count: body.summary.count, total: body.summary.total_yen };
}

async function ventureTotal(page: Page, id: string): Promise<{ count: number; total: number }> {
  const res = await page.request.post('/api/funds/venture', { form: { id } });
  expect(res.status(), await res.text()).toBe(200);
  const body = await res.json();
  return { count: body.summary.count, total: body.summary.total_yen };
}

test('staff record a 5,000万円 equity investment on a venture page; the venture and the fund totals grow by it', async ({ page }) => {
  await signInAs(page, 'staff');
  // A venture of the demo data that already has fund support.
  const csv = await page.request.get('/funds/export/fund_supports.csv?fund=healthcare_fund');
  expect(csv.status()).toBe(200);
  const firstRow = (await csv.text()).split('\r\n')[1].split(',');
  const ventureId = firstRow[5];
  const fundBefore = await fundTotal(page, 'healthcare_fund');
  const ventureBefore = await ventureTotal(page, ventureId);
  expect(ventureBefore.count).toBeGreaterThan(0);

  await page.goto(`/ventures/${ventureId}`);
  await hydrated(page);
  const section = page.getByTestId('venture-funds');
  await expect(section.getByRole('heading', { name: '資金支援' })).toBeVisible();
  await expect(section.getByTestId('venture-fund-total')).toHaveText(
    `合計 ${ventureBefore.count}件・${formatJa(ventureBefore.total)}`,
  );

  const form = section.getByTestId('record-fund-support');
  await form.getByText('資金支援を記録').click();
  await form.getByRole('combobox', { name: /^ファンド/ }).selectOption({ label: 'かながわヘルスケア・ニューフロンティアファンド' });
  await form.getByLabel('支援日').fill('2026-10-01');
  await form.getByLabel('支援の形態').selectOption({ label: '株式' });
  await form.getByLabel('ラウンド').fill('シリーズB');

  // A negative amount is refused in the browser with the reason; nothing is sent.
  await form.getByLabel('金額（円）').fill('-5000万');
  await form.getByRole('button', { name: '記録する' }).click();
  await expect(section.getByTestId('error-summary')).toContainText('金額にマイナスは入力できません。');
  expect((await ventureTotal(page, ventureId)).count).toBe(ventureBefore.count);

  // Typed the way staff write it.
  await form.getByLabel('金額（円）').fill('５，０００万円');
  await form.getByRole('button', { name: '記録する' }).click();
  await expect(section.getByTestId('funds-outcome')).toContainText('保存しました');
  await expect(section.getByTestId('venture-fund-total')).toHaveText(
    `合計 ${ventureBefore.count + 1}件・${formatJa(ventureBefore.total + 50_000_000)}`,
  );
  // FY2026 (令和8年度) has the new record.
  await expect(section.getByTestId('venture-fy-summary').locator('tr[data-fy="2026"]')).toContainText('5,000万円');
  await expect(section.getByTestId('fund-supports')).toContainText('シリーズB');
  await expect(page.getByTestId('history')).toContainText('資金支援');

  await page.goto('/funds/healthcare_fund');
  await hydrated(page);
  await expect(page.getByTestId('fund-total')).toHaveText(
    `合計 ${fundBefore.count + 1}件・${formatJa(fundBefore.total + 50_000_000)}`,
  );
  await expect(page.getByTestId('fund-fy-summary').locator('tr[data-fy="2026"] th')).toHaveText('2026年度（令和8年度）');

  // The funds list shows the same total, and the English page the English form.
  await page.goto('/funds');
  await expect(page.getByTestId('fund-table').locator('tr[data-fund="healthcare_fund"] [data-testid="fund-total"]')).toHaveText(
    formatJa(fundBefore.total + 50_000_000),
  );
  await page.getByTestId('lang-switch').click();
  await expect(page.getByTestId('fund-table').locator('tr[data-fund="healthcare_fund"] [data-testid="fund-total"]')).toHaveText(
    `¥${(fundBefore.total + 50_000_000).toLocaleString('en-US')}`,
  );
  await page.getByTestId('lang-switch').click();
});

test('a viewer sees the funds and their totals but no record form', async ({ page }) => {
  await signInAs(page, 'viewer');
  await page.goto('/funds');
  await page.getByTestId('fund-table').locator('tr[data-fund="ksp_fund"] a').click();
  await hydrated(page);
  await expect(page.getByTestId('fund')).toBeVisible();
  await expect(page.getByTestId('fund-fy-summary')).toBeVisible();
  await expect(page.getByTestId('record-fund-support')).toHaveCount(0);
});
