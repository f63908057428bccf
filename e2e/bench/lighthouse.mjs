// Lighthouse 12 (mobile form factor, default simulated throttling) on the app's main routes,
// with the system Chromium:
//
//   node e2e/bench/lighthouse.mjs
//
// Starts its own server (fixtures/server.mjs: `$MOTCUA_E2E_SERVER`, else target/debug or
// target/release motcua-server, a temp database, serving dist/), then audits /, a procedure, a QR
// landing (a live token from the catalog once /c/{commune}/posters has created the links),
// /drafts/{id} and /stats. Every page but the draft is a cold first visit (Lighthouse clears the
// origin's storage). A draft exists only in the browser: it is audited as the citizen who comes
// back to it: a Chromium with a profile of its own starts the draft (Playwright over CDP) and is
// closed; a new Chromium on the same profile then opens the draft's page, audited without the
// storage reset (a warm visit: the service worker, its caches and IndexedDB are there, the
// renderer process is new). Auditing in the Chromium that started the draft measured a tracing
// artefact instead: the navigation commits into the process the service worker kept alive, and
// the first task sweeps the closed page's heap (140 ms, 0–730 ms simulated; docs/NUMBERS.md).
//
// Each page is audited RUNS times (MOTCUA_LIGHTHOUSE_RUNS, default 3), as Lighthouse CI does
// (`numberOfRuns: 3`): a single run's performance score moves by ±10 with the machine's load
// (simulated throttling scales the CPU time it observes; on this 2-core machine one page's three
// runs were 89, 97 and 99). The median run's JSON report is written to e2e/lighthouse/{page}.json
// (gitignored; CI keeps it as an artifact) and every run's scores are printed. Exits non-zero
// (CI runs this as a gate: `cargo xtask test`, step "lighthouse") when a page's median run is
// below a floor in FLOORS (accessibility 100, best practices 95, performance 90), or when none of
// its runs reaches issue 9's mobile performance target of 95 (Lighthouse CI's "optimistic"
// aggregation: the page can reach it, and the median shows how often it does).
// MOTCUA_LIGHTHOUSE_PERF overrides that target for a local run (the median's floor follows, 5 below).
// MOTCUA_LIGHTHOUSE_PAGES=home,draft audits only the named pages; MOTCUA_LIGHTHOUSE_TRACE=1 also
// writes the median run's trace ({name}.trace.json, for chrome://tracing or the DevTools
// performance panel). MOTCUA_LIGHTHOUSE_DIST=DIR serves another build (an A/B against a baseline
// build: e2e/bench/lighthouse-ab.mjs).
import { chromium } from '@playwright/test';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ownServer, ROOT } from '../fixtures/server.mjs';
import { COMMUNE, PROCEDURE, startBirthDraft } from '../fixtures/birth.mjs';

const OUT = join(ROOT, 'e2e/lighthouse');
const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
/** How many times each page is audited (the median run is kept and judged, and the best one's performance). */
const RUNS = Number(process.env.MOTCUA_LIGHTHOUSE_RUNS ?? 3);
/** The mobile performance score a page's best run must reach (issue 9). */
const PERFORMANCE_TARGET = Number(process.env.MOTCUA_LIGHTHOUSE_PERF ?? 95);
/** The lowest score each category's median run may have on any audited page. */
const FLOORS = {
  performance: PERFORMANCE_TARGET - 5,
  accessibility: 100,
  'best-practices': 95,
  seo: 90,
};

/** The poster link token of the procedure (the posters page creates the commune's links). */
async function qrToken(url) {
  await fetch(`${url}/c/${COMMUNE}/posters`);
  const catalog = await (await fetch(`${url}/api/v1/catalog?commune=${COMMUNE}`)).json();
  const link = catalog.qr_links.find((l) => l.target.kind === 'procedure' && l.target.code === PROCEDURE);
  if (!link) throw new Error('no QR link for the procedure');
  return link.token;
}

/** Starts a draft in the Chromium on `port` and waits until the app has stored it; returns its id. */
async function startDraft(port, url) {
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  try {
    const page = await browser.contexts()[0].newPage();
    const draft = await startBirthDraft(page, url);
    await page.close();
    return draft.match(/\/drafts\/([0-9a-f]{32})$/)[1];
  } finally {
    await browser.close(); // disconnects; the launched Chromium stays
  }
}

/** A Chromium for Lighthouse; `userDataDir` keeps its profile (false: a fresh one, removed after). */
const launch = (userDataDir = false) =>
  chromeLauncher.launch({ chromePath: '/usr/bin/chromium', chromeFlags: CHROME_FLAGS, userDataDir });

