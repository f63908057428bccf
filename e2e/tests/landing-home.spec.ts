// The home page and the public dashboard are HTML first too (issue 9, crates/server/src/landing:
// home.rs, dashboard.rs): the server renders them in the app's markup, the app loads after the
// page's `load` event and takes the page over in place (src/ssr.rs), once it shows the same
// content (`#ssr[data-until]`: the commune list, the numbers). What the citizen typed meanwhile
// is carried over. The app's main wasm is held back with `page.route` to show that.
import { expect, test, type BrowserContext } from '@playwright/test';
import { COMMUNE, expectAccessible, holdApp, ready, shownText, watchPanics } from './helpers';

/** A fresh context (no service worker, whose answers `page.route` cannot hold) with the commune chosen, or not. */
async function visitor(browser: import('@playwright/test').Browser, baseURL: string, chosen: boolean): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  if (chosen) {
    // As the app leaves them once a commune is chosen: the cookie (for the server) and the key.
    await context.addCookies([{ name: 'motcua_commune', value: COMMUNE, url: baseURL }]);
    await context.addInitScript((code) => localStorage.setItem('motcua.commune', code), COMMUNE);
  }
  return context;
}

test('the home page is HTML first with every commune; the app takes it over showing the same', async ({ browser, baseURL }) => {
  const communes = await (await (await browser.newContext()).request.get(`${baseURL}/api/v1/communes`)).json();
  for (const chosen of [false, true]) {
    await test.step(chosen ? 'a commune chosen before' : 'a first visit', async () => {
      const context = await visitor(browser, baseURL!, chosen);
      const page = await context.newPage();
      const panics = watchPanics(page);
      const { release } = await holdApp(page);
      await page.goto('/');
      await expect(page.locator('#ssr main h1')).toHaveText('Chọn xã, phường của bạn');
      await expect(page.locator('#ssr .app-commune-list__item')).toHaveCount(communes.length);
      await expect(page.locator('#ssr #your-commune')).toHaveCount(chosen ? 1 : 0);
      await expectAccessible(page, `the server-rendered home page (${chosen ? 'chosen' : 'first visit'})`);
      await page.waitForFunction(() => document.readyState === 'complete');
      expect(await page.evaluate(() => 'wasmBindings' in window)).toBe(false);
      const serverText = await shownText(page, '#ssr');
      const before = await page.locator('#ssr main h1').boundingBox();

      release();
      await ready(page);
      await expect(page.locator('#ssr')).toHaveCount(0);
      expect(await shownText(page, 'body')).toEqual(serverText);
      const after = await page.locator('main h1').boundingBox();
      expect(after?.y).toBeCloseTo(before?.y ?? -1, 0);
      await expectAccessible(page, 'the home page once the app took over');
      expect(panics).toEqual([]);
      await context.close();
    });
  }
});

test('text typed on the server\'s home page before the app is there is kept, and filters', async ({ browser, baseURL }) => {
  const context = await visitor(browser, baseURL!, false);
  const page = await context.newPage();
  const panics = watchPanics(page);
  const { release } = await holdApp(page);
  await page.goto('/');
  const filter = page.locator('#ssr #commune-filter');
  await filter.fill('thuy nguyen');
  await expect(filter).toBeFocused();

  release();
  await ready(page);
  await expect(page.locator('#ssr')).toHaveCount(0);
  // The app's filter has the text, keeps the focus, and filtered the list with it.
  const appFilter = page.locator('#commune-filter');
  await expect(appFilter).toHaveValue('thuy nguyen');
  await expect(appFilter).toBeFocused();
  await expect(page.locator('.app-commune-list__item').first()).toContainText('Thủy Nguyên');
  await expect(page.locator('.app-chooser__count')).toContainText(/Đang hiển thị [1-9]\d?\//);
  // The citizen goes on typing in the app.
  await appFilter.press('End');
  await appFilter.pressSequentially('x');
  await expect(page.locator('.app-commune-list__item')).toHaveCount(0);
  expect(panics).toEqual([]);
  await context.close();
});

test('the dashboard is HTML first, named for the chosen commune, and the app shows the same numbers', async ({ browser, baseURL }) => {
  const context = await visitor(browser, baseURL!, true);
  const page = await context.newPage();
  const panics = watchPanics(page);
  const commune = await (await page.request.get(`/api/v1/communes/${COMMUNE}`)).json();
  const { release } = await holdApp(page);
  await page.goto('/stats');
  await expect(page.locator('#ssr main h1')).toHaveText('Kết quả giải quyết hồ sơ');
  await expect(page.locator('#ssr .app-header__commune-name')).toHaveText(commune.name_vi);
  await expect(page.locator('#ssr .app-stats__totals')).toBeVisible();
  await expect(page.locator('#ssr svg.app-chart')).toBeVisible();
  await expectAccessible(page, 'the server-rendered dashboard');
  const serverText = await shownText(page, '#ssr');

  release();
  await ready(page);
  await expect(page.locator('#ssr')).toHaveCount(0);
  expect(await shownText(page, 'body')).toEqual(serverText);
  await expectAccessible(page, 'the dashboard once the app took over');
  expect(panics).toEqual([]);
  await context.close();
});
