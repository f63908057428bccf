// Issue 9's budget, measured in the browser: what a cold visit of a QR code or of a shared guide
// link downloads until the app shows the page (it has taken the server's page over and marked
// itself ready) — the server's HTML, the stylesheet, the app's JS and wasm, and the data the page
// needs — at most 250 KB as sent (brotli from this server, headers included). `cargo xtask
// budget` checks the static part at build time; this adds what only a real visit shows.
//
// After that the app syncs in the background for the rest of the visit and for offline use: the
// commune list and the commune's whole catalog (about 50 KB). The test checks that it does, and
// prints both numbers. The service worker is blocked: it installs after the first screen and
// precaches every wasm part for offline use, another background download (see docs/NUMBERS.md).
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { COMMUNE, holdSync, PROCEDURE, ready, sharedDbPath } from './helpers';

const BUDGET = 250_000;

type Kind = 'wasm' | 'js' | 'css' | 'data' | 'page and other';

function kindOf(url: string): Kind {
  const path = new URL(url).pathname;
  if (path.endsWith('.wasm')) return 'wasm';
  if (path.endsWith('.js')) return 'js';
  if (path.endsWith('.css')) return 'css';
  if (path.startsWith('/api/')) return 'data';
  return 'page and other';
}

/** The page's network requests from CDP: bytes as sent (`encodedDataLength`) by URL. */
async function recordRequests(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const urls = new Map<string, string>();
  const bytes = new Map<string, number>();
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.loadingFinished', (e) => bytes.set(e.requestId, e.encodedDataLength));
  cdp.on('Network.loadingFailed', (e) => bytes.set(e.requestId, 0));
  return {
    /** The finished requests so far: URL and bytes. */
    finished: () => [...bytes].map(([id, n]) => ({ url: urls.get(id) ?? '', bytes: n })),
    inFlight: () => [...urls.keys()].filter((id) => !bytes.has(id)).length,
  };
}

function sum(requests: { url: string; bytes: number }[]) {
  const byKind: Partial<Record<Kind, number>> = {};
  for (const r of requests) byKind[kindOf(r.url)] = (byKind[kindOf(r.url)] ?? 0) + r.bytes;
  const total = requests.reduce((a, r) => a + r.bytes, 0);
  const text = `${kb(total)} (${Object.entries(byKind).map(([k, v]) => `${k} ${kb(v)}`).join(', ')})`;
  return { total, byKind, text };
}

function kb(n: number): string {
  return `${(n / 1000).toFixed(1)} KB`;
}

for (const target of ['a QR code of a procedure', 'a shared guide link'] as const) {
  test(`a cold visit of ${target} shows its page within 250 KB, data included; the catalog follows`, async ({ browser }) => {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    let path = `/procedures/${PROCEDURE}?commune=${COMMUNE}`;
    if (target === 'a QR code of a procedure') {
      await page.request.get(`/c/${COMMUNE}/posters`); // creates the commune's QR codes
      const token = execFileSync(
        'sqlite3',
        ['-readonly', sharedDbPath(), `SELECT token FROM qr_links WHERE commune = '${COMMUNE}' AND target_key = 'procedure:${PROCEDURE}'`],
        { encoding: 'utf8' },
      ).trim();
      path = `/q/${token}`;
    }
    const requests = await recordRequests(page);
    // The background sync (the commune list, the catalog) is held until the page is shown, so
    // what the page needed is counted apart from it on a link of any speed.
    const { release } = await holdSync(page);
    await page.goto(path);
    await ready(page);
    await expect(page.locator('#ssr')).toHaveCount(0);
    await expect(page.locator('main h1')).toContainText('khai sinh');
    const shownRequests = requests.finished();
    const shown = sum(shownRequests);
    release();

    // The background sync: until nothing has been requested for a second.
    let last = -1;
    for (let quiet = 0; quiet < 10; ) {
      await page.waitForTimeout(100);
      const now = requests.finished().length;
      quiet = now === last && requests.inFlight() === 0 ? quiet + 1 : 0;
      last = now;
    }
    const all = sum(requests.finished());
    console.log(`cold visit of ${target}: page shown after ${shown.text}; with the background sync ${all.text}`);

    expect(shown.byKind.wasm ?? 0, 'the app came over the network').toBeGreaterThan(100_000);
    expect(shown.total).toBeLessThanOrEqual(BUDGET);
    const isCatalog = (r: { url: string }) => new URL(r.url).pathname === '/api/v1/catalog';
    expect(shownRequests.filter(isCatalog), 'the catalog waits for the page to be shown').toEqual([]);
    const catalog = requests.finished().filter(isCatalog);
    expect(catalog, 'the commune\'s catalog, once, in the background').toHaveLength(1);
    expect(catalog[0].bytes).toBeGreaterThan(20_000);
    await context.close();
  });
}