/** Audits a draft as the citizen who comes back to it in a browser opened again (see above). */
async function auditDraft() {
  const profile = mkdtempSync(join(tmpdir(), 'motcua-lighthouse-'));
  try {
    const starting = await launch(profile);
    let id;
    try {
      id = await startDraft(starting.port, server.url);
    } finally {
      await starting.kill();
    }
    // Each run in a Chromium opened again on the profile: a returning citizen each time.
    return await audit({ name: 'draft', path: `/drafts/${id}`, keepStorage: true }, async (run) => {
      const returning = await launch(profile);
      try {
        return await run(returning.port);
      } finally {
        await returning.kill();
      }
    });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

const server = await ownServer({ label: 'lighthouse', distDir: process.env.MOTCUA_LIGHTHOUSE_DIST });
const chrome = await launch();
const rows = [];
try {
  mkdirSync(OUT, { recursive: true });
  const token = await qrToken(server.url);
  const pages = [
    { name: 'home', path: '/' },
    // A guide link as shared or printed: it names its commune (the server renders it first).
    { name: 'procedure', path: `/procedures/${PROCEDURE}?commune=${COMMUNE}` },
    { name: 'qr-landing', path: `/q/${token}` },
    { name: 'stats', path: '/stats' },
  ];
  const only = process.env.MOTCUA_LIGHTHOUSE_PAGES?.split(',');
  const wanted = (name) => !only || only.includes(name);
  for (const p of pages) if (wanted(p.name)) rows.push(await audit(p));
  if (wanted('draft')) rows.push(await auditDraft());
} finally {
  await chrome.kill();
  await server.stop();
}

console.table(Object.fromEntries(rows.map((r) => [r.path.replace(/[0-9a-f]{32}|[A-Za-z0-9_-]{16,}$/, '{…}'), r.scores])));
const failing = rows.flatMap((r) => [
  ...CATEGORIES.filter((c) => r.scores[c] < FLOORS[c]).map((c) => `median ${c} ${r.scores[c]} < ${FLOORS[c]} on ${r.path}` +
    (c === 'accessibility' ? `: ${r.failed.join(', ')}` : '')),
  ...(r.bestPerformance < PERFORMANCE_TARGET ? [`best performance ${r.bestPerformance} < ${PERFORMANCE_TARGET} on ${r.path}`] : []),
]);
for (const f of failing) console.error(`lighthouse: ${f}`);
console.log(`floors of the median run: ${JSON.stringify(FLOORS)}; best run's performance at least ${PERFORMANCE_TARGET}; reports in ${OUT}`);
process.exitCode = failing.length ? 1 : 0;

/**
 * Audits `path` RUNS times and returns the median run's scores (by performance), writing its
 * report. `inBrowser(run)` gives each run the port of the Chromium to audit in (default: the
 * shared one).
 */
async function audit({ name, path, keepStorage = false }, inBrowser = (run) => run(chrome.port)) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await inBrowser((port) => auditOnce(path, port, keepStorage)));
  const byPerformance = [...runs].sort((a, b) => a.lhr.categories.performance.score - b.lhr.categories.performance.score);
  const median = byPerformance[Math.floor((byPerformance.length - 1) / 2)];
  writeFileSync(join(OUT, `${name}.json`), median.report);
  if (process.env.MOTCUA_LIGHTHOUSE_TRACE) {
    writeFileSync(join(OUT, `${name}.trace.json`), JSON.stringify(median.artifacts.Trace ?? median.artifacts.traces?.defaultPass));
  }
  const scoresOf = ({ lhr }) => Object.fromEntries(CATEGORIES.map((c) => [c, Math.round(lhr.categories[c].score * 100)]));
  const { categories, audits } = median.lhr;
  const scores = scoresOf(median);
  const failed = categories.accessibility.auditRefs
    .filter((ref) => ref.weight > 0 && audits[ref.id].score !== null && audits[ref.id].score < 1)
    .map((ref) => ref.id);
  const each = runs.map((r) => `${scoresOf(r).performance} (TBT ${Math.round(r.lhr.audits['total-blocking-time'].numericValue)} ms)`);
  console.log(`${path}: median ${JSON.stringify(scores)}; performance of each run: ${each.join(', ')}` +
    (failed.length ? ` (accessibility: ${failed.join(', ')})` : ''));
  const bestPerformance = scoresOf(byPerformance.at(-1)).performance;
  return { path, scores, failed, bestPerformance };
}

/** One Lighthouse run of `path` in the Chromium on `port`. */
async function auditOnce(path, port, keepStorage) {
  let result;
  // A run whose trace recording broke (Lighthouse's runtimeError, e.g. NO_NAVSTART: "Please run
  // Lighthouse again") has no scores, only zeros: run it again, at most twice. A low score is
  // never retried.
  for (let attempt = 1; attempt <= 3; attempt++) {
    result = await lighthouse(`${server.url}${path}`, {
      port,
      output: 'json',
      logLevel: 'error',
      formFactor: 'mobile',
      onlyCategories: CATEGORIES,
      disableStorageReset: keepStorage,
    });
    if (!result.lhr.runtimeError) break;
    console.error(`${path}: Lighthouse ${result.lhr.runtimeError.code} (attempt ${attempt})`);
  }
  return result;
}
