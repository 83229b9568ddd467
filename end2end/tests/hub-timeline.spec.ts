import { test, expect } from '@playwright/test';
import { hydrated, signInAs } from './auth';

test('staff record a move to another hub: the stays change, the timeline shows it under its fiscal year', async ({ page }) => {
  await signInAs(page, 'staff');
  const name = `株式会社イドウ${Date.now()}`;
  const res = await page.request.post('/api/ventures/create', {
    form: {
      'form[name_ja]': name,
      'form[name_kana]': 'いどう',
      'form[hub]': 'tonomachi',
      'form[modality]': 'cell_therapy',
      'form[located_on]': '2022-03-31',
    },
  });
  expect(res.status(), await res.text()).toBe(200);
  const id = (await res.json()) as string;

  await page.goto(`/ventures/${id}`);
  await hydrated(page);
  const timeline = page.getByTestId('venture-timeline');
  // 31 March 2022 belongs to FY2021.
  await expect(timeline.locator('h3').first()).toHaveText('2021年度（令和3年度）');
  await expect(timeline).toContainText('殿町に入居');

  const move = page.getByTestId('move-hub');
  await move.getByText('拠点の移転を記録').click();
  // The current hub is not offered.
  await expect(move.getByLabel('移転先の拠点').locator('option', { hasText: '殿町' })).toHaveCount(0);
  await move.getByLabel('移転先の拠点').selectOption({ label: '湘南' });

  // A date in the future is refused in the browser with the reason; nothing is sent.
  await move.getByLabel('移転した日').fill('2099-04-01');
  await move.getByRole('button', { name: '移転を記録する' }).click();
  await expect(page.getByTestId('error-summary')).toContainText('移転した日は今日（');

  await move.getByLabel('移転した日').fill('2026-04-01');
  await move.getByLabel('移転についてのメモ（任意）').fill('湘南アイパークの新棟へ');
  await move.getByRole('button', { name: '移転を記録する' }).click();
  await expect(page.getByTestId('hub-moved')).toContainText('拠点の移転を記録しました');

  await expect(page.locator('ol.tenancies li')).toHaveCount(2);
  await expect(page.locator('.venture__badges .badge--hub')).toHaveText('湘南');
  await expect(timeline).toContainText('2026年度（令和8年度）');
  await expect(timeline.locator('[data-group="venture"]').last()).toContainText('湘南へ移転');
  await expect(timeline).toContainText('湘南アイパークの新棟へ');
  await expect(page.getByTestId('history')).toContainText('移転した日');
});

test('the timeline is there for a viewer, with no move form', async ({ page }) => {
  await signInAs(page, 'viewer');
  await page.goto('/ventures?stage=trial_notified');
  await page.getByTestId('venture-table').locator('tbody tr th a').first().click();
  await hydrated(page);
  await expect(page.getByTestId('venture-timeline').locator('li').first()).toBeVisible();
  await expect(page.getByTestId('move-hub')).toHaveCount(0);
});
