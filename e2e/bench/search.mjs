// Search benchmark: motcua's wasm search vs MiniSearch, side by side in headless Chromium.
//
//   cargo xtask bench-search        (builds the wasm export, then runs this script)
//   node e2e/bench/search.mjs       (expects the wasm-bindgen output in MOTCUA_SEARCH_PKG,
//                                    default target/search-bench/)
//
// Same corpus for both: the 85 seeded procedures (Vietnamese + English names, documents, result,
// legal basis, field) plus the curated synonym table as one more field, at 1×, 10× and 24×
// (≈2,000 procedures; copies get distinct codes). Same queries: the 115 labelled ones of
// crates/search/data/queries.tsv, and every keystroke prefix of them.
// MiniSearch 7 is configured fairly: prefix + fuzzy (0.2) + a folding processTerm (NFD, marks
// removed, đ → d, lower case), the same field boosts as motcua (10/8/2/1).
// Measured per engine and size: index build time (median of 5), index size (motcua: bytes of its
// arrays; MiniSearch: JSON size, and JS heap growth), p50/p95 per query (crossOriginIsolated, so
// performance.now() has 5 µs resolution), p50/p95 per keystroke, and top-1/top-3/MRR@10 on the
// labelled set (at 1× only: copies share names). Prints a JSON object and a markdown table.
// Bounded: loopback only, fixed rounds, stops by itself.
import { chromium } from '@playwright/test';
import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve, extname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = process.env.MOTCUA_SEARCH_PKG || join(process.env.CARGO_TARGET_DIR || join(root, 'target'), 'search-bench');
const SIZES = [1, 10, 24];
const QUERY_ROUNDS = 20;
const KEY_ROUNDS = 3;

function readJson(p) {
  return JSON.parse(readFileSync(join(root, p), 'utf8'));
}

/** The seeded catalog in the wire format (`motcua_domain::Procedure`). */
function seed() {
  const records = readJson('data/seed/procedures.json');
  const en = readJson('data/seed/procedures-en.json');
  const loc = (vi, e) => ({ vi: vi || '', en: e || '' });
  return records.map((r) => {
    const e = en[r.code] || {};
    return {
      code: r.code,
      name: loc(r.name_vi, r.name_en),
      field: loc(r.field_vi, r.field_en),
      documents: r.documents_vi.map((vi, i) => ({
        id: String(i),
        text: loc(vi.replace(/^\[Xuất trình\]\s*/, ''), (r.documents_en[i] || '').replace(/^\[Show\]\s*/, '')),
        show_only: vi.startsWith('[Xuất trình]'),
      })),
      fee: loc(r.fee_vi, e.fee_en),
      fee_vnd: r.fee_vnd ?? null,
      processing_time: loc(r.processing_time_vi, e.processing_time_en),
      processing_days: r.processing_days ?? null,
      submit_at: loc(r.submit_at_vi, e.submit_at_en),
      legal_basis: r.legal_basis,
      result: loc(r.result_vi, e.result_en),
      decision: null,
      source: '',
      local_note: null,
    };
  });
}

/** The catalog `times` times, copies with distinct codes (same scheme as the crate's tests). */
function replicated(base, times) {
  const out = [];
  const seen = new Set();
  for (let k = 0; k < times; k++) {
    for (const p of base) {
      let code = p.code;
      if (k > 0) {
        const n = Number(p.code.slice(2));
        code = `${(k % 9) + 1}.${String((n + k * 7919) % 1_000_000).padStart(6, '0')}`;
      }
      if (seen.has(code)) continue;
      seen.add(code);
      out.push({ ...p, code });
    }
  }
  return out;
}

