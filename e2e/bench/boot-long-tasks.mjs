// Long tasks while the app starts, on a 4× slower CPU (no network throttling): what Lighthouse's
// total blocking time is made of, measured directly and repeatably.
//
//   node e2e/bench/boot-long-tasks.mjs [PATH ...]     # default: the guide link below
//   MOTCUA_BENCH_RUNS=5 node e2e/bench/boot-long-tasks.mjs / /stats draft
//   MOTCUA_BENCH_DISTS=/tmp/dist-before,dist node e2e/bench/boot-long-tasks.mjs draft
//
// Starts its own server per build (fixtures/server.mjs: `$MOTCUA_E2E_SERVER`, else target/debug
// or target/release motcua-server, a temp database), serving `dist/` or each of
// MOTCUA_BENCH_DISTS in turn, run after run (an A/B against a baseline build). A path is a cold
// visit in a fresh context. `draft` is the citizen coming back to a draft: a browser with a
// profile of its own starts one, is closed, and a new browser on that profile opens
// `/drafts/{id}` (service worker, caches and IndexedDB warm, a new renderer process, so V8
// compiles the wasm functions it runs again; what `e2e/bench/lighthouse.mjs` audits). A buffered
// `longtask` PerformanceObserver from the first script records until `body[data-ready]` and
// 1.5 s more. Prints each run's long tasks ([start ms, duration ms]) and their blocking time
// (the sum of each task's part over 50 ms), then the median per build and path.
import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ownServer } from '../fixtures/server.mjs';
import { startBirthDraft } from '../fixtures/birth.mjs';

const RUNS = Number(process.env.MOTCUA_BENCH_RUNS ?? 3);
const paths = process.argv.slice(2).length ? process.argv.slice(2) : ['/procedures/1.001193?commune=11560'];
const dists = process.env.MOTCUA_BENCH_DISTS?.split(',') ?? [undefined];
const LAUNCH = { executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] };
const VIEWPORT = { viewport: { width: 360, height: 740 } };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Records long tasks from the page's first script on, at CPU ×4. */
async function observe(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push([Math.round(e.startTime), Math.round(e.duration)]);
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** Waits for the app, then returns the long tasks seen. */
async function longTasks(page) {
  await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 120_000 });
  await page.waitForTimeout(1_500);
  return page.evaluate(() => window.__longTasks);
}

/** Opens `url` in a new page of `context` at CPU ×4, returns its long tasks, closes `context`. */
async function measure(context, url) {
  try {
    const page = await context.newPage();
    await observe(context, page);
    await page.goto(url);
    return await longTasks(page);
  } finally {
    await context.close();
  }
}

/** A cold visit to `url` in a fresh context of `browser`. */
const coldVisit = async (browser, url) => measure(await browser.newContext(VIEWPORT), url);

/** A draft started in one browser, opened again in a new browser on the same profile. */
async function returningDraft(base) {
  const profile = mkdtempSync(join(tmpdir(), 'motcua-boot-'));
  const launch = () => chromium.launchPersistentContext(profile, { ...LAUNCH, ...VIEWPORT });
  try {
    const starting = await launch();
    const draft = await startBirthDraft(await starting.newPage(), base);
    await starting.close();
    return await measure(await launch(), draft);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

const servers = [];
for (const distDir of dists) servers.push(await ownServer({ label: 'boot-long-tasks', distDir }));
const browser = await chromium.launch(LAUNCH);
const results = new Map();
try {
  for (const path of paths) {
    for (let run = 0; run < RUNS; run++) {
      for (const [i, server] of servers.entries()) {
        const tasks = path === 'draft' ? await returningDraft(server.url) : await coldVisit(browser, `${server.url}${path}`);
        const key = `${dists[i] ?? 'dist'} ${path}`;
        const tbt = tasks.reduce((sum, [, d]) => sum + Math.max(0, d - 50), 0);
        if (!results.has(key)) results.set(key, { blocking: [], longest: [] });
        results.get(key).blocking.push(tbt);
        results.get(key).longest.push(Math.max(0, ...tasks.map(([, d]) => d)));
        console.log(`${key} run ${run + 1}: blocking ${tbt} ms, long tasks ${JSON.stringify(tasks)}`);
      }
    }
  }
  for (const [key, { blocking, longest }] of results) {
    console.log(`${key}: blocking time median ${median(blocking)} ms (${blocking.join(' / ')}), longest task median ${median(longest)} ms`);
  }
} finally {
  await browser.close();
  for (const server of servers) await server.stop();
}
