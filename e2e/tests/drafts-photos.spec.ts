// Bad input on photo questions: a file that is not an image gets a clear message and nothing
// else is touched; a 6000×6000 image is downscaled in the browser (≤ 2000 px, ≤ 1 MB) before
// it is stored in IndexedDB.
import { expect, test, type Page } from '@playwright/test';
import { chooseCommune, draftIdOf, expectAccessible, PROCEDURE, ready } from './helpers';
import { answer, birthAnswers, HUGE_JPEG, NOT_AN_IMAGE, shown, storedBlob, storedDraft } from '../fixtures/birth.mjs';

async function startDraftAtDocuments(page: Page) {
  const a = birthAnswers(5);
  await chooseCommune(page);
  await page.goto(`/procedures/${PROCEDURE}`);
  await ready(page);
  await page.locator('#start-draft').click();
  await expect(page).toHaveURL(/\/drafts\/[0-9a-f]{32}$/);
  const id = draftIdOf(page.url());
  await page.locator(`a[href="/drafts/${id}/child"]`).click();
  for (const [f, v] of Object.entries(a.child)) await answer(page, f, v);
  await page.locator('button#continue').click();
  await expect(page).toHaveURL(new RegExp(`/drafts/${id}/mother$`));
  await page.locator(`.app-back a[href="/drafts/${id}"]`).click(); // back to the task list
  await page.locator(`a[href="/drafts/${id}/documents"]`).click();
  await expect(page).toHaveURL(new RegExp(`/drafts/${id}/documents$`));
  return { id, a };
}

const photoInput = (page: Page) => page.locator('input[type=file][data-field="birth_certificate_photo"]').first();

test('a file that is not an image: a clear message, no photo, other answers intact', async ({ page }) => {
  const { id, a } = await startDraftAtDocuments(page);
  const field = page.locator('.app-photo').first();

  // A text file.
  await photoInput(page).setInputFiles(NOT_AN_IMAGE);
  const message = field.locator('.app-error-message[role="alert"]');
  await expect(message).toBeVisible();
  await expect(message).toContainText(/không phải là ảnh/i);
  await expect(field.locator('.app-photo__preview')).toHaveCount(0);
  await expectAccessible(page, 'photo question with a "not an image" message');

  // Bytes that claim to be a JPEG but are not.
  await photoInput(page).setInputFiles({ name: 'anh.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a jpeg at all') });
  await expect(message).toBeVisible();
  await expect(message).toContainText(/không mở được ảnh/i);
  await expect(field.locator('.app-photo__preview')).toHaveCount(0);

  await page.waitForTimeout(500);
  const stored = await storedDraft(page, id);
  expect(stored.photos).toEqual([]);
  for (const [f, v] of Object.entries(a.child)) expect(stored.answers[f], f).toBe(v);

  // And on the page, after going back to the first step.
  await page.locator(`.app-back a[href="/drafts/${id}"]`).click();
  await page.locator(`a[href="/drafts/${id}/child"]`).click();
  for (const [f, v] of Object.entries(a.child)) expect(await shown(page, f), f).toBe(v);
});

test('a 6000×6000 photo is downscaled to ≤ 2000 px and ≤ 1 MB before it is stored', async ({ page }) => {
  test.setTimeout(90_000);
  const { id } = await startDraftAtDocuments(page);
  await photoInput(page).setInputFiles(HUGE_JPEG); // 1.2 MB, 6000×6000
  const preview = page.locator('.app-photo__preview').first();
  await expect(preview).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 30_000 }).toBeGreaterThan(0);
  const natural = await preview.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]);
  expect(Math.max(...natural)).toBeLessThanOrEqual(2000);
  expect(Math.max(...natural)).toBeGreaterThanOrEqual(1000); // downscaled, not crushed

  await page.waitForTimeout(500);
  const draft = await storedDraft(page, id);
  expect(draft.photos).toHaveLength(1);
  const photo = draft.photos[0];
  expect(photo.field).toBe('birth_certificate_photo');
  expect(photo.bytes).toBeLessThanOrEqual(1_000_000);
  const blob = await storedBlob(page, photo.blob_key);
  expect(blob).not.toBeNull();
  expect(blob.size).toBe(photo.bytes);
  expect(blob.size).toBeLessThanOrEqual(1_000_000);
  expect(Math.max(blob.width, blob.height)).toBeLessThanOrEqual(2000);
  expect(blob.type).toBe('image/jpeg');
});
