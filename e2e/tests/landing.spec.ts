// Server-rendered landing pages (issue 9, crates/server/src/landing): a cold visit to a guide
// link or to a QR code of a procedure (or of an official, a notice) gets the page as HTML, with
// no wasm before it; the app loads after the page's `load` event and takes the page over in place
// (src/ssr.rs), keeping what the citizen did meanwhile. The app's main wasm is held back with `page.route` to show that.
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { COMMUNE, expectAccessible, holdApp, holdSync, insertQrLink, MAIN_WASM, PROCEDURE, randomToken, ready, sharedDbPath, shownText, sql, watchPanics } from './helpers';

/** The token of the commune's QR code of `key` (`procedure:1.001193`, `office`). */
function qrToken(key: string): string {
  const token = execFileSync('sqlite3', ['-readonly', sharedDbPath(), `SELECT token FROM qr_links WHERE commune = '${COMMUNE}' AND target_key = '${key}'`], {
    encoding: 'utf8',
  }).trim();
  if (!token) throw new Error(`no QR code of ${key}: open /c/${COMMUNE}/posters first`);
  return token;
}

test('a guide link is HTML first; the app takes it over in place, keeping a tick and the focus', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const panics = watchPanics(page);
  const held = await holdApp(page);

  await page.goto(`/procedures/${PROCEDURE}?commune=${COMMUNE}`);
  const serverH1 = page.locator('#ssr main h1');
  await expect(serverH1).toContainText('khai sinh');
  await expect(page.locator('#ssr .app-facts')).toBeVisible();
  await expectAccessible(page, 'the server-rendered guide');
  // The app is asked for only once the page has loaded, and is still held.
  await page.waitForFunction(() => document.readyState === 'complete');
  await expect.poll(() => held.requests).toBe(1);
  expect(await page.evaluate(() => 'wasmBindings' in window)).toBe(false);

  const serverText = await shownText(page, '#ssr');

  // The citizen ticks a document before the app is there; the box keeps the focus.
  const box = page.locator('#ssr input[data-doc-id]').first();
  const doc = await box.getAttribute('data-doc-id');
  await box.check();
  await expect(box).toBeFocused();
  const before = await serverH1.boundingBox();

  held.release();
  await ready(page);
  await expect(page.locator('#ssr')).toHaveCount(0);
  const appBox = page.locator(`input[data-doc-id="${doc}"]`);
  await expect(appBox).toBeChecked();
  await expect(appBox).toBeFocused();
  await expect(page.locator('.app-checklist__progress')).toContainText('Đã chuẩn bị 1/');
  // In place: the heading did not move, and the app shows what the server's page showed.
  const after = await page.locator('main h1').boundingBox();
  expect(after?.y).toBeCloseTo(before?.y ?? -1, 0);
  expect(await shownText(page, 'body')).toEqual(serverText);
  await expectAccessible(page, 'the guide once the app took over');

  // The tick was saved by the app: a reload (HTML again, then the app) shows it.
  await page.unroute(MAIN_WASM);
  await page.reload();
  await ready(page);
  await expect(page.locator(`input[data-doc-id="${doc}"]`)).toBeChecked();
  expect(panics).toEqual([]);
  await context.close();
});

test('"Start" on the server-rendered guide works before the app has taken over', async ({ page }) => {
  const panics = watchPanics(page);
  const held = await holdApp(page);
  await page.goto(`/procedures/${PROCEDURE}?commune=${COMMUNE}`);
  await expect(page.locator('#ssr main h1')).toContainText('khai sinh');
  await page.locator('#ssr #start-draft').click();
  await expect(page).toHaveURL(/\/drafts\/new\?procedure=1\.001193&commune=11560$/);
  held.release();
  // The new draft replaces `/drafts/new` in the history: Back returns to the guide.
  await expect(page).toHaveURL(/\/drafts\/[0-9a-f]{32}$/, { timeout: 20_000 });
  await ready(page);
  await expect(page.locator('main h1')).toContainText('khai sinh');
  await expect(page.locator(`a[href$="/child"]`).first()).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`/procedures/${PROCEDURE.replace('.', '\\.')}\\?commune=${COMMUNE}$`));
  expect(panics).toEqual([]);
});

