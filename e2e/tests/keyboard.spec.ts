// Issue 9: a whole submission with the keyboard only — Tab, Shift+Tab, Enter, Space, arrow keys
// and typing; no click, no fill, no focus() — from choosing the commune to the receipt. Every
// Tab stop must show where the focus is; the skip link is the first stop and lands in main; the
// error summary takes the focus and its link takes it to the field.
import { expect, test, type Page } from '@playwright/test';
import { COMMUNE, focusIndicator, PROCEDURE, ready, watchPanics } from './helpers';
import { birthAnswers, PHOTO_JPEG } from '../fixtures/birth.mjs';

// typeDate types the segments in en-US order: pin the browser's locale.
test.use({ locale: 'en-US' });

/** Tab stops that showed no focus indicator, across the whole journey. */
const unseen: string[] = [];

/** Whether the focused element matches `selector`. */
const focusedIs = (page: Page, selector: string) => page.evaluate((s) => !!document.activeElement?.matches(s), selector);

/**
 * Presses Tab (or Shift+Tab) until the focused element matches `selector`, at most `max` times,
 * checking the focus indicator at every stop on the way.
 */
async function tabTo(page: Page, selector: string, { max = 40, back = false } = {}): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const { element, indicator } = await focusIndicator(page);
    if (!indicator) unseen.push(`${page.url().replace(/^https?:\/\/[^/]+/, '')}: ${element}`);
    if (await focusedIs(page, selector)) return;
  }
  throw new Error(`${selector} not reached in ${max} ${back ? 'Shift+Tab' : 'Tab'} presses on ${page.url()}`);
}

/**
 * After a route change the app focuses the new page's h1 — its real heading, not the loading
 * placeholder a draft read from IndexedDB shows first (a Tab taken from the placeholder was lost
 * with it, to `body`): wait for it before tabbing on.
 */
async function landed(page: Page, url: RegExp): Promise<void> {
  await expect(page).toHaveURL(url);
  await expect(page.locator('main h1:not(.app-status)')).toBeFocused();
}

/** Tabs to the text field `#f-{field}` and types `value`. */
async function typeInto(page: Page, field: string, value: string): Promise<void> {
  await tabTo(page, `#f-${field}`);
  await page.keyboard.type(value);
  await expect(page.locator(`#f-${field}`)).toHaveValue(value);
}

/**
 * Tabs to the date field and types `iso` (yyyy-mm-dd) as Chromium's en-US date control takes it:
 * month, day, year, each segment moving to the next by itself.
 */
async function typeDate(page: Page, field: string, iso: string): Promise<void> {
  const [y, m, d] = iso.split('-');
  await tabTo(page, `#f-${field}`);
  await page.keyboard.type(`${m}${d}${y}`);
  await expect(page.locator(`#f-${field}`)).toHaveValue(iso);
}