function synonymsByCode() {
  const byCode = new Map();
  for (const line of readFileSync(join(root, 'crates/search/data/synonyms.tsv'), 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [phrase, codes] = line.split('\t');
    if (!codes || codes.startsWith('=')) continue;
    for (const c of codes.split(',').map((s) => s.trim())) {
      if (!byCode.has(c)) byCode.set(c, []);
      byCode.get(c).push(phrase.trim());
    }
  }
  return byCode;
}

function labelled() {
  return readFileSync(join(root, 'crates/search/data/queries.tsv'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => {
      const [query, codes, kind] = l.split('\t');
      return { query, expected: codes.split(',').map((c) => c.trim()), kind };
    });
}

const PAGE = `<!doctype html><meta charset="utf-8"><title>search bench</title>
<script type="module">
import init, * as motcua from '/pkg/motcua_search_bench_wasm.js';
import MiniSearch from '/minisearch.js';
await init();
const fold = (s) => s.normalize('NFD').replace(/[\\u0300-\\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();
const options = {
  idField: 'id',
  fields: ['name', 'synonyms', 'documents', 'other'],
  storeFields: [],
  processTerm: (t) => { const f = fold(t); return f.length ? f : null; },
  searchOptions: { boost: { name: 10, synonyms: 8, documents: 2, other: 1 }, prefix: true, fuzzy: 0.2 },
};
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
let mini = null;
let docs = [];
function heap() { globalThis.gc?.(); globalThis.gc?.(); return performance.memory?.usedJSHeapSize ?? 0; }
window.bench = {
  isolated: () => crossOriginIsolated,
  loadMotcua(json) { return motcua.load(json); },
  buildMotcua(runs) {
    const t = []; let bytes = 0;
    for (let i = 0; i < runs; i++) { const t0 = performance.now(); bytes = motcua.build(); t.push(performance.now() - t0); }
    return { ms: median(t), bytes, terms: motcua.terms() };
  },
  loadMini(d) { docs = d; return docs.length; },
  buildMini(runs) {
    const t = [];
    for (let i = 0; i < runs; i++) { mini = null; const t0 = performance.now(); const m = new MiniSearch(options); m.addAll(docs); t.push(performance.now() - t0); mini = m; }
    const json = JSON.stringify(mini).length;
    const keep = mini; mini = null; const before = heap();
    mini = new MiniSearch(options); mini.addAll(docs); const after = heap();
    void keep;
    return { ms: median(t), bytes: json, heap: after - before, terms: mini.termCount };
  },
  motcua: (q) => motcua.search(q, 10).split('\\n').filter(Boolean),
  mini: (q) => mini.search(q).slice(0, 10).map((r) => r.id),
  time(engine, queries, rounds) {
    const f = this[engine];
    for (const q of queries) f(q);
    const samples = new Float64Array(queries.length * rounds); let k = 0;
    for (let r = 0; r < rounds; r++) for (const q of queries) { const t0 = performance.now(); f(q); samples[k++] = performance.now() - t0; }
    const s = Array.from(samples).sort((a, b) => a - b);
    const at = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
    return { n: s.length, p50: at(0.5), p95: at(0.95), max: s[s.length - 1] };
  },
  accuracy(engine, items) {
    let top1 = 0, top3 = 0, rr = 0; const misses = [];
    for (const { query, expected, kind } of items) {
      const got = this[engine](query);
      const rank = got.findIndex((c) => expected.includes(c));
      if (rank === 0) top1++; else misses.push({ query, kind, expected: expected.join('|'), got: got.slice(0, 3), rank: rank < 0 ? null : rank + 1 });
      if (rank >= 0 && rank < 3) top3++;
      if (rank >= 0) rr += 1 / (rank + 1);
    }
    const n = items.length;
    return { n, top1: top1 / n, top3: top3 / n, mrr: rr / n, misses };
  },
};
window.benchReady = true;
</script>`;

const TYPES = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };

function serve() {
  const mini = join(root, 'e2e/node_modules/minisearch/dist/es/index.js');
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let body = null;
    let type = 'text/html';
    if (url.pathname === '/') body = PAGE;
    else if (url.pathname === '/minisearch.js') body = readFileSync(mini);
    else if (url.pathname.startsWith('/pkg/')) {
      const file = join(pkg, url.pathname.slice(5).replace(/\.\./g, ''));
      if (existsSync(file)) body = readFileSync(file);
    }
    if (body === null) { res.writeHead(404); res.end(); return; }
    if (url.pathname !== '/') type = TYPES[extname(url.pathname)] || 'application/octet-stream';
    res.writeHead(200, {
      'content-type': type,
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
      'cache-control': 'no-store',
    });
    res.end(body);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

function miniDocs(corpus, synonyms) {
  return corpus.map((p) => {
    const base = p.code;
    // Synonym rows name codes, so copies (new codes) have none, as in motcua's index.
    return {
      id: base,
      name: `${p.name.vi} ${p.name.en}`,
      synonyms: (synonyms.get(base) || []).join(' · '),
      documents: [...p.documents.flatMap((d) => [d.text.vi, d.text.en]), p.result.vi, p.result.en].join(' '),
      other: [...p.legal_basis, p.field.vi, p.field.en, base].join(' '),
    };
  });
}

async function main() {
  if (!existsSync(join(pkg, 'motcua_search_bench_wasm.js'))) {
    throw new Error(`${pkg}/motcua_search_bench_wasm.js is missing: run cargo xtask bench-search`);
  }
  const base = seed();
  const synonyms = synonymsByCode();
  const queries = labelled();
  const keystrokes = [];
  for (const { query } of queries) {
    const chars = [...query];
    for (let i = 1; i <= chars.length; i++) keystrokes.push(chars.slice(0, i).join(''));
  }
  const server = await serve();
  const url = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({
    executablePath: process.env.MOTCUA_CHROMIUM || '/usr/bin/chromium',
    args: ['--js-flags=--expose-gc', '--enable-precise-memory-info'],
  });
  const rows = [];
  const result = { chromium: browser.version(), queries: queries.length, keystrokes: keystrokes.length, sizes: [] };
  try {
    for (const times of SIZES) {
      const page = await browser.newPage();
      await page.goto(url);
      await page.waitForFunction(() => window.benchReady === true, null, { timeout: 30_000 });
      if (!(await page.evaluate(() => window.bench.isolated()))) throw new Error('page is not crossOriginIsolated');
      const corpus = replicated(base, times);
      const n = await page.evaluate((json) => window.bench.loadMotcua(json), JSON.stringify(corpus));
      await page.evaluate((d) => window.bench.loadMini(d), miniDocs(corpus, synonyms));
      const size = { procedures: n };
      for (const engine of ['motcua', 'mini']) {
        const build = await page.evaluate(
          ([e]) => (e === 'motcua' ? window.bench.buildMotcua(5) : window.bench.buildMini(5)),
          [engine],
        );
        const q = await page.evaluate(([e, qs, r]) => window.bench.time(e, qs, r), [engine, queries.map((x) => x.query), QUERY_ROUNDS]);
        const k = await page.evaluate(([e, qs, r]) => window.bench.time(e, qs, r), [engine, keystrokes, KEY_ROUNDS]);
        const acc = times === 1 ? await page.evaluate(([e, items]) => window.bench.accuracy(e, items), [engine, queries]) : null;
        size[engine] = { build, query: q, keystroke: k, accuracy: acc };
      }
      result.sizes.push(size);
      rows.push(size);
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  console.log(JSON.stringify(result, (k, v) => (k === 'misses' ? v.slice(0, 40) : v), 1));
  const f = (x) => (x < 1 ? x.toFixed(3) : x.toFixed(2));
  const ratio = (a, b) => `${(b / a).toFixed(1)}×`;
  console.log(`\nChromium ${result.chromium}; ${result.queries} labelled queries × ${QUERY_ROUNDS} rounds, ${result.keystrokes} keystroke prefixes × ${KEY_ROUNDS} rounds\n`);
  console.log('| procedures | engine | build ms | index KB | query p50 ms | query p95 ms | keystroke p50 ms | keystroke p95 ms |');
  console.log('|---:|---|---:|---:|---:|---:|---:|---:|');
  for (const s of rows) {
    for (const e of ['motcua', 'mini']) {
      const r = s[e];
      const kb = e === 'motcua' ? `${(r.build.bytes / 1000).toFixed(0)}` : `${(r.build.bytes / 1000).toFixed(0)} (heap ${(r.build.heap / 1000).toFixed(0)})`;
      console.log(`| ${s.procedures} | ${e === 'mini' ? 'MiniSearch' : 'motcua (wasm)'} | ${f(r.build.ms)} | ${kb} | ${f(r.query.p50)} | ${f(r.query.p95)} | ${f(r.keystroke.p50)} | ${f(r.keystroke.p95)} |`);
    }
    const m = s.motcua, n = s.mini;
    console.log(`| ${s.procedures} | MiniSearch ÷ motcua | ${ratio(m.build.ms, n.build.ms)} | ${ratio(m.build.bytes, n.build.bytes)} | ${ratio(m.query.p50, n.query.p50)} | ${ratio(m.query.p95, n.query.p95)} | ${ratio(m.keystroke.p50, n.keystroke.p50)} | ${ratio(m.keystroke.p95, n.keystroke.p95)} |`);
  }
  const one = rows[0];
  console.log('\n| engine | top-1 | top-3 | MRR@10 |\n|---|---:|---:|---:|');
  for (const e of ['motcua', 'mini']) {
    const a = one[e].accuracy;
    console.log(`| ${e === 'mini' ? 'MiniSearch' : 'motcua'} | ${(a.top1 * 100).toFixed(1)} % | ${(a.top3 * 100).toFixed(1)} % | ${a.mrr.toFixed(3)} |`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