test('a QR code of a procedure lands on its guide as HTML, in the language the app remembered', async ({ browser, baseURL }) => {
  const context = await browser.newContext();
  await context.addCookies([{ name: 'motcua_lang', value: 'en', url: baseURL! }]);
  const page = await context.newPage();
  const panics = watchPanics(page);
  const procedure = await (await page.request.get(`/api/v1/procedures/${PROCEDURE}?commune=${COMMUNE}`)).json();
  await page.request.get(`/c/${COMMUNE}/posters`); // creates the commune's QR codes
  const held = await holdApp(page);

  await page.goto(`/q/${qrToken(`procedure:${PROCEDURE}`)}`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('#ssr main h1')).toHaveText(procedure.name.en);
  await expect(page.locator('#ssr .app-qr')).toHaveAttribute('data-qr-status', 'found');
  await expectAccessible(page, 'the server-rendered QR landing (en)');

  held.release();
  await ready(page);
  await expect(page.locator('#ssr')).toHaveCount(0);
  // The app speaks the page's language (nothing in localStorage yet) and remembers it.
  await expect(page.locator('main h1')).toHaveText(procedure.name.en);
  await expect(page.locator('#lang-toggle')).toHaveAttribute('aria-pressed', 'true');

  // A QR code of the office is the app's own page (no HTML guide for it).
  await page.goto(`/q/${qrToken('office')}`);
  await ready(page);
  expect(await page.evaluate(() => document.getElementById('ssr'))).toBeNull();
  expect(panics).toEqual([]);
  await context.close();
});

test('a QR code of an official or a notice is HTML first too, and the app shows the same', async ({ browser }) => {
  // Another commune's office, so the other specs' staff list stays as it is.
  const other = '11557';
  const staff = [{ id: 'e2e-landing', name: 'Trần Văn Bình', role: { vi: 'Công chức Văn hóa – Xã hội', en: 'Culture officer' }, phone: '0912 000 111', desk: '2' }];
  sql(
    `UPDATE catalog_meta SET version = version + 1 WHERE id = 1; ` +
      `UPDATE communes SET office = json_set(office, '$.staff', json('${JSON.stringify(staff).replace(/'/g, "''")}')), ` +
      `version = (SELECT version FROM catalog_meta WHERE id = 1) WHERE code = '${other}';`,
  );
  const official = randomToken();
  insertQrLink(official, { kind: 'official', staff_id: 'e2e-landing' }, { commune: other });
  const wifi = randomToken();
  insertQrLink(wifi, { kind: 'notice', title: { vi: 'Wifi <miễn phí>', en: 'Free wifi' }, body: { vi: 'Mạng: UBND-Khach', en: 'Network: UBND-Khach' } }, { commune: other });

  for (const [token, heading] of [
    [official, 'Trần Văn Bình'],
    [wifi, 'Wifi <miễn phí>'],
  ]) {
    await test.step(heading, async () => {
      // A fresh context each: no service worker, whose answers `page.route` cannot hold back.
      const context = await browser.newContext();
      const page = await context.newPage();
      const panics = watchPanics(page);
      const held = await holdApp(page);
      // The commune's name in the header comes with the QR answer, not the commune list.
      const sync = await holdSync(page);
      await page.goto(`/q/${token}`);
      await expect(page.locator('#ssr main h1')).toHaveText(heading);
      await expectAccessible(page, `the server-rendered QR landing of ${heading}`);
      const serverText = await shownText(page, '#ssr');
      held.release();
      await ready(page);
      await expect(page.locator('#ssr')).toHaveCount(0);
      expect(await shownText(page, 'body')).toEqual(serverText);
      sync.release();
      expect(panics).toEqual([]);
      await context.close();
    });
  }
});

