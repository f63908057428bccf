// QR links in the browser: posters, landings (online, offline after one visit, unknown,
// retired, malformed), and the scanner fed by a fake camera (Chromium's y4m capture).
import { chromium, expect, test, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMMUNE, insertQrLink as insertLink, PROCEDURE, randomToken, ready, serviceWorkerActive, sql, watchPanics } from './helpers';
import { FIXTURES } from '../fixtures/birth.mjs';
import { matrixFromPoster, writeY4m } from './y4m';

/** Creates the commune's poster links (as staff opening the poster index do) and returns one. */
async function tokenOf(page: Page, key: string): Promise<string> {
  const index = await page.request.get(`/c/${COMMUNE}/posters`);
  expect(index.status()).toBe(200);
  const token = sql(`SELECT token FROM qr_links WHERE commune = '${COMMUNE}' AND target_key = '${key}'`);
  expect(token).toMatch(/^[2-9A-HJKMNP-TV-Z]{8}$/);
  return token;
}

const h1 = (page: Page) => page.locator('main h1, h1').first();

test('a poster prints the QR code of its short link', async ({ page }) => {
  const token = await tokenOf(page, `procedure:${PROCEDURE}`);
  for (const size of ['a4', 'a6']) {
    await page.goto(`/q/${token}/poster?size=${size}`);
    await expect(page.locator('svg.qr path')).toHaveCount(1);
    await expect(page.locator('svg.qr')).toHaveAttribute('aria-label', new RegExp(`/q/${token}$`));
    await expect(page.locator('h1')).toContainText('khai sinh');
    await expect(page.locator('p.url')).toHaveText(new RegExp(`/q/${token}$`));
    await expect(page.locator(`main.sheet--${size}`)).toBeVisible();
    await expect(page.locator('#print-poster')).toBeVisible();
  }
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.toolbar')).toBeHidden();
  await page.goto(`/c/${COMMUNE}/posters`);
  await expect(page.locator(`a[href="/q/${token}/poster?size=a4"]`)).toHaveCount(1);
});

test('a QR landing shows the procedure at once, and again offline after one visit', async ({ page, context }) => {
  const panics = watchPanics(page);
  const token = await tokenOf(page, `procedure:${PROCEDURE}`);
  const office = await tokenOf(page, 'office');
  await page.goto(`/q/${token}`);
  await ready(page);
  await expect(page.locator('[data-qr-status="found"]')).toBeVisible();
  await expect(h1(page)).toContainText('khai sinh');
  await expect(page.locator('ul.app-checklist')).toBeVisible();
  await serviceWorkerActive(page);
  // The visitor's commune is remembered and its catalog (with every QR link) syncs behind.
  await expect
    .poll(() => page.evaluate(() => localStorage.getItem('motcua.commune')))
    .toBe(COMMUNE);
  // Wait until the commune's catalog (with its QR links) is stored in IndexedDB.
  await expect
    .poll(
      () =>
        page.evaluate(
          () =>
            new Promise<boolean>((ok) => {
              const open = indexedDB.open('motcua');
              open.onerror = () => ok(false);
              open.onsuccess = () => {
                try {
                  const get = open.result.transaction('catalogs').objectStore('catalogs').get('11560');
                  get.onsuccess = () => ok(typeof get.result === 'string' && get.result.includes('"qr_links":[{'));
                  get.onerror = () => ok(false);
                } catch {
                  ok(false);
                }
              };
            }),
        ),
      { timeout: 20_000 },
    )
    .toBe(true);

  await context.setOffline(true);
  await page.reload();
  await ready(page);
  await expect(h1(page)).toContainText('khai sinh');
  // A code never opened on this phone resolves offline from the synced catalog.
  await page.goto(`/q/${office}`);
  await ready(page);
  await expect(page.locator('[data-qr-status="found"]')).toBeVisible();
  await expect(h1(page)).toContainText('Thủy Nguyên');
  // An unknown code offline: a helpful page, not a blank one.
  await page.goto(`/q/${randomToken()}`);
  await ready(page);
  await expect(page.locator('[data-qr-status="offline"], [data-qr-status="unknown"]')).toBeVisible();
  await expect(page.locator('a[href^="/procedures"]').first()).toBeVisible();
  await context.setOffline(false);
  expect(panics).toEqual([]);
});

