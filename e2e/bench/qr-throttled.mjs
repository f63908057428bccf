// QR landing and procedure guide on a slow phone: Lighthouse's "slow 4G" (1.6 Mbps down,
// 750 kbps up, 150 ms RTT) and a 4× slower CPU, emulated through CDP, against the unthrottled
// numbers of the same run (the baseline).
//
//   node e2e/bench/qr-throttled.mjs            # or: cargo xtask bench-throttled
//   MOTCUA_BENCH_RUNS=3 node e2e/bench/qr-throttled.mjs
//   MOTCUA_BENCH_BASELINE=0 (throttled rows only), MOTCUA_BENCH_DEBUG=1 (lists the worker's requests)
//
// Starts a server like the other benches (fixtures/server.mjs: `$MOTCUA_E2E_SERVER`, else the
// debug or release motcua-server, serving dist/, fresh SQLite database), unless MOTCUA_BENCH_URL
// points at a running one. For each target (`/q/{token}` of procedure 1.001193's poster QR code,
// `/procedures/1.001193?commune=11560` and `/procedures/1.001193`), each profile and each of RUNS
// runs (default 5):
//
// - cold: a fresh browser context (empty HTTP cache, no service worker; commune 11560 chosen
//   before for the `chosen` guide, which has no commune in its link);
// - warm: a second visit in the same context, once the service worker controls the first page
//   and the network is idle (the shell precached, the catalog synced);
// - warm offline: a third visit in the same context with the network off.
//
// Each visit records the time from navigation start to the frame that paints the procedure's
// <h1> (the first animation frame once it is in the document), and the bytes that came over the
// network before it, by kind (wasm, js, css, json,
// other): the page's requests through CDP (`encodedDataLength`; answers from the service worker
// or the HTTP cache count 0) plus the service worker's own network requests (Playwright's
// service worker network events: body + headers).
// Throttling is set on the page's CDP session (`Network.emulateNetworkConditions`,
// `Emulation.setCPUThrottlingRate`) and, for warm visits, on the service worker's target too, so
// its network-first navigation fetch is slowed as well; offline uses `context.setOffline`, which
// Playwright applies to every target. Chromium emulates one link per target: during a cold visit
// the worker installing (it registers after `load`) precaches on its own, unthrottled link, so it
// does not take bandwidth from the page as it would on a real phone (its bytes before the <h1> are
// counted, in the last column). Prints a markdown table (median / min / max), then the JSON.
// The service worker's own requests (its network-first navigation fetch) are reported to the
// context only with this switch (Chromium).
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';
const { chromium } = await import('@playwright/test');
import { ownServer } from '../fixtures/server.mjs';

const RUNS = Number(process.env.MOTCUA_BENCH_RUNS ?? 5);
const COMMUNE = '11560';
const PROCEDURE = '1.001193';
const H1 = /khai sinh/i;
/** The heading each target's page paints (the guide's, unless named here). */
const HEADINGS = { '/': /Chọn xã, phường/i, '/stats': /Kết quả giải quyết/i };

/**
 * Lighthouse's nominal mobile "slow 4G" (1.6 Mbps down, 750 kbps up, 150 ms RTT; throughput in
 * bytes/s) and a 4× slower CPU. (Lighthouse's own devtools mode is harsher: 562.5 ms request
 * latency and 0.9× throughput.)
 */
const SLOW_4G = {
  name: 'slow 4G, CPU ×4',
  network: { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 },
  cpu: 4,
};
/** The baseline: the same machine, no throttling. */
const UNTHROTTLED = { name: 'unthrottled (baseline)', network: null, cpu: 1 };
const PROFILES = process.env.MOTCUA_BENCH_BASELINE === '0' ? [SLOW_4G] : [UNTHROTTLED, SLOW_4G];
const KINDS = ['wasm', 'js', 'css', 'json', 'other'];

