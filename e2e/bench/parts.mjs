// What each lazily loaded wasm part of a build fetches: its own file and the chunks it shares
// with other parts (the splitter's loader lists them in `__wasm_split.js`), as file count and
// brotli bytes (the `.br` copies `cargo xtask precompress` writes; the raw file when there is none).
//
//   node e2e/bench/parts.mjs dist/motcua-<hash>
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) throw new Error('usage: node e2e/bench/parts.mjs DIST/motcua-<hash>');
const loader = readFileSync(join(dir, '__wasm_split.js'), 'utf8');
// Minified: `NAME=s(()=>{const t=fetch(new URL("./FILE",import.meta.url)); ...},[DEP,DEP])`.
const files = {};
for (const m of loader.matchAll(/[,\s]([\w$]+)=\w\(\(\)=>\{const \w=fetch\(new URL\("\.\/([^"]+)"/g)) files[m[1]] = m[2];
const brotli = (file) => {
  try {
    return statSync(join(dir, `${file}.br`)).size;
  } catch {
    return statSync(join(dir, file)).size;
  }
};
const parts = /new URL\("\.\/(split_[^"]+)",import\.meta\.url\)\);return \w\.catch\(\(\)=>\{\}\),async \w=>WebAssembly\.instantiateStreaming\(\w,\w\)\},\[([^\]]*)\]/g;
let found = 0;
for (const [, part, deps] of loader.matchAll(parts)) {
  const all = [part, ...deps.split(',').filter(Boolean).map((v) => files[v] ?? v)];
  const kb = all.reduce((sum, f) => sum + brotli(f), 0) / 1000;
  console.log(`${part.padEnd(32)} ${String(all.length).padStart(3)} files ${kb.toFixed(1).padStart(7)} KB brotli`);
  found += 1;
}
if (!found) throw new Error(`no part found in ${dir}/__wasm_split.js: has the loader's shape changed?`);