test('when the app cannot get the data, the server\'s guide stays; back online, the app takes over', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const panics = watchPanics(page);
  // The HTML came; then the wifi drops before the app's own requests for the guide get through.
  const api = /\/api\/v1\/(catalog|procedures\/)/;
  await page.route(api, (route) => route.abort('internetdisconnected'));
  await page.goto(`/procedures/${PROCEDURE}?commune=${COMMUNE}`);
  await ready(page);
  // The app could not show the guide (it has nothing stored): the server's page stays.
  await expect(page.locator('#ssr main h1')).toBeVisible();
  await expect(page.locator('#ssr main h1')).toContainText('khai sinh');
  await page.waitForTimeout(1_500);
  await expect(page.locator('#ssr')).toHaveCount(1);

  // Back online: the app pulls, renders the guide, and takes over.
  await page.unroute(api);
  await context.setOffline(true);
  await context.setOffline(false);
  await expect(page.locator('#ssr')).toHaveCount(0, { timeout: 20_000 });
  await expect(page.locator('main h1')).toContainText('khai sinh');
  await expect(page.locator('main h1')).toBeVisible();
  expect(panics).toEqual([]);
  await context.close();
});

test('a link on the server\'s page followed once the app is there opens the app\'s next page', async ({ page }) => {
  const panics = watchPanics(page);
  // The guide's data held (the one procedure, the catalog): the app is mounted (hidden) but has
  // nothing to show, so it has not taken over yet.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/api\/v1\/(catalog\?|procedures\/)/, async (route) => {
    await released;
    await route.continue();
  });
  await page.goto(`/procedures/${PROCEDURE}?commune=${COMMUNE}`);
  await page.waitForFunction(() => 'wasmBindings' in window);
  await expect(page.locator('#ssr ~ main h1')).toBeAttached();
  await expect(page.locator('#ssr')).toHaveCount(1);
  await page.locator('#ssr .app-back a').click();
  // The app's router took the link: its page is shown, the server's is gone.
  await expect(page).toHaveURL(new RegExp(`/procedures\\?commune=${COMMUNE}$`));
  await expect(page.locator('#ssr')).toHaveCount(0);
  await expect(page.locator('main h1')).toBeVisible();
  release();
  await ready(page);
  await expect(page.locator(`a[href^="/procedures/${PROCEDURE}"]`).first()).toBeVisible();
  expect(panics).toEqual([]);
});

// Issue 9's budget: a cold visit's first screen ≤ 250 KB compressed. On a landing that is the
// HTML and what the page needs before its `load` event; the app (wasm, JS) starts after it.
test('the first screen of a cold landing fits the 250 KB budget, with no wasm before load', async ({ browser }) => {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(`/procedures/${PROCEDURE}?commune=${COMMUNE}`, { waitUntil: 'load' });
  await expect(page.locator('#ssr main h1')).toContainText('khai sinh');
  const { bytes, names } = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const before = performance
      .getEntriesByType('resource')
      .filter((e) => (e as PerformanceResourceTiming).responseEnd <= nav.loadEventStart) as PerformanceResourceTiming[];
    return {
      bytes: nav.transferSize + before.reduce((sum, e) => sum + e.transferSize, 0),
      names: before.map((e) => new URL(e.name).pathname),
    };
  });
  console.log(`landing first screen: ${(bytes / 1000).toFixed(1)} KB over ${names.length + 1} requests (${names.join(', ')})`);
  expect(names.filter((n) => /\.(wasm|js)$/.test(n)), 'app code before load').toEqual([]);
  expect(bytes).toBeGreaterThan(5_000); // the page and its stylesheet did come over the network
  expect(bytes).toBeLessThanOrEqual(250_000);
  await context.close();
});
