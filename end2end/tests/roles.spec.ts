import { test, expect, type Page } from '@playwright/test';
import { hydrated, PASSWORD, type DemoRole } from './auth';

async function signInByForm(page: Page, who: DemoRole) {
  await page.goto('/sign-in?next=%2Fventures');
  await hydrated(page);
  await page.getByLabel('メールアドレス').fill(`${who}@demo.example.jp`);
  await page.getByLabel('パスワード').fill(PASSWORD);
  await page.getByRole('button', { name: 'サインイン' }).click();
  await expect(page).toHaveURL(/\/ventures$/);
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'サインアウト' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

const roleNames: Record<DemoRole, string> = {
  admin: '管理者',
  staff: '産業振興課',
  coordinator: 'RINKコーディネーター',
  viewer: '閲覧者',
};

for (const who of ['staff', 'coordinator', 'viewer'] as DemoRole[]) {
  test(`${who} sees no administration and is told what the role may do`, async ({ page }) => {
    await signInByForm(page, who);
    await expect(page.getByTestId('account')).toContainText(roleNames[who]);
    const nav = page.getByRole('navigation', { name: 'メインメニュー' });
    await expect(nav.getByRole('link', { name: 'ベンチャー一覧' })).toBeVisible();
    await expect(nav.getByRole('link', { name: '利用者管理' })).toHaveCount(0);
    await expect(nav.getByRole('link', { name: '監査ログ' })).toHaveCount(0);
    // Typing the address does not help: the server refuses and says what this role may do.
    await page.goto('/admin/users');
    await expect(page.getByRole('alert')).toContainText(who === 'viewer' ? '閲覧者はすべての情報を閲覧できますが' : roleNames[who]);
    await expect(page.getByTestId('users')).toHaveCount(0);
    await signOut(page);
  });
}

test('admin manages a user, sees it in the audit log and in the History, and signs out', async ({ page }) => {
  await signInByForm(page, 'admin');
  await expect(page.getByTestId('account')).toContainText('管理者');
  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '利用者管理' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('利用者管理');
  await hydrated(page);
  const row = page.locator('tr[data-email="coordinator2@demo.example.jp"]');
  await row.getByLabel(/役割/).selectOption('viewer');
  await row.getByRole('button', { name: '役割を保存' }).click();
  await expect(page.getByTestId('outcome')).toContainText('保存しました');
  await expect(row.getByLabel(/役割/)).toHaveValue('viewer');

  await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '監査ログ' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('監査ログ');
  const first = page.getByTestId('audit-rows').locator('tbody tr').first();
  await expect(first).toContainText('佐藤 健一');
  await expect(first).toContainText('更新');
  await expect(first).toContainText('RINKコーディネーター → 閲覧者');
  // Filtered by kind of record, the list stays on users.
  await page.getByLabel('記録の種類').selectOption('user');
  await page.getByRole('button', { name: '表示' }).click();
  await expect(page).toHaveURL(/entity=user/);
  await expect(page.getByTestId('audit-rows').locator('tbody tr').first()).toContainText('利用者');
  await signOut(page);
});

test('an added user; a save over a newer version is refused and says what changed', async ({ browser }) => {
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  await signInByForm(a, 'admin');
  await a.goto('/admin/users');
  await hydrated(a);
  // Bad input first: every problem is listed and nothing is added.
  await a.getByLabel('メールアドレス').fill('not-an-address');
  await a.getByLabel('氏名').fill('山田 花子');
  await a.getByLabel('初期パスワード（12文字以上）').fill('short');
  await a.getByLabel('メールアドレス').evaluate((el) => el.closest('form')?.setAttribute('novalidate', ''));
  await a.getByRole('button', { name: '追加する' }).click();
  await expect(a.getByTestId('error-summary')).toContainText('メールアドレスの形式が正しくありません');
  await expect(a.getByTestId('error-summary')).toContainText('パスワードは12文字以上にしてください');
  await a.getByLabel('メールアドレス').fill('yamada@demo.example.jp');
  await a.getByLabel('初期パスワード（12文字以上）').fill('a long first password');
  await a.getByRole('button', { name: '追加する' }).click();
  await expect(a.getByTestId('outcome')).toContainText('山田 花子 さんを追加しました');
  const rowA = a.locator('tr[data-email="yamada@demo.example.jp"]');
  await expect(rowA.getByLabel(/役割/)).toHaveValue('viewer');

  await signInByForm(b, 'admin');
  await b.goto('/admin/users');
  await hydrated(b);
  const rowB = b.locator('tr[data-email="yamada@demo.example.jp"]');
  await expect(rowB).toBeVisible();

  await rowA.getByLabel(/役割/).selectOption('staff');
  await rowA.getByRole('button', { name: '役割を保存' }).click();
  await expect(a.getByTestId('outcome')).toContainText('保存しました');

  // B still shows the old version.
  await rowB.getByLabel(/役割/).selectOption('coordinator');
  await rowB.getByRole('button', { name: '役割を保存' }).click();
  const summary = b.getByTestId('error-summary');
  await expect(summary).toContainText('他の人が先に保存したため、保存しませんでした');
  await expect(summary).toContainText('役割：「閲覧者」→「産業振興課」（佐藤 健一');
  // The list now shows what is stored: A's change, not B's.
  await expect(rowB.getByLabel(/役割/)).toHaveValue('staff');
});
