// Issue 3's journey: a birth registration filled in offline, kept across a reload, a failed
// Continue that keeps what was typed, a photo, submitted offline → queued → sent by itself when
// the network returns, with a receipt the tracking API knows. AXE on every draft page (vi).
import { expect, test, type Page } from '@playwright/test';
import { chooseCommune, draftIdOf, watchPanics, expectAccessible, PROCEDURE, ready, serviceWorkerActive } from './helpers';
import { answer, birthAnswers, PHOTO_JPEG, shown, spaNavigate } from '../fixtures/birth.mjs';

/** Chooses the commune and opens the birth registration guide, once the service worker has the shell. */
async function openGuideCached(page: Page): Promise<void> {
  await chooseCommune(page);
  await page.goto(`/procedures/${PROCEDURE}`);
  await ready(page);
  await serviceWorkerActive(page);
  await page.waitForTimeout(500); // the service worker finishes caching the shell
}

test('fill offline, reload, fix an error, add a photo, submit offline, receipt when back online', async ({
  page,
  context,
  request,
}) => {
  test.setTimeout(120_000);
  const a = birthAnswers(3);
  const panics = watchPanics(page);

  await openGuideCached(page);
  await context.setOffline(true);

  // Start a draft offline: the task list.
  await page.locator('#start-draft').click();
  await expect(page).toHaveURL(/\/drafts\/[0-9a-f]{32}$/);
  const id = draftIdOf(page.url());
  await expect(page.locator('ol.app-task-list > li')).toHaveCount(5);
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await expectAccessible(page, 'task list (offline)');

  // Part of the first step, then a reload: every typed value is still there.
  await page.locator(`a[href="/drafts/${id}/child"]`).click();
  await expect(page).toHaveURL(new RegExp(`/drafts/${id}/child$`));
  await expectAccessible(page, 'step "child", empty');
  const partial = ['child_name', 'child_birth_date', 'child_sex', 'child_ethnicity'] as const;
  for (const f of partial) await answer(page, f, a.child[f]);
  await page.waitForTimeout(500); // autosave is debounced ≤ 300 ms
  await page.reload();
  await ready(page);
  for (const f of partial) {
    expect(await shown(page, f), `${f} after an offline reload`).toBe(a.child[f]);
  }

  // Continue with a required field empty: error summary, inline error, nothing typed is lost.
  await page.locator('button#continue').click();
  const summary = page.locator('.app-error-summary');
  await expect(summary).toBeVisible();
  await expect(summary.locator('a[href="#f-child_birth_place"]')).toHaveCount(1);
  await expect(page.locator('#f-child_birth_place-error')).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/drafts/${id}/child$`));
  for (const f of partial) expect(await shown(page, f), `${f} after a failed Continue`).toBe(a.child[f]);
  await expectAccessible(page, 'step "child" with errors');

  // Fix it and go through every step.
  await answer(page, 'child_birth_place', a.child.child_birth_place);
  await page.locator('button#continue').click();
  for (const step of ['mother', 'father', 'requester'] as const) {
    await expect(page).toHaveURL(new RegExp(`/drafts/${id}/${step}$`));
    for (const [f, v] of Object.entries(a[step])) await answer(page, f, v);
    await page.locator('button#continue').click();
  }

  // A photo: a preview appears.
  await expect(page).toHaveURL(new RegExp(`/drafts/${id}/documents$`));
  await page.locator('input[type=file][data-field="birth_certificate_photo"]').first().setInputFiles(PHOTO_JPEG);
  const preview = page.locator('.app-photo__preview').first();
  await expect(preview).toBeVisible();
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  await expectAccessible(page, 'step "documents" with a photo');
  await page.locator('button#continue').click();

  // Check your answers, then submit offline: queued.
  await expect(page).toHaveURL(new RegExp(`/drafts/${id}/check$`));
  await expect(page.locator('main')).toContainText(a.child.child_name);
  await expect(page.locator('main')).toContainText(a.requester.requester_phone);
  await expectAccessible(page, 'check answers');
  await page.locator('button#submit-draft').click();
  await expect(page).toHaveURL(new RegExp(`/drafts/${id}$`));
  await expect(page.locator('body')).toHaveAttribute('data-outbox-pending', '1');
  await expect(page.locator('#retry-now')).toBeVisible();
  await expectAccessible(page, 'draft queued');

  await spaNavigate(page, '/drafts');
  await expect(page).toHaveURL(/\/drafts$/);
  await expect(page.locator(`li[data-draft-id="${id}"]`)).toHaveAttribute('data-state', 'queued');
  await expectAccessible(page, '/drafts with a queued draft');

  // Back to the draft; the network returns: the receipt appears without a reload.
  await page.locator(`li[data-draft-id="${id}"] a[href="/drafts/${id}"]`).click();
  await expect(page).toHaveURL(new RegExp(`/drafts/${id}$`));
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  await context.setOffline(false);
  const receipt = page.locator('#receipt-code');
  await expect(receipt, `no receipt; wasm panics: ${panics.join(' | ')}`).toBeVisible({ timeout: 30_000 });
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  await expect(page.locator('body')).toHaveAttribute('data-outbox-pending', '0');
  const code = (await receipt.innerText()).trim();
  expect(code).toMatch(/^11560-[0-9A-Z]{4,}$/);
  await expectAccessible(page, 'receipt');

  // The server knows it: the tracking API (with the secret from the receipt's tracking link).
  const track = page.locator(`a[href^="/track/${code}?s="]`);
  await expect(track).toHaveCount(1);
  const secret = new URL((await track.getAttribute('href'))!, 'http://x').searchParams.get('s')!;
  const api = await request.get(`/api/v1/submissions/${code}`, { headers: { 'X-Tracking-Secret': secret } });
  expect(api.status()).toBe(200);
  const view = await api.json();
  expect(view.receipt).toBe(code);
  expect(view.status.state).toBe('received');
  const wrong = await request.get(`/api/v1/submissions/${code}`, { headers: { 'X-Tracking-Secret': 'x'.repeat(32) } });
  expect(wrong.status()).toBe(404);

  // …and the tracking page says "received" too.
  await track.click();
  await expect(page).toHaveURL(new RegExp(`/track/${code}`));
  await expect(page.locator('.app-track__status')).toHaveAttribute('data-status', 'received');
  await expectAccessible(page, 'tracking page');

  // /drafts: sent, with the receipt.
  await spaNavigate(page, '/drafts');
  const item = page.locator(`li[data-draft-id="${id}"]`);
  await expect(item).toHaveAttribute('data-state', 'sent');
  await expect(item).toContainText(code);
  await expectAccessible(page, '/drafts with a sent draft');
  expect(panics, 'wasm panics').toEqual([]);
});

// A draft's page shows before the commune's catalog is read (sync::FirstScreen::OwnData): offline,
// the catalog stored on the phone is still read afterwards, not counted as missing, so the next
// page (the procedure list) shows it.
test('offline, a reloaded draft leaves the stored catalog to the procedure list', async ({ page, context }) => {
  const panics = watchPanics(page);
  await openGuideCached(page);
  await page.locator('#start-draft').click();
  await expect(page).toHaveURL(/\/drafts\/[0-9a-f]{32}$/);
  await context.setOffline(true);
  await page.reload();
  await ready(page);
  await expect(page.locator('ol.app-task-list > li')).toHaveCount(5);
  await page.locator(`a.app-nav__link[href="/procedures"]`).click();
  await expect(page).toHaveURL(/\/procedures$/);
  await expect(page.locator(`a.app-proc-list__link[href="/procedures/${PROCEDURE}"]`).first()).toBeVisible();
  await context.setOffline(false);
  expect(panics).toEqual([]);
});
