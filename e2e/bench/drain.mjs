// Outbox drain benchmark: 500 queued submissions, then the network returns.
//
//   node e2e/bench/drain.mjs               (N=500 by default)
//
// Starts its own server (fixtures/server.mjs). With the browser offline, 2 birth registrations
// are filled in and submitted THROUGH THE UI (distinct photos). Filling 500 forms by hand would
// take ~25 min, so — for this benchmark only — the other N−2 are copies of those 2 drafts made
// in the app's own storage format: each copy is the stored draft JSON (IndexedDB `motcua`/
// `drafts`, state `queued`, frozen `submission`) with a fresh 32-hex draft id (also in
// `submission.draft_id`). No outbox item is written: on the next start the app's outbox driver
// finds queued drafts without an item and enqueues them itself (same key rule as a real submit).
// The page is then reloaded offline (service worker), `body[data-outbox-pending]` must read N,
// the network is turned on, and we time until it reads 0 and the server's database holds N
// submissions. Attachments: 2 distinct photos, uploaded once each and then deduplicated by hash
// on every later item (the server still answers each upload).
// Prints one JSON object and a human line.
import { chromium } from '@playwright/test';
import { ownServer, sql } from '../fixtures/server.mjs';
import { birthAnswers, COMMUNE, fillBirthDraft, pngPhoto, PROCEDURE } from '../fixtures/birth.mjs';

const N = Number(process.env.N ?? 500);
const server = await ownServer({ label: 'bench-drain' });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const count = () => Number(sql(server.dbPath, 'SELECT count(*) AS n FROM submissions')[0].n);
try {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 360, height: 740 }, serviceWorkers: 'allow' });
  await context.addInitScript((code) => localStorage.setItem('motcua.commune', code), COMMUNE);
  const page = await context.newPage();
  await page.goto(`/procedures/${PROCEDURE}`);
  await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 60_000 });
  await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.state);
  await page.waitForTimeout(1000);
  await context.setOffline(true);

  const ids = [];
  for (let i = 0; i < 2; i++) {
    const id = await fillBirthDraft(page, { answers: birthAnswers(i), photo: { name: `p${i}.png`, mimeType: 'image/png', buffer: pngPhoto(100 + i) } });
    await page.locator('button#submit-draft').click();
    await page.waitForURL(new RegExp(`/drafts/${id}$`));
    ids.push(id);
    // Work-around (UI bug, see the report): a second draft page in the same document stays on
    // "Đang tải…" after a submit; an offline reload (service worker) starts a fresh app.
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 60_000 });
  }
  await page.waitForTimeout(500);

  // Copies in the app's storage format (see the header).
  const made = await page.evaluate(
    ({ ids, copies }) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('motcua');
        open.onerror = () => reject(open.error);
        open.onsuccess = async () => {
          const db = open.result;
          const read = (id) =>
            new Promise((ok, ko) => {
              const g = db.transaction('drafts').objectStore('drafts').get(id);
              g.onsuccess = () => ok(JSON.parse(g.result));
              g.onerror = () => ko(g.error);
            });
          const originals = [await read(ids[0]), await read(ids[1])];
          if (originals.some((d) => d.submit?.state !== 'queued' || !d.submission)) return reject(new Error('originals are not queued with a frozen submission'));
          const tx = db.transaction('drafts', 'readwrite');
          const store = tx.objectStore('drafts');
          for (let i = 0; i < copies; i++) {
            const d = structuredClone(originals[i % 2]);
            const id = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
            d.id = id;
            d.submission.draft_id = id;
            d.created_ms = d.updated_ms = Date.now() + i;
            store.put(JSON.stringify(d), id);
          }
          tx.oncomplete = () => {
            db.close();
            resolve(copies);
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { ids, copies: N - 2 },
  );
  await page.reload(); // offline: the service worker serves the shell; the driver restores the queue
  await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 60_000 });
  await page.waitForFunction((n) => document.body.dataset.outboxPending === String(n), N, { timeout: 60_000 });
  if (count() !== 0) throw new Error('the server received something while offline');

  const t0 = Date.now();
  await context.setOffline(false);
  await page.waitForFunction(() => document.body.dataset.outboxPending === '0', null, { timeout: 15 * 60_000, polling: 50 });
  const tPending = (Date.now() - t0) / 1000;
  while (count() < N && Date.now() - t0 < 15 * 60_000) await new Promise((r) => setTimeout(r, 50));
  const tServer = (Date.now() - t0) / 1000;
  const stored = count();
  const sent = await page.evaluate(() => document.body.dataset.outboxPending);
  const result = {
    drain: {
      queued: N,
      through_ui: 2,
      copied_in_storage: made,
      seconds_to_pending_0: Math.round(tPending * 100) / 100,
      seconds_to_server_holds_all: Math.round(tServer * 100) / 100,
      server_submissions: stored,
      submissions_per_s: Math.round((N / tPending) * 10) / 10,
      pending_after: Number(sent),
    },
    server: server.url.includes('127.0.0.1') ? 'loopback' : server.url,
    chromium: browser.version(),
  };
  console.log(JSON.stringify(result, null, 2));
  console.log(`drain: ${N} queued submissions → outbox empty in ${result.drain.seconds_to_pending_0} s (${result.drain.submissions_per_s} submissions/s); server holds ${stored}`);
  if (stored !== N) process.exitCode = 1;
} finally {
  await browser.close();
  await server.stop();
}
