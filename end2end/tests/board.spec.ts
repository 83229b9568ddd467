import { test, expect, type Locator, type Page } from '@playwright/test';
import { hydrated, signInAs } from './auth';

/** Today in Japan as YYYY-MM-DD (the move form's default date). */
function todayInJapan(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(new Date());
}

/**
 * A venture of this test's own (KSP, cell therapy) with one program at trial notification,
 * recorded today, made through the server functions: the test depends on no other test's data.
 */
async function programAtTrialNotification(page: Page): Promise<{ programId: string; name: string }> {
  const tag = `${Date.now()}`;
  const venture = await page.request.post('/api/ventures/create', {
    form: {
      'form[name_ja]': `株式会社ボードテスト${tag}`,
      'form[name_kana]': 'ぼーどてすと',
      'form[hub]': 'ksp',
      'form[modality]': 'cell_therapy',
    },
  });
  expect(venture.status(), await venture.text()).toBe(200);
  const ventureId: string = await venture.json();
  const name = `BT-${tag} 軟骨シート`;
  const program = await page.request.post('/api/ventures/add_program', {
    form: { venture_id: ventureId, name, modality: 'cell_therapy', indication: '変形性膝関節症', track: 'pmd_act' },
  });
  expect(program.status(), await program.text()).toBe(200);
  const programId: string = await program.json();
  const recorded = await page.request.post('/api/journey/record', {
    form: {
      program_id: programId,
      version: '1',
      action: 'stage:trial_notified',
      occurred_on: todayInJapan(),
      precision: 'day',
      source_url: '',
      note: '',
    },
  });
  expect(recorded.status(), await recorded.text()).toBe(200);
  return { programId, name };
}

/** Press Tab until `target` has the focus (a date input takes several presses in Chromium). */
async function tabTo(page: Page, target: Locator) {
  for (let i = 0; i < 12; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

test('staff move a program from trial notification to Phase I on the board, by keyboard only', async ({ page }) => {
  await signInAs(page, 'staff');
  const { programId, name } = await programAtTrialNotification(page);
  await page.goto('/ventures');
  await page.getByTestId('nav-board').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('パイプライン（開発段階別）');
  await page.goto('/board?hub=ksp&modality=cell_therapy');
  await hydrated(page);
  const card = page.getByTestId('column-trial_notified').locator(`[data-program="${programId}"]`);
  await expect(card).toContainText(name);
  const button = card.getByRole('button', { name: '次の段階へ…' });
  await expect(button).toBeVisible();

  // From the card's venture link, Tab reaches its button; Enter opens the dialog on the stage.
  await card.getByRole('link').focus();
  await page.keyboard.press('Tab');
  await expect(button).toBeFocused();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  const target = dialog.getByLabel('移動先の段階');
  await expect(target).toBeFocused();
  // Only what the journey rules allow, the next column first; the date is today.
  await expect(target).toHaveValue('stage:phase1');
  await expect(target.locator('option')).toHaveText(['第I相', '第I/II相', '第II相', '第II/III相', '第III相']);
  await expect(dialog.getByLabel('日付', { exact: true })).toHaveValue(todayInJapan());

  // Escape closes it, and the focus is back on the card's button.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(button).toBeFocused();

  await page.keyboard.press('Enter');
  await expect(target).toBeFocused();
  await expect(target).toHaveValue('stage:phase1');
  await tabTo(page, dialog.getByLabel('メモ（任意）'));
  await page.keyboard.type('ボードから記録');
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: '記録して移動' })).toBeFocused();
  await page.keyboard.press('Enter');

  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('board-notice')).toContainText(`「${name}」を第I相に移しました`);
  const moved = page.getByTestId('column-phase1').locator(`[data-program="${programId}"]`);
  await expect(moved).toBeVisible();
  await expect(page.getByTestId('column-trial_notified').locator(`[data-program="${programId}"]`)).toHaveCount(0);
  // The focus follows the card into its new column.
  await expect(moved.getByRole('button', { name: '次の段階へ…' })).toBeFocused();

  // It is a recorded stage event: the venture page's timeline has it, with the note.
  await moved.getByRole('link').click();
  const program = page.locator(`[data-program="${programId}"]`);
  await expect(program.locator('ol.timeline')).toContainText('第I相');
  await expect(program.locator('ol.timeline')).toContainText('ボードから記録');
});

test('a viewer reads the board but is offered no move', async ({ page }) => {
  await signInAs(page, 'viewer');
  await page.goto('/board');
  await hydrated(page);
  await expect(page.getByTestId('card').first()).toBeVisible();
  await expect(page.getByRole('button', { name: '次の段階へ…' })).toHaveCount(0);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the board renders its columns, and the filters are a plain form in the URL', async ({ page }) => {
    await signInAs(page, 'viewer');
    await page.goto('/board');
    const columns = page.locator('section[data-testid^="column-"]');
    await expect(columns).toHaveCount(12);
    await expect(page.getByRole('heading', { level: 2, name: /第I相/ })).toBeVisible();
    await expect(page.getByTestId('card').first()).toBeVisible();
    await page.getByLabel('制度').selectOption('safety_act');
    await page.getByRole('button', { name: '表示' }).click();
    await expect(page).toHaveURL(/track=safety_act/);
    await expect(columns).toHaveCount(3);
    await expect(page.getByRole('heading', { level: 2, name: /提供中/ })).toBeVisible();
  });
});
