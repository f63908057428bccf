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
// Writes the JSON reports to e2e/lighthouse/ (gitignored) and prints the four category scores.
// Exits non-zero when a score is below its floor in FLOORS (CI runs this as a gate: `cargo xtask
// test`, step "lighthouse"). The performance floor is a ratchet below issue 9's target of 95:
// `/`, `/stats` and the two landings (a guide link, a QR code) paint from server-rendered HTML
// (every paint metric scores 1.0) and what is left is the app starting after `load`; the draft
// is the app shell, warm. In CI of a9566cf: 100, 99, 99, 100 and 96 (TBT 49–212 ms); locally
// under load 87–100. Scores move ±10 with the machine's load, so the floor stays at 80.
// MOTCUA_LIGHTHOUSE_PERF overrides it for a local run. MOTCUA_LIGHTHOUSE_PAGES=home,draft audits
// only the named pages; MOTCUA_LIGHTHOUSE_TRACE=1 also writes each page's trace ({name}.trace.json,
// for chrome://tracing or the DevTools performance panel). MOTCUA_LIGHTHOUSE_DIST=DIR serves another
// build (an A/B against a baseline build, run one after the other).
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
/** The lowest score each category may have on any audited page. */
const FLOORS = {
  performance: Number(process.env.MOTCUA_LIGHTHOUSE_PERF ?? 80),
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
    const returning = await launch(profile);
    try {
      return await audit({ name: 'draft', path: `/drafts/${id}`, keepStorage: true, port: returning.port });
    } finally {
      await returning.kill();
    }
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
const failing = rows.flatMap((r) =>
  CATEGORIES.filter((c) => r.scores[c] < FLOORS[c]).map((c) => `${c} ${r.scores[c]} < ${FLOORS[c]} on ${r.path}` +
    (c === 'accessibility' ? `: ${r.failed.join(', ')}` : '')),
);
for (const f of failing) console.error(`lighthouse: ${f}`);
console.log(`floors: ${JSON.stringify(FLOORS)}; reports in ${OUT}`);
process.exitCode = failing.length ? 1 : 0;

async function audit({ name, path, keepStorage = false, port = chrome.port }) {
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
  writeFileSync(join(OUT, `${name}.json`), result.report);
  if (process.env.MOTCUA_LIGHTHOUSE_TRACE) {
    writeFileSync(join(OUT, `${name}.trace.json`), JSON.stringify(result.artifacts.Trace ?? result.artifacts.traces?.defaultPass));
  }
  const { categories, audits } = result.lhr;
  const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round(categories[c].score * 100)]));
  const failed = categories.accessibility.auditRefs
    .filter((ref) => ref.weight > 0 && audits[ref.id].score !== null && audits[ref.id].score < 1)
    .map((ref) => ref.id);
  console.log(`${path}: ${JSON.stringify(scores)}${failed.length ? ` (accessibility: ${failed.join(', ')})` : ''}`);
  return { path, scores, failed };
}