async function startServer() {
  if (process.env.MOTCUA_BENCH_URL) return { url: process.env.MOTCUA_BENCH_URL, stop() {} };
  return ownServer({ label: 'bench-throttled', log: true });
}

/** The kind of a response, for the bytes-by-kind columns. */
function kindOf(url, mimeType = '', type = '') {
  const path = new URL(url).pathname;
  if (path.endsWith('.wasm') || mimeType === 'application/wasm') return 'wasm';
  if (path.endsWith('.js') || type === 'Script' || mimeType.includes('javascript')) return 'js';
  if (path.endsWith('.css') || type === 'Stylesheet') return 'css';
  if (mimeType.includes('json') || path.startsWith('/api/') || path.endsWith('.webmanifest')) return 'json';
  return 'other';
}

/**
 * Network throttling for the service worker's own fetches: Playwright's CDP sessions attach to
 * pages only, so this goes through the browser session's (older, unflattened) message channel
 * to every service worker target, and waits for the worker's answer. Returns the number of
 * workers that accepted the conditions and `detach()`, which drops them again (a session's
 * conditions outlive later ones, e.g. Playwright's offline state).
 */
async function throttleServiceWorkers(browserCdp, network) {
  const sessions = [];
  const detach = async () => {
    for (const sessionId of sessions.splice(0)) await browserCdp.send('Target.detachFromTarget', { sessionId }).catch(() => {});
  };
  if (!network) return { count: 0, detach };
  const { targetInfos } = await browserCdp.send('Target.getTargets');
  let n = 0;
  for (const target of targetInfos.filter((t) => t.type === 'service_worker')) {
    try {
      const { sessionId } = await browserCdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
      sessions.push(sessionId);
      const answers = new Map();
      const listener = (e) => {
        if (e.sessionId !== sessionId) return;
        const message = JSON.parse(e.message);
        if (message.id) answers.get(message.id)?.(message);
      };
      browserCdp.on('Target.receivedMessageFromTarget', listener);
      const call = (id, method, params) =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`${method}: no answer`)), 10_000);
          answers.set(id, (message) => {
            clearTimeout(timer);
            if (message.error) reject(new Error(`${method}: ${message.error.message}`));
            else resolve(message.result);
          });
          browserCdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
        });
      try {
        await call(1, 'Network.enable', {});
        await call(2, 'Network.emulateNetworkConditions', network);
        n += 1;
      } finally {
        browserCdp.off('Target.receivedMessageFromTarget', listener);
      }
    } catch (err) {
      process.stderr.write(`service worker not throttled: ${err.message}\n`);
    }
  }
  return { count: n, detach };
}

/**
 * One visit of `path` in `context` under `profile`. Returns `{ ms, bytes: {kind: n}, total }`.
 * `offline`: the context is offline (set by the caller through Playwright).
 */
