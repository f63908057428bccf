// The flapping test (issue 3): 50 birth registrations filled in and submitted through the UI
// while the network toggles every 200–800 ms (seeded) and the server process is killed with
// SIGKILL and restarted mid-sync (3 times). Then a stable network: the queue must drain by
// itself, without a reload. The server must hold exactly 50 submissions, every attachment file
// must hash to its name, and every draft must show "sent" with its own receipt.
//
// This test starts ITS OWN server (fixtures/server.mjs: `$MOTCUA_E2E_SERVER`, else
// target/debug/motcua-server, with a temp database and data dir) so it can kill it; it does not
// use the shared webServer's baseURL. Needs the `sqlite3` CLI.
import { expect, test } from '@playwright/test';
import { ready, watchPanics } from './helpers';
import { attachmentFiles, ownServer, seeded, sql } from '../fixtures/server.mjs';
import { birthAnswers, COMMUNE, fillBirthDraft, pngPhoto, spaNavigate } from '../fixtures/birth.mjs';

const DRAFTS = Number(process.env.MOTCUA_FLAP_DRAFTS ?? 50);
const SEED = Number(process.env.MOTCUA_FLAP_SEED ?? 20261125);
// MOTCUA_FLAP_RELOAD=1: reload the page after each submit — a work-around for the UI bug where a
// second draft page in one document stays on "Đang tải…" (see the e2e report). Off by default.
const RELOAD_BETWEEN = process.env.MOTCUA_FLAP_RELOAD === '1';
const KILL_AFTER = [Math.round(DRAFTS * 0.3), Math.round(DRAFTS * 0.7)]; // and once more after the last submit

test('50 drafts over a flapping network and a server killed twice mid-sync: exactly once each', async ({ browser }) => {
  test.setTimeout(8 * 60_000);
  const server = await ownServer({ label: 'flap' });
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 360, height: 740 }, serviceWorkers: 'allow' });
  const log = (msg: string) => console.log(`[flapping ${((Date.now() - t0) / 1000).toFixed(1)} s] ${msg}`);
  const t0 = Date.now();
  let flapping = true;
  let toggles = 0;
  try {
    await context.addInitScript((code) => localStorage.setItem('motcua.commune', code), COMMUNE);
    const page = await context.newPage();
    const panics = watchPanics(page);
    await page.goto(`/procedures/1.001193`);
    await ready(page);
    await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.state);
    await page.waitForTimeout(500);

    // The network flaps in the background for the whole submitting phase.
    const rnd = seeded(SEED);
    const flapper = (async () => {
      let offline = false;
      while (flapping) {
        await new Promise((r) => setTimeout(r, 200 + Math.floor(rnd() * 600)));
        if (!flapping) break;
        offline = !offline;
        await context.setOffline(offline);
        toggles += 1;
      }
      await context.setOffline(false);
    })();

    const ids: string[] = [];
    for (let i = 0; i < DRAFTS; i++) {
      if (panics.length) throw new Error(`the app panicked: ${panics.join(' | ')}`);
      const id = await fillBirthDraft(page, { answers: birthAnswers(i), photo: { name: `giay-chung-sinh-${i}.png`, mimeType: 'image/png', buffer: pngPhoto(i + 1) } });
      await page.locator('button#submit-draft').click({ timeout: 20_000 });
      await page.waitForURL(new RegExp(`/drafts/${id}$`), { timeout: 20_000 });
      ids.push(id);
      if (RELOAD_BETWEEN) {
        await page.reload();
        await ready(page);
      }
      if (KILL_AFTER.includes(i + 1)) {
        const pending = await page.locator('body').getAttribute('data-outbox-pending');
        await server.kill9();
        log(`kill -9 after ${i + 1} submits (outbox pending ${pending}); down for 1.5 s`);
        await page.waitForTimeout(1500);
        await server.start();
      }
    }
    log(`${ids.length} drafts submitted, ${toggles} network toggles so far`);
    const pendingAtEnd = Number(await page.locator('body').getAttribute('data-outbox-pending'));
    // A third kill while the rest of the queue drains (only "mid-sync" if something is pending).
    await page.waitForTimeout(700);
    await server.kill9();
    log(`kill -9 #3 with ${pendingAtEnd} pending at the last submit`);
    await page.waitForTimeout(2000);
    await server.start();
    flapping = false;
    await flapper;
    log(`network stable after ${toggles} toggles; ${server.kills} kills`);

    // Stable network: the queue drains by itself (no reload, no "try again").
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    await expect(page.locator('body'), `queue did not drain; panics: ${panics.join(' | ')}`).toHaveAttribute('data-outbox-pending', '0', { timeout: 150_000 });
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    log('outbox drained');

    // The server: exactly one submission per draft, distinct receipts.
    const rows = sql(server.dbPath, 'SELECT receipt, draft_id, attachments FROM submissions');
    expect(rows).toHaveLength(DRAFTS);
    expect(new Set(rows.map((r: { draft_id: string }) => r.draft_id))).toEqual(new Set(ids));
    expect(new Set(rows.map((r: { receipt: string }) => r.receipt)).size).toBe(DRAFTS);

    // Every attachment: the file exists, its bytes hash to its name, and it is referenced.
    const files = attachmentFiles(server.dataDir);
    for (const f of files) expect(f.actual, `attachment file ${f.named}`).toBe(f.named);
    const onDisk = new Set(files.map((f) => f.named));
    const referenced = new Set<string>();
    for (const r of rows as { attachments: string }[]) {
      const atts = JSON.parse(r.attachments) as { sha256: string; field: string }[];
      expect(atts).toHaveLength(1);
      expect(atts[0].field).toBe('birth_certificate_photo');
      referenced.add(atts[0].sha256);
    }
    expect(referenced.size, 'every draft had its own photo').toBe(DRAFTS);
    for (const sha of referenced) expect(onDisk.has(sha), `file for ${sha}`).toBe(true);
    const attRows = sql(server.dbPath, 'SELECT sha256 FROM attachments') as { sha256: string }[];
    for (const a of attRows) expect(onDisk.has(a.sha256), `attachments row ${a.sha256} has a file`).toBe(true);

    // The phone: every draft is sent and shows the server's receipt for it.
    await spaNavigate(page, '/drafts');
    const items = page.locator('li[data-draft-id]');
    await expect(items).toHaveCount(DRAFTS);
    await expect(page.locator('li[data-draft-id]:not([data-state="sent"])')).toHaveCount(0);
    const byDraft = new Map((rows as { draft_id: string; receipt: string }[]).map((r) => [r.draft_id, r.receipt]));
    const shownReceipts = new Set<string>();
    for (const li of await items.all()) {
      const id = (await li.getAttribute('data-draft-id'))!;
      const text = await li.innerText();
      const receipt = byDraft.get(id)!;
      expect(text, `draft ${id}`).toContain(receipt);
      shownReceipts.add(receipt);
    }
    expect(shownReceipts.size).toBe(DRAFTS);
    expect(panics, 'wasm panics').toEqual([]);
    test.info().annotations.push({
      type: 'flapping',
      description: `${DRAFTS} drafts, ${toggles} toggles, ${server.kills} kills, ${files.length} attachment files, ${((Date.now() - t0) / 1000).toFixed(0)} s`,
    });
    log('all checks passed');
  } finally {
    flapping = false;
    await context.close();
    await server.stop();
  }
});
