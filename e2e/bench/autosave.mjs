// Autosave latency benchmark, in headless Debian Chromium against a server of its own.
//
//   node e2e/bench/autosave.mjs            (EDITS=120 by default)
//
// The longest form in the domain is birth registration (1.001193): 17 fields (15 answers + 2
// photo questions) — no form has 30 fields (marriage 1.000894 has 15), so this measures what
// exists: the birth form with 3 photos on the birth-certificate question (max 4), then EDITS
// edits spread over the 10 text-like fields of steps child, mother and requester.
// Latency of one edit = from the `input` event dispatched on the field (performance.now() in the
// page) to the commit (`complete` event) of the IndexedDB transaction that wrote the draft
// holding the new value — seen by wrapping IDBObjectStore.prototype.put in an init script (the
// app exposes no performance mark). Edits are spaced so the 250 ms debounce never merges two.
// Prints one JSON object and a human line.
import { chromium } from '@playwright/test';
import { ownServer } from '../fixtures/server.mjs';
import { answer, birthAnswers, COMMUNE, PHOTO_JPEG, pngPhoto, PROCEDURE, spaNavigate } from '../fixtures/birth.mjs';

const EDITS = Number(process.env.EDITS ?? 120);
const TEXT_FIELDS = {
  child: ['child_name', 'child_birth_place', 'child_ethnicity', 'child_birth_date'],
  mother: ['mother_name', 'mother_citizen_id', 'mother_birth_date'],
  requester: ['requester_name', 'requester_phone', 'requester_address'],
};

const pct = (s, p) => s[Math.max(0, Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1))];
const r1 = (x) => Math.round(x * 10) / 10;

const server = await ownServer({ label: 'bench-autosave' });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 360, height: 740 } });
  await context.addInitScript((code) => {
    localStorage.setItem('motcua.commune', code);
    window.__writes = [];
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (value, key) {
      const req = put.call(this, value, key);
      if (this.name === 'drafts' && typeof value === 'string') {
        const tx = this.transaction;
        tx.addEventListener('complete', () => window.__writes.push({ at: performance.now(), json: value }));
      }
      return req;
    };
  }, COMMUNE);
  const page = await context.newPage();
  await page.goto(`/procedures/${PROCEDURE}`);
  await page.waitForFunction(() => document.body.dataset.ready === '1', null, { timeout: 60_000 });
  await page.locator('#start-draft').click();
  await page.waitForURL(/\/drafts\/[0-9a-f]{32}$/);
  const id = page.url().match(/([0-9a-f]{32})$/)[1];

  // Fill the form and add 3 photos.
  const a = birthAnswers(0);
  for (const step of ['child', 'mother', 'requester']) {
    await spaNavigate(page, `/drafts/${id}/${step}`);
    await page.waitForURL(new RegExp(`/${step}$`));
    for (const [f, v] of Object.entries(a[step])) await answer(page, f, v);
  }
  await spaNavigate(page, `/drafts/${id}/documents`);
  const input = page.locator('input[type=file][data-field="birth_certificate_photo"]').first();
  for (const photo of [PHOTO_JPEG, { name: 'b.png', mimeType: 'image/png', buffer: pngPhoto(2, 1600, 1200) }, { name: 'c.png', mimeType: 'image/png', buffer: pngPhoto(3, 1600, 1200) }]) {
    const before = await page.locator('.app-photo__preview').count();
    await input.setInputFiles(photo);
    await page.locator('.app-photo__preview').nth(before).waitFor();
    await page.waitForFunction((n) => !document.querySelector('input[data-field="birth_certificate_photo"]').disabled && document.querySelectorAll('.app-photo__preview').length === n, before + 1);
  }
  await page.waitForTimeout(600);
  const draftBytes = await page.evaluate(() => window.__writes.at(-1)?.json.length ?? 0);

  // The edits.
  const latencies = [];
  let n = 0;
  const steps = Object.keys(TEXT_FIELDS);
  while (n < EDITS) {
    const step = steps[Math.floor(n / 10) % steps.length];
    await spaNavigate(page, `/drafts/${id}/${step}`);
    await page.waitForURL(new RegExp(`/${step}$`));
    await page.locator(`#f-${TEXT_FIELDS[step][0]}`).waitFor();
    for (let k = 0; k < 10 && n < EDITS; k++, n++) {
      const field = TEXT_FIELDS[step][k % TEXT_FIELDS[step].length];
      const ms = await page.evaluate(
        async ({ field, n }) => {
          const el = document.getElementById(`f-${field}`);
          const value = el.type === 'date' ? `19${String(10 + (n % 80)).padStart(2, '0')}-0${1 + (n % 9)}-1${n % 10}` : `${el.value.replace(/ ?\d+$/, '')} ${n}`;
          const seen = window.__writes.length;
          el.value = value;
          const t0 = performance.now();
          el.dispatchEvent(new Event('input', { bubbles: true }));
          const deadline = t0 + 5000;
          while (performance.now() < deadline) {
            const hit = window.__writes.slice(seen).find((w) => JSON.parse(w.json).answers?.[field] === value);
            if (hit) return hit.at - t0;
            await new Promise((r) => setTimeout(r, 2));
          }
          return null;
        },
        { field, n },
      );
      if (ms === null) throw new Error(`edit ${n} of ${field} was not saved within 5 s`);
      latencies.push(ms);
      await page.waitForTimeout(30);
    }
  }
  const s = [...latencies].sort((x, y) => x - y);
  const result = {
    autosave_input_to_indexeddb_commit_ms: {
      edits: s.length,
      p50: r1(pct(s, 50)),
      p95: r1(pct(s, 95)),
      min: r1(s[0]),
      max: r1(s.at(-1)),
      debounce_ms: 250,
      p95_after_debounce: r1(pct(s, 95) - 250),
    },
    form: { procedure: PROCEDURE, fields: 17, answered: 15, photos: 3, stored_draft_json_bytes: draftBytes, note: 'no 30-field form exists; birth (17 fields) is the longest' },
    chromium: browser.version(),
  };
  console.log(JSON.stringify(result, null, 2));
  const r = result.autosave_input_to_indexeddb_commit_ms;
  console.log(`autosave: input → IndexedDB commit p50 ${r.p50} ms, p95 ${r.p95} ms (incl. the 250 ms debounce; p95 ${r.p95_after_debounce} ms after it), ${r.edits} edits, birth form (17 fields, 3 photos)`);
} finally {
  await browser.close();
  await server.stop();
}
