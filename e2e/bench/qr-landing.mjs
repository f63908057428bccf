// Cold QR landing: bytes transferred and time to the target's content, in headless Chromium.
//
//   node e2e/bench/qr-landing.mjs
//
// Starts a server (`$MOTCUA_E2E_SERVER`, else target/release or target/debug motcua-server,
// serving dist/) on a free port with a fresh SQLite database, unless MOTCUA_BENCH_URL points at a
// running one. Creates the poster links of commune 11560, then RUNS times, each in a fresh
// browser context (empty cache, no service worker, no commune chosen: a first-time visitor):
// opens /q/{token of procedure 1.001193} and records the time from navigation start to the
// procedure's <h1> in the document, the bytes transferred until then, and the bytes until the
// network is idle (incl. the service worker precaching the shell and the background catalog
// sync). Also prints the scanner worker's wasm size (dist/qrscan_bg.wasm, raw and gzip -9).
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const RUNS = 5;
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
  const bin = [process.env.MOTCUA_E2E_SERVER, join(root, 'target/release/motcua-server'), join(root, 'target/debug/motcua-server')]
    .filter(Boolean)
    .find((p) => existsSync(p));
  if (!bin) throw new Error('no motcua-server binary: cargo build --release -p motcua-server');
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
      MOTCUA_DATA_DIR: `${db}/data`,
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

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const server = await startServer();
  await fetch(`${server.url}/c/${COMMUNE}/posters`);
  const catalog = await (await fetch(`${server.url}/api/v1/catalog?commune=${COMMUNE}`)).json();
  const link = catalog.qr_links.find((l) => l.target.kind === 'procedure' && l.target.code === PROCEDURE);
  if (!link) throw new Error('no QR link for the procedure');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const runs = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ baseURL: server.url, viewport: { width: 360, height: 740 }, serviceWorkers: 'allow' });
      await context.addInitScript(() => {
        new MutationObserver((_, observer) => {
          const h1 = document.querySelector('h1');
          if (h1 && /khai sinh/i.test(h1.textContent ?? '')) {
            window.__h1At = performance.now();
            observer.disconnect();
          }
        }).observe(document, { childList: true, subtree: true, characterData: true });
      });
      const seen = { beforeH1: 0, total: 0, requests: 0, api: 0, byType: {} };
      let h1Seen = false;
      context.on('requestfinished', async (request) => {
        const sizes = await request.sizes().catch(() => null);
        if (!sizes) return;
        const n = sizes.responseBodySize + sizes.responseHeadersSize;
        seen.total += n;
        seen.requests += 1;
        if (!h1Seen) seen.beforeH1 += n;
        if (request.url().includes('/api/')) seen.api += n;
        const type = request.resourceType();
        seen.byType[type] = (seen.byType[type] ?? 0) + n;
      });
      const page = await context.newPage();
      await page.goto(link.token ? `/q/${link.token}` : '/');
      const at = await page.waitForFunction(() => window.__h1At, null, { timeout: 60_000 });
      const ms = await at.jsonValue();
      h1Seen = true;
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(1000);
      runs.push({ ms, ...seen });
      await context.close();
    }
  } finally {
    await browser.close();
    server.stop();
  }
  const wasmPath = join(root, 'dist/qrscan_bg.wasm');
  const worker = existsSync(wasmPath)
    ? { raw: readFileSync(wasmPath).length, gzip: gzipSync(readFileSync(wasmPath), { level: 9 }).length }
    : null;
  const result = {
    runs: RUNS,
    time_to_h1_ms: { median: Math.round(median(runs.map((r) => r.ms))), min: Math.round(Math.min(...runs.map((r) => r.ms))), max: Math.round(Math.max(...runs.map((r) => r.ms))) },
    bytes_before_h1: median(runs.map((r) => r.beforeH1)),
    bytes_until_idle: median(runs.map((r) => r.total)),
    requests_until_idle: median(runs.map((r) => r.requests)),
    api_bytes_until_idle: median(runs.map((r) => r.api)),
    by_type_first_run: runs[0].byType,
    worker_wasm_bytes: worker,
  };
  console.log(JSON.stringify(result, null, 2));
  console.log(
    `cold QR landing → procedure h1: median ${result.time_to_h1_ms.median} ms; ` +
      `${(result.bytes_before_h1 / 1000).toFixed(1)} KB before the h1, ${(result.bytes_until_idle / 1000).toFixed(1)} KB until idle` +
      (worker ? `; scanner worker wasm ${(worker.raw / 1000).toFixed(1)} KB (gzip ${(worker.gzip / 1000).toFixed(1)} KB)` : ''),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
