// Installable (issue 9): Chromium finds no installability error on `/` (manifest with PNG icons
// 192/512, a maskable icon, a service worker with a fetch handler), and the service worker
// precaches every icon the manifest names. Playwright's usual contexts are incognito, where
// Chromium never offers an install ("in-incognito"): this test uses a persistent profile.
import { chromium, expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ready } from './helpers';

test('Chromium can install the app from /', async () => {
  const profile = mkdtempSync(join(tmpdir(), 'motcua-profile-'));
  const { baseURL, launchOptions, viewport } = test.info().project.use;
  const context = await chromium.launchPersistentContext(profile, { ...launchOptions, baseURL, viewport });
  try {
    const page = await context.newPage();
    await page.goto('/');
    await ready(page);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);

    const manifest = await (await page.request.get('/manifest.webmanifest')).json();
    expect(manifest.id).toBe('/');
    expect(manifest.lang).toBe('vi');
    const icons: { src: string; sizes: string; type: string; purpose: string }[] = manifest.icons;
    for (const [sizes, purpose] of [
      ['192x192', 'any'],
      ['512x512', 'any'],
      ['512x512', 'maskable'],
    ]) {
      const icon = icons.find((i) => i.sizes === sizes && i.purpose === purpose && i.type === 'image/png');
      expect(icon, `${sizes} ${purpose}`).toBeDefined();
      const response = await page.request.get(icon!.src);
      expect(response.headers()['content-type']).toBe('image/png');
    }

    // Every icon is in the service worker's cache (the launcher shows it offline).
    const missing = await page.evaluate(
      async (srcs) => {
        const out: string[] = [];
        for (const src of srcs) if (!(await caches.match(src))) out.push(src);
        return out;
      },
      icons.map((i) => i.src),
    );
    expect(missing).toEqual([]);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