async function visit(context, browserCdp, path, profile, offline = false) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (profile.network || offline) {
    const network = { ...(profile.network ?? { latency: 0, downloadThroughput: -1, uploadThroughput: -1 }), offline };
    await cdp.send('Network.emulateNetworkConditions', network);
  }
  if (profile.cpu > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
  // Offline: the worker's link is Playwright's (offline); ours are detached after each visit.
  const throttled = await throttleServiceWorkers(browserCdp, offline ? null : profile.network);
  const requests = new Map();
  const finished = [];
  const workerFinished = [];
  let documentStart = null;
  const onWorkerRequest = async (request) => {
    if (!request.serviceWorker()) return;
    const sizes = await request.sizes().catch(() => null);
    const timing = request.timing();
    const response = await request.response().catch(() => null);
    if (!sizes || !response) return;
    workerFinished.push({
      url: request.url(),
      mimeType: (await response.headerValue('content-type').catch(() => null)) ?? '',
      type: '',
      at: timing.startTime + timing.responseEnd,
      bytes: sizes.responseBodySize + sizes.responseHeadersSize,
    });
  };
  context.on('requestfinished', onWorkerRequest);
  cdp.on('Network.requestWillBeSent', (e) => {
    requests.set(e.requestId, { url: e.request.url, type: e.type, mimeType: '', fromCache: false });
    if (e.type === 'Document' && documentStart === null) documentStart = e.timestamp;
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = requests.get(e.requestId);
    if (!r) return;
    r.mimeType = e.response.mimeType ?? '';
    r.fromCache = !!(e.response.fromServiceWorker || e.response.fromDiskCache || e.response.fromPrefetchCache);
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = requests.get(e.requestId);
    if (r) finished.push({ ...r, at: e.timestamp, bytes: r.fromCache ? 0 : e.encodedDataLength });
  });
  await page.addInitScript((source) => {
    const wanted = new RegExp(source, 'i');
    new MutationObserver((_, observer) => {
      const h1 = document.querySelector('h1');
      if (h1 && wanted.test(h1.textContent ?? '')) {
        // The frame that paints it: a heading parsed from HTML waits for the stylesheet like
        // one the app inserts, and rendering (so this callback) waits for it too.
        requestAnimationFrame((frame) => (window.__h1At = frame));
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true, characterData: true });
  }, (HEADINGS[path] ?? H1).source);
  await page.goto(path, { waitUntil: 'commit', timeout: 120_000 });
  const ms = await (await page.waitForFunction(() => window.__h1At, null, { timeout: 120_000, polling: 100 })).jsonValue();
  const timeOrigin = await page.evaluate(() => performance.timeOrigin);
  context.off('requestfinished', onWorkerRequest);
  await throttled.detach();
  const cutoff = (documentStart ?? 0) + ms / 1000; // CDP's monotonic seconds
  const wallCutoff = timeOrigin + ms; // epoch ms, for Playwright's timings
  const bytes = Object.fromEntries(KINDS.map((k) => [k, 0]));
  for (const f of finished) if (f.at <= cutoff) bytes[kindOf(f.url, f.mimeType, f.type)] += f.bytes;
  let worker = 0;
  for (const f of workerFinished) {
    if (f.at < timeOrigin || f.at > wallCutoff) continue; // another visit's, or after the h1
    bytes[kindOf(f.url, f.mimeType, f.type)] += f.bytes;
    worker += f.bytes;
    if (process.env.MOTCUA_BENCH_DEBUG) process.stderr.write(`  worker${offline ? " (offline visit)" : ""}: ${f.url} ${f.bytes} B at +${Math.round(f.at - timeOrigin)} ms\n`);
  }
  const total = KINDS.reduce((sum, k) => sum + bytes[k], 0);
  return { page, cdp, ms, bytes, total, worker, workers: throttled.count };
}

/** The first visit has finished its background work: the worker controls it, the network idles. */
async function settle(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 120_000 });
  await page.waitForLoadState('networkidle', { timeout: 120_000 });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const stats = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });
const kb = (n) => (n / 1000).toFixed(1);

