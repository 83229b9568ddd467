import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { hydrated, signInAs } from './auth';

/** A valid corporate number (法人番号) of this run, typed in full-width digits with hyphens. */
function corporateNumber(): { typed: string; stored: string } {
  const body = String(Date.now() % 1_000_000_000_000).padStart(12, '0');
  // Check digit: 9 − (Σ P_n × Q_n mod 9), P_n the n-th digit from the right, Q_n 1 (odd n) or 2 (even n).
  let sum = 0;
  for (let n = 1; n <= 12; n++) sum += Number(body[12 - n]) * (n % 2 === 1 ? 1 : 2);
  const stored = `${9 - (sum % 9)}${body}`;
  const wide = [...stored].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
  return { typed: `${wide.slice(0, 1)}－${wide.slice(1, 5)}－${wide.slice(5, 9)}－${wide.slice(9)}`, stored };
}

test('staff: register a venture, add a program, move it to Phase I on the board, see it on the timeline, export CSV', async ({ page }) => {
  await signInAs(page, 'staff');
  const tag = `${Date.now()}`;
  const name = `株式会社ワークフロー${tag}`;
  const number = corporateNumber();

  await page.goto('/ventures/new');
  await hydrated(page);
  await page.getByLabel('名称（日本語）').fill(name);
  await page.getByLabel('よみがな').fill('わーくふろー');
  await page.getByLabel('法人番号').fill(number.typed);
  await page.getByLabel('拠点').selectOption({ label: 'KSP' });
  await page.getByLabel('モダリティ').selectOption('cell_therapy');
  await page.getByLabel('設立日').fill('2023-04-01');
  await page.getByRole('button', { name: '登録する' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await expect(page.getByTestId('venture')).toContainText(number.stored);

  await hydrated(page);
  const programName = `WF-${tag} 角膜内皮細胞`;
  await page.getByTestId('add-program').getByText('プログラムを追加').click();
  await page.getByLabel('プログラム名').fill(programName);
  await page.getByLabel('対象疾患').fill('水疱性角膜症');
  await page.getByRole('button', { name: '追加する' }).click();
  const card = page.getByTestId('program').filter({ hasText: programName });
  await expect(card).toBeVisible();
  const programId = (await card.getAttribute('data-program'))!;
  const program = page.locator(`[data-program="${programId}"]`);
  await program.getByText('経過を記録').click();
  await program.getByLabel('記録する内容').selectOption({ label: '到達：治験計画届出' });
  await program.getByLabel('日付', { exact: true }).fill('2026-04-01');
  await program.getByRole('button', { name: '記録する' }).click();
  await expect(program.getByTestId('journey-outcome')).toContainText('記録しました');

  // On the board, in the trial-notification column; move it to Phase I.
  await page.goto('/board?hub=ksp&modality=cell_therapy');
  await hydrated(page);
  const onBoard = page.getByTestId('column-trial_notified').locator(`[data-program="${programId}"]`);
  await expect(onBoard).toContainText(programName);
  await onBoard.getByRole('button', { name: '次の段階へ…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('移動先の段階')).toHaveValue('stage:phase1');
  await dialog.getByLabel('日付', { exact: true }).fill('2026-10-01');
  await dialog.getByLabel('メモ（任意）').fill('初回投与');
  await dialog.getByRole('button', { name: '記録して移動' }).click();
  await expect(page.getByTestId('column-phase1').locator(`[data-program="${programId}"]`)).toBeVisible();

  // The venture's timeline has the step, under FY2026.
  await page.goto('/ventures?q=' + encodeURIComponent(name));
  await page.getByTestId('venture-table').getByRole('link', { name }).click();
  const timeline = page.getByTestId('venture-timeline');
  await expect(timeline).toContainText('2026年度（令和8年度）');
  await expect(timeline).toContainText('第I相に到達');
  await expect(timeline).toContainText('初回投与');

  // Export the filtered list: a UTF-8 file with a BOM that Excel opens in Japanese.
  await page.goto('/ventures?q=' + encodeURIComponent(name));
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-ventures').click()]);
  expect(download.suggestedFilename()).toMatch(/^ventures-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = readFileSync((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString('utf8');
  const lines = text.trim().split(/\r?\n/);
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(name);
  expect(lines[1]).toContain(number.stored);
});
