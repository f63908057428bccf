// Bad input: unknown codes, unknown API routes, a corrupted IndexedDB.
import { expect, test } from '@playwright/test';
import { checklist, chooseCommune, PROCEDURE, ready } from './helpers';

test('an unknown procedure shows a friendly page with a link to the list', async ({ page }) => {
  await chooseCommune(page);
  await page.goto('/procedures/9.999999');
  await ready(page);
  await expect(page.locator('h1')).toBeVisible();
  await expect(page.locator('h1')).not.toBeEmpty();
  const back = page.locator('main a[href="/procedures"], a.app-link[href="/procedures"]').first();
  await expect(back).toBeVisible();
  await back.click();
  await expect(page).toHaveURL(/\/procedures$/);
  await expect(page.locator(`a[href="/procedures/${PROCEDURE}"]`).first()).toBeVisible();
});

test('an unknown commune shows a friendly page with a way back', async ({ page }) => {
  await page.goto('/c/99999');
  await ready(page);
  await expect(page.locator('h1')).not.toBeEmpty();
  await expect(page.locator('a.app-link[href="/procedures"], a.app-link[href="/"]').first()).toBeVisible();
});

test('an unknown API route is a JSON 404, not the app', async ({ request }) => {
  const response = await request.get('/api/v1/nope');
  expect(response.status()).toBe(404);
  expect(response.headers()['content-type']).toContain('application/json');
  const body = await response.json();
  expect(typeof body.error?.code).toBe('string');
  expect(typeof body.error?.message).toBe('string');
});

test('a corrupted IndexedDB is rebuilt from the server, never a blank page', async ({ page }) => {
  // Same origin, but no app (and, in this fresh context, no service worker): plant a database
  // named like the app's at a version far above any the app knows, with a store it never made.
  await page.goto('/api/v1/nope');
  const planted = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('motcua', 2 ** 40);
        open.onupgradeneeded = () => open.result.createObjectStore('garbage');
        open.onsuccess = () => {
          const version = open.result.version;
          open.result.close();
          resolve(version);
        };
        open.onerror = () => reject(open.error);
      }),
  );
  expect(planted).toBe(2 ** 40);

  await chooseCommune(page);
  await page.goto(`/procedures/${PROCEDURE}`);
  await ready(page);
  await expect(page.locator('h1')).toContainText(/khai sinh/i);
  const boxes = await checklist(page);
  expect(await boxes.count()).toBeGreaterThanOrEqual(2);
  // Ticks still persist in the rebuilt database.
  await boxes.nth(0).check();
  await page.waitForTimeout(500);
  await page.reload();
  await ready(page);
  await expect((await checklist(page)).nth(0)).toBeChecked();
});
