// A cold visit to a procedure's guide (a citizen following a link or a QR code, empty IndexedDB,
// no service worker) renders the guide from `GET /api/v1/procedures/{code}?commune=` and takes
// the server's page over before the commune's whole catalog has come (issue 9); the catalog
// follows in the background and still ends up in IndexedDB for offline use. The catalog answer
// is held back with `page.route` until the guide is on screen.
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { COMMUNE, PROCEDURE, ready, serviceWorkerActive, sharedDbPath, watchPanics } from './helpers';

/** Another commune, so the override below does not reach the other specs' commune. */
const OTHER = '11557';
/** Another procedure of the catalog, opened offline to show the whole catalog was stored. */
const SECOND = '1.000894';

const h1 = (page: Page) => page.locator('main h1, h1').first();

/**
 * Holds every `GET /api/v1/catalog` until `release()` is called, counting them; `procedures`
 * lists the one-procedure requests.
 */
async function holdCatalog(page: Page) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const held = { catalogs: 0, procedures: [] as string[], release };
  await page.route(/\/api\/v1\/catalog\?/, async (route) => {
    held.catalogs += 1;
    await released;
    await route.continue();
  });
  page.on('request', (request) => {
    const url = new URL(request.url());
    // (gloo-net ends the query string with `&`.)
    if (url.pathname.startsWith('/api/v1/procedures/')) held.procedures.push(`${url.pathname}?${url.searchParams}`);
  });
  return held;
}

/** True once commune `code`'s catalog in IndexedDB lists procedure `procedure`. */
function catalogStored(page: Page, code: string, procedure: string): Promise<boolean> {
  return page.evaluate(
    ([code, procedure]) =>
      new Promise<boolean>((ok) => {
        const open = indexedDB.open('motcua');
        open.onerror = () => ok(false);
        open.onsuccess = () => {
          try {
            const get = open.result.transaction('catalogs').objectStore('catalogs').get(code);
            get.onsuccess = () => ok(typeof get.result === 'string' && get.result.includes(`"code":"${procedure}"`));
            get.onerror = () => ok(false);
          } catch {
            ok(false); // no store yet
          }
        };
      }),
    [code, procedure],
  );
}

test('a cold guide renders from the one procedure before the catalog, which is stored for offline use', async ({
  page,
  context,
}) => {
  const panics = watchPanics(page);
  const second = await (await page.request.get(`/api/v1/procedures/${SECOND}?commune=${COMMUNE}`)).json();
  const held = await holdCatalog(page);

  await page.goto(`/procedures/${PROCEDURE}?commune=${COMMUNE}`);
  // The server's HTML shows it first (landing.spec.ts); the app then renders it from the one
  // procedure and takes the page over: the guide is shown, and the catalog follows.
  await expect(h1(page)).toContainText('khai sinh');
  await expect(page.locator('ul.app-checklist').first()).toBeVisible();
  await expect(page.locator('.app-facts').first()).toBeVisible();
  await ready(page);
  expect(held.procedures).toEqual([`/api/v1/procedures/${PROCEDURE}?commune=${COMMUNE}`]);
  await expect(page.locator('#ssr')).toHaveCount(0);
  await expect(h1(page)).toContainText('khai sinh');
  await expect(page.locator('ul.app-checklist').first()).toBeVisible();
  // The catalog was asked for only after the page was shown, and is still held.
  await expect.poll(() => held.catalogs).toBe(1);
  expect(await catalogStored(page, COMMUNE, PROCEDURE)).toBe(false);
  // A tick while the catalog comes in stays: the page is not rebuilt when it arrives.
  const first = page.locator('ul.app-checklist input[type=checkbox]').first();
  await first.check();
  await first.focus();

  held.release();
  await expect.poll(() => catalogStored(page, COMMUNE, PROCEDURE), { timeout: 20_000 }).toBe(true);
  await expect(first).toBeChecked();
  await expect(first).toBeFocused();
  await expect.poll(() => catalogStored(page, COMMUNE, SECOND), { timeout: 20_000 }).toBe(true);
  // One catalog download: the page waited for the start-up pull instead of starting its own.
  expect(held.catalogs).toBe(1);
  await serviceWorkerActive(page);

  await context.setOffline(true);
  await page.reload();
  await ready(page);
  await expect(h1(page)).toContainText('khai sinh');
  // Any other procedure of the commune opens offline: the whole catalog was stored.
  await page.goto(`/procedures/${SECOND}?commune=${COMMUNE}`);
  await ready(page);
  await expect(h1(page)).toHaveText(second.name.vi);
  await context.setOffline(false);
  expect(panics).toEqual([]);
});

test("a cold guide's first render already shows the remembered commune's local changes", async ({ page, context }) => {
  const panics = watchPanics(page);
  const override = {
    commune: OTHER,
    procedure: PROCEDURE,
    fee: { vi: 'Lệ phí 8.000 đồng (xã)', en: 'Fee 8,000 dong (commune)' },
    fee_vnd: 8000,
    submit_at: { vi: 'Quầy số 2, tầng 1', en: 'Desk 2, ground floor' },
    note: { vi: 'Mang theo bản chính giấy chứng sinh', en: 'Bring the original birth certificate' },
  };
  const json = JSON.stringify(override).replace(/'/g, "''");
  execFileSync('sqlite3', [
    sharedDbPath(),
    `UPDATE catalog_meta SET version = version + 1 WHERE id = 1; ` +
      `INSERT INTO local_overrides (commune, procedure, body, version) ` +
      `VALUES ('${OTHER}', '${PROCEDURE}', '${json}', (SELECT version FROM catalog_meta WHERE id = 1)) ` +
      `ON CONFLICT (commune, procedure) DO UPDATE SET body = excluded.body, version = excluded.version;`,
  ]);
  // A phone that chose its commune before (no `?commune=` in the link), nothing stored.
  await context.addInitScript((code) => localStorage.setItem('motcua.commune', code), OTHER);
  const held = await holdCatalog(page);

  await page.goto(`/procedures/${PROCEDURE}`);
  await expect(h1(page)).toContainText('khai sinh');
  await expect(page.locator('.app-callout')).toContainText(override.note.vi);
  await expect(page.locator('main')).toContainText(override.submit_at.vi);
  expect(held.procedures).toEqual([`/api/v1/procedures/${PROCEDURE}?commune=${OTHER}`]);

  held.release();
  await ready(page);
  await expect(page.locator('.app-callout')).toContainText(override.note.vi);
  await expect.poll(() => catalogStored(page, OTHER, SECOND), { timeout: 20_000 }).toBe(true);
  expect(panics).toEqual([]);
});

test('a cold visit to an unknown procedure ends on the not-found page once the catalog is in', async ({ page }) => {
  const held = await holdCatalog(page);
  await page.goto(`/procedures/9.999999?commune=${COMMUNE}`);
  await expect.poll(() => held.catalogs).toBe(1);
  held.release();
  await ready(page);
  await expect(h1(page)).toHaveText('Không tìm thấy thủ tục này');
});
