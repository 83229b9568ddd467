import { test, expect } from '@playwright/test';
import { hydrated, signInAs } from './auth';

test('staff import ventures from CSV: a bad row is reported with its line and nothing is written; the fixed file imports', async ({ page }) => {
  await signInAs(page, 'staff');
  const tag = `${Date.now()}`;
  const good = `株式会社インポート${tag}`;
  const header = 'name_ja,name_kana,hub,modality,located_on';
  const bad = [header, `${good},いんぽーと,shonan,cell_therapy,2024-04-01`, `株式会社バッド${tag},いんぽーと,osaka,cell_therapy,2024-02-30`].join('\r\n');

  await page.goto('/ventures');
  await page.getByTestId('import-link').click();
  await hydrated(page);
  await page.getByLabel('ファイルの内容').selectOption({ label: 'ベンチャー' });
  await page.getByLabel('CSVファイル').setInputFiles({ name: 'ventures.csv', mimeType: 'text/csv', buffer: Buffer.from('\ufeff' + bad, 'utf8') });
  await page.getByTestId('import-check').click();
  const problems = page.getByTestId('import-problems');
  await expect(problems).toBeVisible();
  // Line 3 (the header is line 1, as Excel numbers rows), with the reason; line 2 is fine.
  await expect(problems.locator('tbody tr').first()).toContainText('3');
  await expect(problems).toContainText('県内立地日は正しい日付で入力してください');
  await expect(problems.locator('tbody tr td:first-child', { hasText: /^2$/ })).toHaveCount(0);
  await expect(page.getByTestId('import-confirm')).toHaveCount(0);

  // Nothing was written.
  await page.goto('/ventures?q=' + encodeURIComponent(good));
  await expect(page.getByText('条件に合うベンチャーはありません。')).toBeVisible();

  await page.goto('/ventures/import');
  await hydrated(page);
  await page.getByLabel('ファイルの内容').selectOption({ label: 'ベンチャー' });
  const fixed = [header, `${good},いんぽーと,shonan,cell_therapy,2024-04-01`].join('\r\n');
  await page.getByLabel('CSVファイル').setInputFiles({ name: 'ventures.csv', mimeType: 'text/csv', buffer: Buffer.from(fixed, 'utf8') });
  await page.getByTestId('import-check').click();
  await page.getByTestId('import-confirm').click();
  await expect(page.getByTestId('import-done')).toContainText('1件を取り込みました');
  await page.goto('/ventures?q=' + encodeURIComponent(good));
  await expect(page.getByTestId('venture-table').getByRole('link', { name: good })).toBeVisible();
});
