// Long tasks while the app starts, on a 4× slower CPU (no network throttling): what Lighthouse's
// total blocking time is made of, measured directly and repeatably.
//
//   node e2e/bench/boot-long-tasks.mjs [PATH ...]     # default: the guide link below
//   MOTCUA_BENCH_RUNS=5 node e2e/bench/boot-long-tasks.mjs / /stats
//
// Starts its own server (fixtures/server.mjs: `$MOTCUA_E2E_SERVER`, else target/debug or
// target/release motcua-server, a temp database, serving dist/). Each run is a fresh context (a
// cold visit): a buffered `longtask` PerformanceObserver from the first script, until
// `body[data-ready]` and 1.5 s more. Prints each run's long tasks ([start ms, duration ms]) and
// their blocking time (the sum of each task's part over 50 ms), then the median per path.
import { chromium } from '@playwright/test';
import { ownServer } from '../fixtures/server.mjs';

const RUNS = Number(process.env.MOTCUA_BENCH_RUNS ?? 3);
const paths = process.argv.slice(2).length ? process.argv.slice(2) : ['/procedures/1.001193?commune=11560'];
const server = await ownServer({ label: 'boot-long-tasks' });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  for (const path of paths) {
    const blocking = [];
    const longest = [];
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await page.addInitScript(() => {
        window.__longTasks = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) window.__longTasks.push([Math.round(e.startTime), Math.round(e.duration)]);
        }).observe({ type: 'longtask', buffered: true });
      });
      await page.goto(`${server.url}${path}`);
      await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 120_000 });
      await page.waitForTimeout(1_500);
      const tasks = await page.evaluate(() => window.__longTasks);
      const tbt = tasks.reduce((sum, [, d]) => sum + Math.max(0, d - 50), 0);
      blocking.push(tbt);
      longest.push(Math.max(0, ...tasks.map(([, d]) => d)));
      console.log(`${path} run ${run + 1}: blocking ${tbt} ms, long tasks ${JSON.stringify(tasks)}`);
      await context.close();
    }
    console.log(`${path}: blocking time median ${median(blocking)} ms (${blocking.join(' / ')}), longest task median ${median(longest)} ms`);
  }
} finally {
  await browser.close();
  await server.stop();
}
