// The app's wasm is split (issue 9, xtask/src/app_wasm.rs): a cold visit downloads only the main
// module; the drafts, tracking, rating, scanner and dashboard pages and the outbox are parts
// loaded when first needed, which the service worker precaches so they open offline.
import { expect, test, type Page, type Request } from '@playwright/test';
import { chooseCommune, COMMUNE, expectAccessible, PROCEDURE, ready, serviceWorkerActive } from './helpers';

/** A lazily loaded part: any wasm of the build other than the main module. */
const PART = /\/motcua-[0-9a-f]+\/(?!motcua_bg\.wasm)[^/]+\.wasm$/;

/** How many resources the page fetched whose URL contains `name`. */
function fetchedCount(page: Page, name: string): Promise<number> {
  return page.evaluate((n) => performance.getEntriesByType('resource').filter((e) => e.name.includes(n)).length, name);
}

test('a cold guide visit fetches no lazily loaded part before the guide is shown', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  // When the first render from data is done (`body[data-ready]`), on the page's own clock.
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.body?.dataset.ready === '1') {
        (window as unknown as { readyAt: number }).readyAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-ready'] });
  });
  await page.goto(`/procedures/${PROCEDURE}?commune=${COMMUNE}`);
  await ready(page);
  await expect(page.locator('h1')).toContainText(/khai sinh/i);
  // Time for anything started after the first render to be fetched.
  await page.waitForTimeout(1_000);
  const { readyAt, wasm } = await page.evaluate(() => ({
    readyAt: (window as unknown as { readyAt: number }).readyAt,
    wasm: performance
      .getEntriesByType('resource')
      .filter((e) => e.name.endsWith('.wasm'))
      .map((e) => ({ path: new URL(e.name).pathname, start: e.startTime })),
  }));
  expect(readyAt).toBeGreaterThan(0);
  expect(wasm.filter((w) => /\/motcua-[0-9a-f]+\/motcua_bg\.wasm$/.test(w.path))).toHaveLength(1);
  const early = wasm.filter((w) => PART.test(w.path) && w.start < readyAt);
  expect(early, 'parts fetched before the first render').toEqual([]);
  // Nothing is queued on a first visit: not even the outbox's part is fetched; no page's part.
  expect(wasm.filter((w) => /split_outbox/.test(w.path))).toEqual([]);
  expect(wasm.filter((w) => /_route_view|_page|rating_form/.test(w.path))).toEqual([]);

  // Opening the dashboard fetches its part then.
  await page.goto('/stats');
  await ready(page);
  await expect(page.locator('h1')).toBeVisible();
  expect(await fetchedCount(page, 'stats_page')).toBeGreaterThan(0);
  await context.close();
});

test('a part that cannot be fetched shows a message and a retry that loads the page', async ({ browser }) => {
  // No service worker: the part must come from the network, which fails for it.
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  let blocked = 0;
  await context.route(PART, (route) => {
    blocked += 1;
    return route.abort('internetdisconnected');
  });
  await page.goto(`/procedures/${PROCEDURE}?commune=${COMMUNE}`);
  await ready(page);

  // In-app navigation to a lazily loaded page: the app keeps running and says what happened.
  await page.evaluate(() => {
    const a = document.createElement('a');
    a.href = '/stats';
    a.id = 'to-stats';
    a.textContent = 'stats';
    document.querySelector('main')?.append(a);
  });
  await page.locator('#to-stats').click();
  await expect(page.locator('h1')).toHaveText('Chưa tải được trang này');
  expect(blocked).toBeGreaterThan(0);
  await expect(page.locator('#part-retry')).toBeVisible();
  await expectAccessible(page);
  // The rest of the app still works: back to the guide.
  await page.goBack();
  await expect(page.locator('h1')).toContainText(/khai sinh/i);

  // The network is back: "Thử lại" on the page loads it.
  await page.goForward();
  await expect(page.locator('h1')).toHaveText('Chưa tải được trang này');
  await context.unroute(PART);
  await page.locator('#part-retry').click();
  await ready(page);
  await expect(page.locator('h1')).not.toHaveText('Chưa tải được trang này');
  await expect(page.locator('.app-stats__totals')).toBeVisible();
  await context.close();
});