test('unknown, malformed and retired codes get a helpful page with search and the office phone', async ({ page }) => {
  sql(
    `UPDATE catalog_meta SET version = version + 1 WHERE id = 1; ` +
      `UPDATE communes SET office = json_set(office, '$.phone', '0225 3 873 000'), ` +
      `version = (SELECT version FROM catalog_meta WHERE id = 1) WHERE code = '${COMMUNE}';`,
  );
  for (const path of [`/q/${randomToken()}`, '/q/abc!!', `/q/${'A'.repeat(300)}`, '/q/%3Cscript%3E']) {
    await page.goto(path);
    await ready(page);
    await expect(page.locator('[data-qr-status="unknown"]'), path).toBeVisible();
    await expect(h1(page)).toHaveText('Không tìm thấy mã QR này');
    await expect(page.locator('a[href^="/procedures"]').first()).toBeVisible();
    await expect(page.locator('a[href="/scan"]').first()).toBeVisible();
  }
  const retired = randomToken();
  insertLink(retired, { kind: 'notice', title: { vi: 'Wifi cũ', en: 'Old wifi' }, body: { vi: 'x', en: 'x' } }, { retired: true });
  await page.goto(`/q/${retired}`);
  await ready(page);
  await expect(page.locator('[data-qr-status="retired"]')).toBeVisible();
  await expect(h1(page)).toHaveText('Mã QR này đã ngừng sử dụng');
  await expect(page.locator('a[href="tel:02253873000"]')).toBeVisible();
  await expect(page.locator(`a[href="/procedures?commune=${COMMUNE}"]`)).toBeVisible();
});

test('a notice shows its text; markup in it stays text', async ({ page }) => {
  const token = randomToken();
  insertLink(token, {
    kind: 'notice',
    title: { vi: 'Wifi cho người dân <b>', en: 'Wifi for citizens' },
    body: { vi: 'Mạng: UBND-Khach\nMật khẩu: <img src=x onerror=alert(1)>', en: 'Network: UBND-Khach' },
  });
  await page.goto(`/q/${token}`);
  await ready(page);
  await expect(h1(page)).toHaveText('Wifi cho người dân <b>');
  await expect(page.locator('.app-notice-text')).toContainText('<img src=x onerror=alert(1)>');
  await expect(page.locator('main img')).toHaveCount(0);
});

test('without a camera the scanner says so and takes a typed code', async ({ page }) => {
  const token = await tokenOf(page, `procedure:${PROCEDURE}`);
  await page.goto('/scan');
  await ready(page);
  await expect(page.locator('#scan-no-camera')).toBeVisible();
  await page.locator('#qr-manual').fill('javascript:alert(1)');
  await page.locator('#qr-manual-submit').click();
  await expect(page.locator('#qr-manual-error')).toBeVisible();
  await expect(page).toHaveURL(/\/scan$/);
  await page.locator('#qr-manual').fill(token.toLowerCase());
  await page.locator('#qr-manual-submit').click();
  await expect(page).toHaveURL(new RegExp(`/q/${token}$`));
  await expect(h1(page)).toContainText('khai sinh');
});

/** A browser whose camera shows `matrix`, and a page on `/scan` in it. */
async function scanWith(baseURL: string, matrix: string[], name: string) {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-cam-'));
  const file = join(dir, `${name}.y4m`);
  writeY4m(file, matrix);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${file}`,
    ],
  });
  const context = await browser.newContext({ baseURL, viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  return { browser, page };
}

test('the scanner follows a poster code seen by the camera (wasm decoder in a worker)', async ({ page, baseURL }) => {
  const token = await tokenOf(page, `procedure:${PROCEDURE}`);
  const poster = await (await page.request.get(`/q/${token}/poster`)).text();
  const { browser, page: cam } = await scanWith(baseURL!, matrixFromPoster(poster), 'poster');
  try {
    const panics = watchPanics(cam);
    const wasm: string[] = [];
    cam.on('request', (r) => {
      if (r.url().includes('qrscan')) wasm.push(new URL(r.url()).pathname);
    });
    await cam.goto('/scan?decoder=wasm');
    await ready(cam);
    await expect(cam).toHaveURL(new RegExp(`/q/${token}$`), { timeout: 30_000 });
    await expect(h1(cam)).toContainText('khai sinh');
    expect(wasm).toContain('/qrscan_bg.wasm');
    expect(panics).toEqual([]);
  } finally {
    await browser.close();
  }
});

test('a scanned foreign or javascript: code is shown as text and not followed', async ({ baseURL }) => {
  const fixtures = JSON.parse(readFileSync(join(FIXTURES, 'qr-foreign.json'), 'utf8')) as Record<string, string[]>;
  for (const [text, matrix] of Object.entries(fixtures)) {
    const { browser, page } = await scanWith(baseURL!, matrix, 'foreign');
    try {
      let dialogs = 0;
      page.on('dialog', (d) => {
        dialogs++;
        void d.dismiss();
      });
      await page.goto('/scan?decoder=wasm');
      await ready(page);
      await expect(page.locator('#scan-foreign code')).toHaveText(text, { timeout: 30_000 });
      await expect(page).toHaveURL(/\/scan\?decoder=wasm$/);
      expect(dialogs).toBe(0);
    } finally {
      await browser.close();
    }
  }
});
