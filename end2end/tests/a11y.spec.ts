import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { hydrated, signInAs } from './auth';

// Accessibility (#6): axe-core on every page of the app reports no violation of impact
// "serious" or "critical" against WCAG 2.0 A/AA and 2.1 AA. Pages are checked signed in as the
// demo administrator (the role that sees the most: every form and every admin page), with
// every <details> opened so the forms inside are checked too; the sign-in page signed out.

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa'];
const BLOCKING = new Set(['serious', 'critical']);

/** A page to check: a name and its address (or how to find it in the demo data). */
type Target = { name: string; path: string | ((page: Page) => Promise<string>) };

/** The first venture of the list (the demo data's ids are generated). */
async function firstVenture(page: Page): Promise<string> {
  await page.goto('/ventures');
  const href = await page.getByTestId('venture-table').locator('tbody a[href^="/ventures/"]').first().getAttribute('href');
  expect(href).toBeTruthy();
  return href as string;
}

const PAGES: Target[] = [
  { name: 'ventures list', path: '/ventures' },
  { name: 'ventures list, filtered', path: '/ventures?hub=ksp&sort=located' },
  { name: 'new venture form', path: '/ventures/new' },
  { name: 'CSV import', path: '/ventures/import' },
  { name: 'venture page', path: firstVenture },
  { name: 'venture edit form', path: async (page) => `${await firstVenture(page)}/edit` },
  { name: 'pipeline board', path: '/board' },
  { name: 'funds', path: '/funds' },
  { name: 'fund page', path: '/funds/healthcare_fund' },
  { name: 'fund support records', path: '/funds/supports?hub=tonomachi' },
  { name: 'RINK groups', path: '/rink' },
  { name: 'RINK group page', path: '/rink/free_treatment' },
  { name: 'RINK support records', path: '/rink/support?wg=free_treatment' },
  { name: 'my follow-ups', path: '/follow-ups' },
  { name: 'users', path: '/admin/users' },
  { name: 'audit trail', path: '/admin/audit' },
  { name: 'API tokens', path: '/account/tokens' },
  { name: 'page not found', path: '/no-such-page' },
];

/** The leadership dashboard, its report and the lists its numbers lead to. */
export const MORE_PAGES: Target[] = [
  { name: 'dashboard', path: '/dashboard' },
  { name: 'dashboard, KSP programs founded FY2015–2019', path: '/dashboard?hub=ksp&unit=programs&fy_from=2015&fy_to=2019' },
  { name: 'fiscal-year report', path: '/dashboard/report?fy=2025' },
  { name: 'trial notifications', path: '/notifications?from=2025-04-01&to=2026-03-31' },
  { name: 'ventures list, funnel drill-down', path: '/ventures?reached=phase1&founded_from=2013-04-01&founded_to=2018-03-31' },
];

async function expectNoSeriousViolations(page: Page, what: string) {
  // Forms folded in <details> are checked open.
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const blocking = results.violations.filter((v) => BLOCKING.has(v.impact ?? ''));
  const report = blocking
    .map(
      (v) =>
        `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
        v.nodes.map((n) => `    ${n.target.join(' ')}\n      ${n.failureSummary?.replace(/\n/g, '\n      ')}`).join('\n'),
    )
    .join('\n');
  if (blocking.length > 0) console.log(`${what} (${page.url()}):\n${report}`);
  expect(blocking, `${what} (${page.url()}):\n${report}`).toEqual([]);
}

test.describe('signed in as the administrator', () => {
  test.beforeEach(async ({ page }) => {
    await signInAs(page, 'admin');
  });

  for (const target of [...PAGES, ...MORE_PAGES]) {
    test(`${target.name} has no serious or critical violation`, async ({ page }) => {
      const path = typeof target.path === 'string' ? target.path : await target.path(page);
      await page.goto(path);
      await hydrated(page);
      await expectNoSeriousViolations(page, target.name);
    });
  }

  // One test per page: each loads the wasm bundle afresh, and three in one test ran past the
  // 30-second budget on a loaded CI machine.
  for (const path of ['/ventures', '/rink/free_treatment', '/funds']) {
    test(`${path} in English has no serious or critical violation`, async ({ page }) => {
      await page.goto(`/lang/en?back=${encodeURIComponent(path)}`);
      await expect(page).toHaveURL(new RegExp(`${path.replace(/\//g, '\\/')}$`));
      await hydrated(page);
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
      await expectNoSeriousViolations(page, `${path} (English)`);
    });
  }
});

test('the sign-in page has no serious or critical violation', async ({ page }) => {
  await page.goto('/sign-in?next=%2Fventures');
  await hydrated(page);
  await expectNoSeriousViolations(page, 'sign-in');
});
