import { test, expect } from '@playwright/test';
import { hydrated, signInAs } from './auth';

// Leadership's view, as the viewer demo user: the dashboard, its hub and year filters, a funnel
// bar leading to the ventures behind it, the same charts with JavaScript off, and the printable
// fiscal-year report on one A4 page.

test('viewer changes hub and years, then follows a funnel bar to the matching venture list', async ({ page }) => {
  await signInAs(page, 'viewer');
  await page.goto('/dashboard');
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ダッシュボード');

  await page.getByTestId('hub-tabs').getByRole('link', { name: '殿町' }).click();
  await expect(page).toHaveURL(/\/dashboard\?hub=tonomachi$/);
  await expect(page.getByTestId('hub-tabs').getByRole('link', { name: '殿町' })).toHaveAttribute('aria-current', 'page');

  const filters = page.getByTestId('dashboard-filters');
  await filters.getByLabel('起業年度（から）').selectOption('2013');
  await filters.getByLabel('起業年度（まで）').selectOption('2017');
  await filters.getByRole('button', { name: '表示' }).click();
  await expect(page).toHaveURL(/fy_to=2017/);
  const view = new URL(page.url()).searchParams;
  expect([view.get('hub'), view.get('fy_from'), view.get('fy_to')]).toEqual(['tonomachi', '2013', '2017']);

  const funnel = page.getByTestId('funnel-chart');
  await expect(funnel).toBeVisible();
  const bar = funnel.locator('g.chart__row').nth(2); // founded, trial notification, Phase I
  const count = Number(await bar.getAttribute('data-value'));
  expect(count).toBeGreaterThan(0);
  await bar.locator('a').click();
  await expect(page).toHaveURL(/\/ventures\?/);
  const url = new URL(page.url());
  expect(url.searchParams.get('hub')).toBe('tonomachi');
  expect(url.searchParams.get('reached')).toBe('phase1');
  expect(url.searchParams.get('founded_from')).toBe('2013-04-01');
  expect(url.searchParams.get('founded_to')).toBe('2018-03-31');
  await expect(page.getByTestId('result-count')).toContainText(`${count}社`);
});

test.describe('with JavaScript disabled', () => {
  test.use({ javaScriptEnabled: false });

  test('the dashboard still shows every chart, with titles and table views', async ({ page }) => {
    await signInAs(page, 'viewer');
    await page.goto('/dashboard?hub=ksp');
    const charts = page.locator('figure.chart');
    expect(await charts.count()).toBeGreaterThanOrEqual(5);
    for (const chart of await charts.all()) {
      await expect(chart.locator('svg.chart__svg')).toBeVisible();
      await expect(chart.locator('svg.chart__svg > title')).not.toBeEmpty();
      expect(await chart.locator('svg.chart__svg').locator('rect, circle, polyline').count()).toBeGreaterThan(0);
      await expect(chart.locator('details table')).toHaveCount(1);
    }
    // The filter form works as a plain GET form.
    await page.getByTestId('dashboard-filters').getByLabel('起業年度（から）').selectOption('2015');
    await page.getByTestId('dashboard-filters').getByRole('button', { name: '表示' }).click();
    await expect(page).toHaveURL(/fy_from=2015/);
    expect(new URL(page.url()).searchParams.get('hub')).toBe('ksp');
    await expect(page.getByTestId('funnel-chart')).toBeVisible();
  });
});

test('the fiscal-year report prints on one A4 page with wareki dates', async ({ page }) => {
  await signInAs(page, 'viewer');
  await page.goto('/dashboard/report?fy=2025');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('令和7年度（2025年度）');
  await expect(page.getByTestId('fy-report')).toContainText('令和7年4月1日');
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.site-nav')).toBeHidden();
  await expect(page.locator('.report__choose')).toBeHidden();
  await page.setViewportSize({ width: 680, height: 1000 });
  await page.screenshot({ path: 'test-results/report-print.png', fullPage: true });
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
  const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
  expect(pages.length).toBe(1);
});
