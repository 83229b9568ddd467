import { test, expect } from '@playwright/test';
import { hydrated, signInAs } from './auth';

test('staff record Phase I on a program at trial notification, see it on the timeline and in the History, then retract it', async ({ page }) => {
  await signInAs(page, 'staff');
  await page.goto('/ventures?stage=trial_notified');
  await page.getByTestId('venture-table').locator('tbody tr th a').first().click();
  await hydrated(page);
  const atNotification = page.locator('[data-testid="program"]', { has: page.locator('.badge', { hasText: '治験計画届出' }) }).first();
  // Held by its id: its stage badge changes as we record.
  const program = page.locator(`[data-program="${await atNotification.getAttribute('data-program')}"]`);
  await program.getByText('経過を記録').click();
  const action = program.getByLabel('記録する内容');
  // Only what the rules allow: Phase I is offered, approval is not.
  await expect(action.locator('option', { hasText: '到達：第I相' })).toHaveCount(1);
  await expect(action.locator('option', { hasText: '到達：承認' })).toHaveCount(0);

  // A date in the future is refused with the reason, and nothing changes.
  await action.selectOption({ label: '到達：第I相' });
  await program.getByLabel('日付', { exact: true }).fill('2099-01-01');
  await program.getByRole('button', { name: '記録する' }).click();
  await expect(program.getByTestId('error-summary')).toContainText('今日（2026年');

  await program.getByLabel('日付', { exact: true }).fill('2026-10-01');
  await program.getByLabel('メモ（任意）').fill('初回投与');
  await program.getByRole('button', { name: '記録する' }).click();
  await expect(program.getByTestId('journey-outcome')).toContainText('記録しました');
  await expect(program.locator('ol.timeline')).toContainText('第I相');
  await expect(program.locator('ol.timeline')).toContainText('初回投与');
  await expect(page.getByTestId('history')).toContainText('鈴木 美咲');

  // Retract it: the stage goes back, the history keeps both.
  await program.getByText('誤った記録を取り消す').click();
  await program.getByLabel('取り消す記録').selectOption({ label: '2026年10月1日 第I相' });
  await program.getByLabel('理由（必須）').fill('日付の誤り');
  await program.getByRole('button', { name: '取り消す' }).click();
  await expect(program.getByTestId('journey-outcome')).toContainText('取り消しました');
  await expect(program.locator('ol.timeline .is-retracted')).toContainText('第I相');
  await expect(page.getByTestId('history')).toContainText('取消');
});

test('a viewer sees the journey but no forms to change it', async ({ page }) => {
  await signInAs(page, 'viewer');
  await page.goto('/ventures?stage=trial_notified');
  await page.getByTestId('venture-table').locator('tbody tr th a').first().click();
  await hydrated(page);
  await expect(page.getByTestId('program').first()).toBeVisible();
  await expect(page.getByText('経過を記録')).toHaveCount(0);
  await expect(page.getByTestId('history')).toBeVisible();
});