test('a birth registration from the commune to the receipt with the keyboard only', async ({ page }) => {
  test.setTimeout(90_000);
  const panics = watchPanics(page);
  const a = birthAnswers(21);
  unseen.length = 0;

  // Home: the skip link is the first Tab stop, visible when focused, and lands in main.
  await page.goto('/');
  await ready(page);
  await page.keyboard.press('Tab');
  await expect(page.locator('a.app-skip-link')).toBeFocused();
  expect((await focusIndicator(page)).indicator, 'the skip link shows its focus').not.toBeNull();
  const skip = await page.locator('a.app-skip-link').boundingBox();
  expect(skip && skip.x >= 0 && skip.y >= 0, 'the focused skip link is on screen').toBe(true);
  await page.keyboard.press('Enter');
  await expect(page.locator('main#main')).toBeFocused();
  await expect(page).toHaveURL(/\/(#main)?$/);

  // Choose the commune: filter, then its "Choose" button.
  await tabTo(page, '#commune-filter');
  await page.keyboard.type('thuy nguyen');
  await expect(page.locator(`a[href="/c/${COMMUNE}"]`)).toBeVisible();
  await tabTo(page, `li:has(a[href="/c/${COMMUNE}"]) button`);
  await page.keyboard.press('Enter');
  await landed(page, /\/procedures$/);

  // Find birth registration with the search box; open it; start a draft.
  await tabTo(page, '#procedure-search');
  await page.keyboard.type('khai sinh');
  await page.keyboard.press('Enter');
  await expect(page.locator(`a.app-proc-list__link[href="/procedures/${PROCEDURE}"]`).first()).toBeVisible();
  await tabTo(page, `a[href="/procedures/${PROCEDURE}"]`);
  await page.keyboard.press('Enter');
  await landed(page, new RegExp(`/procedures/${PROCEDURE}$`));
  await tabTo(page, '#start-draft', { max: 80 });
  await page.keyboard.press('Enter');
  await landed(page, /\/drafts\/[0-9a-f]{32}$/);
  const id = page.url().match(/\/drafts\/([0-9a-f]{32})$/)![1];

  // Step 1, with the place of birth left empty.
  await tabTo(page, `a[href="/drafts/${id}/child"]`);
  await page.keyboard.press('Enter');
  await landed(page, new RegExp(`/drafts/${id}/child$`));
  await typeInto(page, 'child_name', a.child.child_name);
  await typeDate(page, 'child_birth_date', a.child.child_birth_date);
  // Radios: Tab enters the group on its first option, the arrow keys move and choose.
  await tabTo(page, 'input[type=radio][name="child_sex"]');
  await page.keyboard.press('Space');
  if (a.child.child_sex !== 'nam') await page.keyboard.press('ArrowDown');
  await expect(page.locator(`input[name="child_sex"][value="${a.child.child_sex}"]`)).toBeChecked();
  await tabTo(page, '#f-child_ethnicity');
  await page.keyboard.type(a.child.child_ethnicity);
  await tabTo(page, 'button#continue');
  await page.keyboard.press('Enter');

  // The error summary takes the focus; its link takes the focus to the empty field.
  const summary = page.locator('.app-error-summary');
  await expect(summary).toBeFocused();
  await tabTo(page, '.app-error-summary a[href="#f-child_birth_place"]', { max: 3 });
  await page.keyboard.press('Enter');
  await expect(page.locator('#f-child_birth_place')).toBeFocused();
  await page.keyboard.type(a.child.child_birth_place);
  await tabTo(page, 'button#continue');
  await page.keyboard.press('Enter');

  // Mother, father (nothing required), requester.
  await landed(page, new RegExp(`/drafts/${id}/mother$`));
  await typeInto(page, 'mother_name', a.mother.mother_name);
  await typeDate(page, 'mother_birth_date', a.mother.mother_birth_date);
  await typeInto(page, 'mother_citizen_id', a.mother.mother_citizen_id);
  await tabTo(page, 'button#continue');
  await page.keyboard.press('Enter');
  await landed(page, new RegExp(`/drafts/${id}/father$`));
  await tabTo(page, 'button#continue');
  await page.keyboard.press('Enter');
  await landed(page, new RegExp(`/drafts/${id}/requester$`));
  await typeInto(page, 'requester_name', a.requester.requester_name);
  // The select: arrow keys change the choice without opening the list.
  await tabTo(page, '#f-requester_relation');
  for (let i = 0; i < 10 && (await page.locator('#f-requester_relation').inputValue()) !== a.requester.requester_relation; i++) {
    await page.keyboard.press('ArrowDown');
  }
  await expect(page.locator('#f-requester_relation')).toHaveValue(a.requester.requester_relation);
  await typeInto(page, 'requester_citizen_id', a.requester.requester_citizen_id);
  await typeInto(page, 'requester_phone', a.requester.requester_phone);
  await typeInto(page, 'requester_address', a.requester.requester_address);
  await tabTo(page, 'button#continue');
  await page.keyboard.press('Enter');

  // Documents: the "take a photo" control opens the file chooser from the keyboard.
  await landed(page, new RegExp(`/drafts/${id}/documents$`));
  await tabTo(page, 'input[type=file][data-field="birth_certificate_photo"]');
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Space');
  await (await chooser).setFiles(PHOTO_JPEG);
  await expect(page.locator('.app-photo__preview').first()).toBeVisible();
  await tabTo(page, 'button#continue');
  await page.keyboard.press('Enter');

  // Check the answers, Shift+Tab back to one of them and forward again, submit.
  await landed(page, new RegExp(`/drafts/${id}/check$`));
  await expect(page.locator('main')).toContainText(a.child.child_birth_place);
  await tabTo(page, 'button#submit-draft', { max: 60 });
  await tabTo(page, '.app-summary__action a', { back: true });
  await tabTo(page, 'button#submit-draft');
  await page.keyboard.press('Enter');
  const receipt = page.locator('#receipt-code');
  await expect(receipt, `no receipt; wasm panics: ${panics.join(' | ')}`).toBeVisible({ timeout: 30_000 });
  await expect(receipt).toHaveText(new RegExp(`^${COMMUNE}-[0-9A-Z]{4,}$`));

  expect(unseen, 'Tab stops without a visible focus indicator').toEqual([]);
  expect(panics, 'wasm panics').toEqual([]);
});

// The rating form (issue 6) with the keyboard only: sent empty, the error summary takes the focus
// and its link takes it to the first level; Space chooses, the arrow keys move the choice, Enter
// on the button sends.
test('rating the office with the keyboard only', async ({ page }) => {
  const panics = watchPanics(page);
  unseen.length = 0;
  await page.goto(`/rate?commune=${COMMUNE}`);
  await ready(page);
  const form = page.locator('form.app-rating');
  await expect(form.locator('input[type=radio][name=level]')).toHaveCount(3);

  await tabTo(page, 'form.app-rating button[type=submit]');
  await page.keyboard.press('Enter');
  const summary = page.locator('.app-error-summary');
  await expect(summary).toBeFocused();
  await tabTo(page, '.app-error-summary a', { max: 3 });
  await page.keyboard.press('Enter');
  const levels = form.locator('input[type=radio][name=level]');
  await expect(levels.first()).toBeFocused();
  expect((await focusIndicator(page)).indicator, 'the first level shows its focus').not.toBeNull();
  await page.keyboard.press('Space');
  await expect(levels.first()).toBeChecked();
  await page.keyboard.press('ArrowDown');
  await expect(levels.nth(1)).toBeChecked();
  await expect(levels.nth(1)).toBeFocused();
  expect((await focusIndicator(page)).indicator, 'the chosen level shows its focus').not.toBeNull();

  // The comment, typed; then Tab on to the button (past the hint and counter: not stops).
  await tabTo(page, '#f-comment', { max: 3 });
  await page.keyboard.type('Cán bộ hướng dẫn tận tình');
  await tabTo(page, 'form.app-rating button[type=submit]', { max: 3 });
  await page.keyboard.press('Enter');
  await expect(form.locator('[data-rating]'), `not sent; wasm panics: ${panics.join(' | ')}`).toHaveAttribute('data-rating', 'sent', { timeout: 30_000 });
  await expect(summary).toHaveCount(0);
  await expect(levels.nth(1)).toBeChecked();

  expect(unseen, 'Tab stops without a visible focus indicator').toEqual([]);
  expect(panics, 'wasm panics').toEqual([]);
});

// "Start" goes to `/drafts/new`, which replaces itself with `/drafts/{id}`: two navigations. The
// heading takes the focus once, for the page the citizen ends on; a Tab taken at once is not
// taken back by the first navigation's wait (a CI run found that Tab stop on the heading).
test('after the redirect of a new draft the heading takes the focus once, and a Tab taken at once stays', async ({ page }) => {
  const panics = watchPanics(page);
  await page.goto(`/procedures/${PROCEDURE}?commune=${COMMUNE}`);
  await ready(page);
  // The quickest keyboard user: the moment the draft's heading has the focus, the focus moves
  // on to the first task, as a Tab would.
  await page.evaluate(() => {
    const w = window as unknown as { headingFocus: number };
    w.headingFocus = 0;
    document.addEventListener('focusin', (e) => {
      const target = e.target as Element;
      if (!location.pathname.startsWith('/drafts/') || !target.matches('main h1')) return;
      w.headingFocus += 1;
      setTimeout(() => (document.querySelector('main a.app-task-list__link') as HTMLElement | null)?.focus(), 0);
    });
  });
  await page.locator('#start-draft').click();
  await expect(page).toHaveURL(/\/drafts\/[0-9a-f]{32}$/);
  await expect.poll(() => page.evaluate(() => (window as unknown as { headingFocus: number }).headingFocus)).toBeGreaterThan(0);
  const task = page.locator('main a.app-task-list__link').first();
  await expect(task).toBeFocused();
  // Longer than the heading wait's checks (50 ms polls, then one 400 ms look).
  await page.waitForTimeout(1_000);
  await expect(task).toBeFocused();
  expect(await page.evaluate(() => (window as unknown as { headingFocus: number }).headingFocus)).toBe(1);
  expect(panics, 'wasm panics').toEqual([]);
});
