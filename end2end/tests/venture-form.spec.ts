import { test, expect } from '@playwright/test';
import { hydrated, signInAs } from './auth';

test('staff register a venture with a full-width corporate number, edit it, and a duplicate points at it', async ({ page }) => {
  await signInAs(page, 'staff');
  await page.goto('/ventures');
  await hydrated(page);
  await page.getByTestId('new-venture').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ベンチャーを登録');
  await hydrated(page);

  // Every problem at once, nothing saved.
  await page.getByLabel('名称（日本語）').fill('株式会社テストセル');
  await page.getByLabel('よみがな').fill('Test Cell');
  await page.getByLabel('法人番号').fill('１２３４');
  await page.locator('form.venture-form').evaluate((f) => f.setAttribute('novalidate', ''));
  await page.getByRole('button', { name: '登録する' }).click();
  const summary = page.getByTestId('error-summary');
  await expect(summary).toContainText('よみがなは、ひらがなかカタカナで入力してください');
  await expect(summary).toContainText('法人番号は13桁です');
  await expect(summary).toContainText('拠点を選んでください');

  await page.getByLabel('よみがな').fill('てすとせる');
  await page.getByLabel('法人番号').fill('７−００００−１２０５−０００２');
  await page.getByLabel('拠点').selectOption({ label: 'KSP' });
  await page.getByLabel('モダリティ').selectOption('cell_therapy');
  await page.getByLabel('設立日').fill('2024-04-01');
  await page.getByRole('button', { name: '登録する' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('株式会社テストセル');
  await expect(page.getByTestId('venture')).toContainText('7000012050002');
  await expect(page.getByTestId('venture')).toContainText('テストセル');

  await hydrated(page);
  await page.getByTestId('edit-venture').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ベンチャーの情報を編集');
  await hydrated(page);
  await page.getByLabel('事業概要').fill('iPS細胞由来の心筋シート');
  await page.getByRole('button', { name: '保存する' }).click();
  await expect(page.getByTestId('venture')).toContainText('iPS細胞由来の心筋シート');
  await expect(page.getByTestId('history')).toContainText('鈴木 美咲');

  // Add a program, record its trial notification, then Phase I.
  await page.getByTestId('add-program').getByText('プログラムを追加').click();
  await page.getByLabel('プログラム名').fill('TC-01 心筋シート');
  await page.getByLabel('対象疾患').fill('重症心不全');
  await page.getByRole('button', { name: '追加する' }).click();
  await expect(page.getByTestId('program-outcome')).toContainText('プログラムを追加しました');
  const program = page.getByTestId('program').filter({ hasText: 'TC-01 心筋シート' });
  for (const [label, date] of [['到達：治験計画届出', '2026-04-01'], ['到達：第I相', '2026-09-01']]) {
    await program.getByText('経過を記録').click();
    await program.getByLabel('記録する内容').selectOption({ label });
    await program.getByLabel('日付', { exact: true }).fill(date);
    await program.getByRole('button', { name: '記録する' }).click();
    await expect(program.getByTestId('journey-outcome')).toContainText('記録しました');
  }
  await expect(program.locator('ol.timeline')).toContainText('治験計画届出');
  await expect(program.locator('.badge').first()).toContainText('第I相');

  // The same company again, typed in half-width katakana: refused, with a link to it.
  await page.goto('/ventures/new');
  await hydrated(page);
  await page.getByLabel('名称（日本語）').fill('株式会社 ﾃｽﾄｾﾙ');
  await page.getByLabel('よみがな').fill('てすとせる');
  await page.getByLabel('拠点').selectOption({ label: 'KSP' });
  await page.getByLabel('モダリティ').selectOption('cell_therapy');
  await page.getByRole('button', { name: '登録する' }).click();
  await expect(page.getByTestId('error-summary')).toContainText('同じ名称のベンチャーが既に登録されています');
  await page.getByTestId('error-summary').getByRole('link', { name: '株式会社テストセル' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('株式会社テストセル');
});

test('a viewer is offered no way to register or edit', async ({ page }) => {
  await signInAs(page, 'viewer');
  await page.goto('/ventures');
  await hydrated(page);
  await expect(page.getByTestId('new-venture')).toHaveCount(0);
  await page.getByTestId('venture-table').locator('tbody tr th a').first().click();
  await hydrated(page);
  await expect(page.getByTestId('edit-venture')).toHaveCount(0);
});
