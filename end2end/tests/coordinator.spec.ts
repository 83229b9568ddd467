import { test, expect } from '@playwright/test';
import { hydrated, signInAs } from './auth';

/** A date `days` from today in Japan, typed the way coordinators type it (2026/12/8). */
function typedDate(days: number): string {
  const now = new Date(Date.now() + 9 * 3600 * 1000 + days * 86400 * 1000);
  return `${now.getUTCFullYear()}/${now.getUTCMonth() + 1}/${now.getUTCDate()}`;
}

test('a coordinator logs support on a venture, sees it on the group page and in my follow-ups, and marks it done', async ({ page }) => {
  await signInAs(page, 'coordinator');
  const summary = `細胞調製室の利用相談 ${Date.now()}`;

  // The venture, reached from the free-treatment WG's members.
  await page.goto('/rink/free_treatment');
  await hydrated(page);
  await page.getByTestId('group-members').locator('tbody a').first().click();
  await hydrated(page);
  const section = page.getByTestId('venture-support');
  await expect(section.getByRole('heading', { name: 'RINK支援' })).toBeVisible();

  const entry = section.getByTestId('quick-entry');
  await entry.getByLabel('ワーキンググループ・分科会').selectOption({ label: '自由診療WG' });
  await entry.getByLabel('支援の種類').selectOption('facility_use');
  // A follow-up before the support date is refused in the browser, naming the field.
  await entry.getByLabel('支援日').fill(typedDate(0));
  await entry.getByLabel('フォローアップ日').fill(typedDate(-3));
  await entry.getByRole('button', { name: '支援を記録する' }).click();
  await expect(entry.getByTestId('error-summary')).toContainText('支援内容を入力してください');
  await expect(entry.getByTestId('error-summary')).toContainText('フォローアップ日は支援日');

  await entry.getByLabel('支援内容').fill(summary);
  await entry.getByLabel('フォローアップ日').fill(typedDate(7).replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)));
  await entry.getByRole('button', { name: '支援を記録する' }).click();
  await expect(section.getByTestId('support-outcome')).toHaveText('支援を記録しました。');
  const logged = section.getByTestId('support-item').filter({ hasText: summary });
  await expect(logged).toHaveCount(1);
  await expect(logged).toContainText('施設利用（LIC細胞調製・解析フロア）');
  await expect(logged).toContainText('自由診療WG');
  await expect(section.getByTestId('support-summary')).toBeVisible();

  // On the group's page.
  await page.goto('/rink/free_treatment');
  await hydrated(page);
  await expect(page.getByTestId('group-support').getByTestId('support-item').filter({ hasText: summary })).toHaveCount(1);

  // In my follow-ups, from the menu.
  await page.getByTestId('nav-follow-ups').click();
  await expect(page).toHaveURL(/\/follow-ups$/);
  await hydrated(page);
  const open = page.getByTestId('open-follow-ups');
  // Overdue ones come first.
  const flags = await open.getByTestId('support-item').evaluateAll((items) =>
    items.map((i) => i.classList.contains('is-overdue')),
  );
  expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a)));
  const mine = open.getByTestId('support-item').filter({ hasText: summary });
  await expect(mine).toHaveCount(1);
  await expect(mine.getByTestId('overdue')).toHaveCount(0);

  // Marking done needs an outcome, then the follow-up leaves the open list.
  await mine.getByRole('button', { name: '完了にする' }).click();
  await expect(mine.getByTestId('error-summary')).toContainText('フォローアップの結果を入力してください');
  await mine.getByLabel('フォローアップの結果').fill('利用計画を確定し、予約済み');
  await mine.getByRole('button', { name: '完了にする' }).click();
  await expect(open.getByTestId('support-item').filter({ hasText: summary })).toHaveCount(0);
  const done = page.getByTestId('done-follow-ups').getByTestId('support-item').filter({ hasText: summary });
  await expect(done).toHaveCount(1);
  await expect(done).toContainText('利用計画を確定し、予約済み');
});

test('a viewer sees the groups and overdue follow-ups but no forms', async ({ page }) => {
  await signInAs(page, 'viewer');
  await page.goto('/rink');
  await hydrated(page);
  await expect(page.getByTestId('group-table')).toContainText('自由診療WG');
  await expect(page.getByTestId('nav-follow-ups')).toHaveCount(0);
  await expect(page.getByTestId('add-group')).toHaveCount(0);
  await page.getByTestId('group-table').getByRole('link', { name: '自由診療WG' }).click();
  await hydrated(page);
  await expect(page.getByTestId('group-overdue')).toBeVisible();
  await expect(page.getByTestId('quick-entry')).toHaveCount(0);
});
