// Offline reload benchmark and cold-visit bytes, in headless Debian Chromium.
//
//   node e2e/bench/offline-reload.mjs            (or: cargo xtask bench-offline)
//
// Starts the release server (target/release/motcua-server, serving dist/) on a free port with a
// fresh SQLite database, unless MOTCUA_BENCH_URL points at a running one. Then:
//  1. cold visit of /procedures/1.001193 with commune 11560 chosen: bytes transferred by the page
//     and by the service worker (encoded body + headers, from Chromium's network events);
//  2. offline: 20 reloads, each timed from navigation start (performance.timeOrigin) to the moment
//     the procedure's <h1> ("… khai sinh …") is in the document, seen by a MutationObserver.
// Prints one JSON object and a human line. Bounded: 20 reloads, loopback only, stops by itself.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = 20;
const COMMUNE = '11560';
const PROCEDURE = '1.001193';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

async function startServer() {
  if (process.env.MOTCUA_BENCH_URL) return { url: process.env.MOTCUA_BENCH_URL, stop() {} };
  const bin = join(root, 'target/release/motcua-server');
  if (!existsSync(bin)) throw new Error(`${bin} is missing: cargo build --release -p motcua-server`);
  if (!existsSync(join(root, 'dist/index.html'))) throw new Error('dist/ is missing: trunk build --release');
  const port = await freePort();
  const db = mkdtempSync(join(tmpdir(), 'motcua-bench-'));
  const child = spawn(bin, [], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      MOTCUA_ADDR: `127.0.0.1:${port}`,
      MOTCUA_DATABASE_URL: `sqlite://${db}/bench.db?mode=rwc`,
      MOTCUA_DIST_DIR: join(root, 'dist'),
      RUST_LOG: 'warn',
    },
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, stop: () => child.kill('SIGTERM') };
    } catch {
      /* not up yet */
    }
    if (child.exitCode !== null) throw new Error(`motcua-server exited with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGTERM');
  throw new Error('motcua-server did not answer /healthz within 30 s');
}

function percentile(sorted, p) {
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)];
}

const round = (ms) => Math.round(ms * 10) / 10;

async function main() {
  const server = await startServer();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 360, height: 740 }, serviceWorkers: 'allow' });
    // Choose the commune before the app starts, as a returning citizen would have.
    await context.addInitScript((code) => {
      if (!localStorage.getItem('motcua.commune')) localStorage.setItem('motcua.commune', code);
      // Record when the procedure's heading first appears (ms since navigation start).
      new MutationObserver((_, observer) => {
        const h1 = document.querySelector('h1');
        if (h1 && /khai sinh/i.test(h1.textContent ?? '')) {
          window.__h1At = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true, characterData: true });
    }, COMMUNE);

    // 1. Cold visit: count what crosses the network, page and service worker alike.
    const bytes = { page: 0, serviceWorker: 0, requests: 0, byType: {} };
    context.on('requestfinished', async (request) => {
      const sizes = await request.sizes().catch(() => null);
      if (!sizes) return;
      const n = sizes.responseBodySize + sizes.responseHeadersSize;
      bytes.requests += 1;
      if (request.serviceWorker()) bytes.serviceWorker += n;
      else bytes.page += n;
      const type = request.resourceType();
      bytes.byType[type] = (bytes.byType[type] ?? 0) + n;
    });
    const page = await context.newPage();
    await page.goto(`/procedures/${PROCEDURE}`);
    await page.waitForFunction(() => document.body.dataset.ready === '1' && window.__h1At, null, { timeout: 60_000 });
    await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.state);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(1000); // let the service worker finish caching the shell
    context.removeAllListeners('requestfinished');

    // 2. Offline reloads.
    await context.setOffline(true);
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      await page.reload({ waitUntil: 'commit' });
      const at = await page.waitForFunction(() => window.__h1At, null, { timeout: 30_000 });
      times.push(await at.jsonValue());
    }
    const sorted = [...times].sort((a, b) => a - b);
    const result = {
      offline_reload_to_h1_ms: {
        runs: RUNS,
        median: round(percentile(sorted, 50)),
        p95: round(percentile(sorted, 95)),
        min: round(sorted[0]),
        max: round(sorted[sorted.length - 1]),
      },
      cold_visit_bytes: {
        total: bytes.page + bytes.serviceWorker,
        page: bytes.page,
        service_worker: bytes.serviceWorker,
        requests: bytes.requests,
        by_type: bytes.byType,
      },
      chromium: browser.version(),
    };
    console.log(JSON.stringify(result, null, 2));
    const r = result.offline_reload_to_h1_ms;
    console.log(
      `offline reload → procedure h1: median ${r.median} ms, p95 ${r.p95} ms, min ${r.min} ms, max ${r.max} ms (${RUNS} runs); ` +
        `cold visit: ${(result.cold_visit_bytes.total / 1000).toFixed(1)} KB in ${bytes.requests} requests`,
    );
  } finally {
    await browser.close();
    server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