test('the service worker precaches every part: each lazily loaded page opens offline', async ({ page, context }) => {
  await page.goto(`/procedures/${PROCEDURE}?commune=${COMMUNE}`);
  await ready(page);
  await serviceWorkerActive(page);
  const cached = await page.evaluate(async () => {
    const keys = await caches.keys();
    const cache = await caches.open(keys.find((k) => k.startsWith('motcua-shell-'))!);
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  });
  const parts = cached.filter((p) => PART.test(p));
  expect(parts.length).toBeGreaterThan(5);

  await context.setOffline(true);
  for (const path of ['/drafts', '/track', '/stats', '/rate']) {
    await page.goto(path);
    await ready(page);
    await expect(page.locator('h1')).not.toHaveText('Chưa tải được trang này');
  }
  await context.setOffline(false);
});

test("the office page's rating form is a part of its own: a failed fetch says so, the rest of the page stays, and a retry loads it", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const RATING = /split_rating_form[^/]*\.wasm$/;
  await context.route(RATING, (route) => route.abort('internetdisconnected'));
  await page.goto(`/c/${COMMUNE}`);
  await ready(page);
  // The office's details are there; where the form goes, a message and a button.
  await expect(page.locator('h1')).toBeVisible();
  await expect(page.locator('#rate-heading')).toBeVisible();
  const failed = page.locator('.app-deferred-failed');
  await expect(failed).toContainText('Chưa tải được phần này');
  await expect(page.locator('#f-level')).toHaveCount(0);
  await expectAccessible(page);

  await context.unroute(RATING);
  await failed.getByRole('button', { name: 'Thử lại' }).click();
  await expect(page.locator('#f-level')).toBeVisible();
  await expect(failed).toHaveCount(0);
  expect(await fetchedCount(page, 'split_rating_form')).toBeGreaterThan(0);
  await context.close();
});

test("search's index builder is a part of its own: a failed fetch says so instead of loading forever, and a retry finds", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  const INDEX = /split_search_index[^/]*\.wasm$/;
  await context.route(INDEX, (route) => route.abort('internetdisconnected'));
  await chooseCommune(page);
  const box = page.getByRole('searchbox', { name: 'Tìm thủ tục' });
  await box.fill('khai sinh');
  const failed = page.locator('.app-deferred-failed');
  await expect(failed).toContainText('Chưa tải được phần này');
  // What was typed stays.
  await expect(box).toHaveValue('khai sinh');
  await expectAccessible(page);

  await context.unroute(INDEX);
  await failed.getByRole('button', { name: 'Thử lại' }).click();
  await expect(page.locator('ol.app-search-results__list > li a').first()).toHaveAttribute('href', `/procedures/${PROCEDURE}`);
  await expect(failed).toHaveCount(0);
  await context.close();
});

test("a returning draft's part comes in a few files: the splitter's small shared chunks are merged", async ({ browser }) => {
  // No service worker: every file the part needs is a request of its own.
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(`/drafts/new?procedure=${PROCEDURE}&commune=${COMMUNE}`);
  await expect(page).toHaveURL(/\/drafts\/[0-9a-f]{32}$/, { timeout: 20_000 });
  await ready(page);
  // The returning visit: the draft page is where the app starts.
  await page.reload();
  await ready(page);
  await expect(page.locator('main h1')).toContainText('khai sinh');
  const parts = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => new URL(e.name).pathname)
      .filter((p) => p.endsWith('.wasm') && !p.endsWith('/motcua_bg.wasm')),
  );
  expect(parts.some((p) => p.endsWith('/split_draft_page.wasm'))).toBe(true);
  // 40 files with the splitter's own chunks (one per set of parts sharing code); 13 merged.
  expect(parts.length, parts.join('\n')).toBeLessThanOrEqual(16);
  await context.close();
});
