// A/B of Lighthouse's mobile performance between two builds of the app, one page:
//
//   node e2e/bench/lighthouse-ab.mjs <page> <rounds> <dist A> <dist B>
//
// e.g. `node e2e/bench/lighthouse-ab.mjs stats 6 /tmp/dist-before dist`. <page> is one of
// lighthouse.mjs's pages (home, procedure, qr-landing, stats, draft). Each round audits both
// builds, in alternating order (A B, then B A, …), so a change in the machine's load falls on
// both; each audit is a run of lighthouse.mjs with its own server (MOTCUA_LIGHTHOUSE_DIST).
// Prints every round's score, total blocking time and largest contentful paint, then the medians
// and the ratio of the TBT medians (B / A).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../fixtures/server.mjs';

const [page, roundsArg, distA, distB] = process.argv.slice(2);
if (!page || !distA || !distB) {
  console.error('usage: node e2e/bench/lighthouse-ab.mjs <page> <rounds> <dist A> <dist B>');
  process.exit(2);
}
const rounds = Number(roundsArg ?? 6);

/** One Lighthouse audit of `page` served from `dist`. */
function audit(dist) {
  try {
    execFileSync('node', [join(ROOT, 'e2e/bench/lighthouse.mjs')], {
      env: { ...process.env, MOTCUA_LIGHTHOUSE_DIST: dist, MOTCUA_LIGHTHOUSE_PAGES: page, MOTCUA_LIGHTHOUSE_PERF: '0', MOTCUA_LIGHTHOUSE_RUNS: '1' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  } catch (e) {
    // A floor missed in another category still leaves the report: the performance is read.
    console.error(`lighthouse.mjs exited with ${e.status}`);
  }
  const { categories, audits } = JSON.parse(readFileSync(join(ROOT, 'e2e/lighthouse', `${page}.json`), 'utf8'));
  return {
    score: Math.round(categories.performance.score * 100),
    tbt: Math.round(audits['total-blocking-time'].numericValue),
    lcp: Math.round(audits['largest-contentful-paint'].numericValue),
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const results = { A: [], B: [] };
for (let round = 1; round <= rounds; round++) {
  const order = round % 2 ? ['A', 'B'] : ['B', 'A'];
  for (const build of order) {
    const r = audit(build === 'A' ? distA : distB);
    results[build].push(r);
    console.log(`round ${round} ${build}: performance ${r.score}, TBT ${r.tbt} ms, LCP ${r.lcp} ms`);
  }
}
for (const build of ['A', 'B']) {
  const rs = results[build];
  console.log(
    `${build} (${build === 'A' ? distA : distB}): performance ${rs.map((r) => r.score).join(', ')}; ` +
      `median ${median(rs.map((r) => r.score))}, TBT median ${median(rs.map((r) => r.tbt))} ms, LCP median ${median(rs.map((r) => r.lcp))} ms`,
  );
}
const ratio = median(results.B.map((r) => r.tbt)) / Math.max(1, median(results.A.map((r) => r.tbt)));
console.log(`TBT median B / A: ${ratio.toFixed(2)}`);