async function main() {
  const server = await startServer();
  await fetch(`${server.url}/c/${COMMUNE}/posters`); // creates the commune's poster QR links
  const catalog = await (await fetch(`${server.url}/api/v1/catalog?commune=${COMMUNE}`)).json();
  const link = catalog.qr_links.find((l) => l.target.kind === 'procedure' && l.target.code === PROCEDURE);
  if (!link) throw new Error('no QR link for the procedure');
  // The QR code and a shared guide link (both answered with the guide as HTML first, unless
  // the server runs with MOTCUA_LANDING_HTML=0), and the guide of a phone that chose its commune
  // before (no commune in the link: always the app shell, the control); the home page and the
  // dashboard (HTML first too). MOTCUA_BENCH_TARGETS picks some: `qr,link,chosen,home,stats`.
  const all = {
    qr: `/q/${link.token}`,
    link: `/procedures/${PROCEDURE}?commune=${COMMUNE}`,
    chosen: `/procedures/${PROCEDURE}`,
    home: '/',
    stats: '/stats',
  };
  const targets = (process.env.MOTCUA_BENCH_TARGETS ?? 'qr,link,chosen').split(',').map((k) => all[k.trim()]);
  if (targets.some((t) => !t)) throw new Error(`MOTCUA_BENCH_TARGETS: one of ${Object.keys(all).join(', ')}`);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const browserCdp = await browser.newBrowserCDPSession();
  const results = []; // { target, profile, scenario, runs: [{ms, bytes, total}] }
  const record = (target, profile, scenario, run) => {
    let row = results.find((r) => r.target === target && r.profile === profile.name && r.scenario === scenario);
    if (!row) results.push((row = { target, profile: profile.name, scenario, runs: [] }));
    row.runs.push(run);
  };
  let swThrottled = 0;
  try {
    for (const target of targets) {
      for (const profile of PROFILES) {
        for (let i = 0; i < RUNS; i++) {
          const context = await browser.newContext({ baseURL: server.url, viewport: { width: 360, height: 740 }, serviceWorkers: 'allow' });
          // The guide needs a commune: chosen before, as offline-reload.mjs does. The QR code
          // carries its own, so /q/{token} is left as a first-time visitor sees it.
          if (target === all.chosen) {
            await context.addInitScript((code) => {
              if (!localStorage.getItem('motcua.commune')) localStorage.setItem('motcua.commune', code);
            }, COMMUNE);
          }
          try {
            const cold = await visit(context, browserCdp, target, profile);
            record(target, profile, 'cold', cold);
            await settle(cold.page);
            await cold.page.close();
            const warm = await visit(context, browserCdp, target, profile);
            swThrottled += warm.workers;
            record(target, profile, 'warm', warm);
            await warm.page.close();
            await context.setOffline(true);
            const offline = await visit(context, browserCdp, target, profile, true);
            swThrottled += offline.workers;
            record(target, profile, 'warm offline', offline);
          } finally {
            await context.close();
          }
          process.stderr.write(`${target} · ${profile.name} · run ${i + 1}/${RUNS}\n`);
        }
      }
    }
  } finally {
    await browser.close();
    await server.stop();
  }

  const summary = results.map((r) => ({
    target: r.target.startsWith('/q/') ? '/q/{token}' : r.target,
    profile: r.profile,
    scenario: r.scenario,
    runs: r.runs.length,
    time_to_h1_ms: stats(r.runs.map((x) => Math.round(x.ms))),
    bytes_before_h1: Object.fromEntries(KINDS.map((k) => [k, median(r.runs.map((x) => x.bytes[k]))])),
    total_bytes_before_h1: stats(r.runs.map((x) => x.total)),
    service_worker_bytes_before_h1: median(r.runs.map((x) => x.worker)),
  }));
  console.log(
    `Time to the procedure's <h1> and network bytes before it; median of ${RUNS} (min–max). ` +
      `Baseline: the unthrottled rows of the same run. KB = 1000 bytes; bytes by kind are medians.\n`,
  );
  console.log('| target | profile | visit | time to h1 ms, median (min–max) | KB before h1, median (min–max) | wasm | js | css | json | other | of which by the service worker |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const s of summary) {
    const t = s.time_to_h1_ms;
    const b = s.total_bytes_before_h1;
    console.log(
      `| ${s.target} | ${s.profile} | ${s.scenario} | ${t.median} (${t.min}–${t.max}) | ${kb(b.median)} (${kb(b.min)}–${kb(b.max)}) | ` +
        KINDS.map((k) => kb(s.bytes_before_h1[k])).join(' | ') +
        ` | ${kb(s.service_worker_bytes_before_h1)} |`,
    );
  }
  if (PROFILES.includes(SLOW_4G) && swThrottled === 0) {
    console.log('\nNote: no service worker target could be throttled: warm online visits fetch the navigation unthrottled.');
  }
  console.log('\n' + JSON.stringify({ runs: RUNS, profiles: PROFILES.map((p) => p.name), service_worker_targets_throttled: swThrottled, results: summary }, null, 2));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
