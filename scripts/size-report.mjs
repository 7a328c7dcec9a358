// The page's size, per file and per part: raw, gzip -9 and brotli quality 11,
// with a budget per part (issue 15). See scripts/size-report.sh.
//
// Parts:
//   main       what the first command needs: index.html, boot.js, the CSS,
//              the wasm-bindgen module and its wasm;
//   deferred/X each file under dist/deferred/ (code or texts the page
//              fetches later, when idle or when first used), one part each;
//   embedding  embed.js and the example course page: fetched by a course
//              page that embeds Bridgeport, never by the page itself.
// The page is main plus every deferred part: what a learner's browser fetches.
// Precompressed FILE.gz / FILE.br (scripts/precompress.mjs) are not counted;
// they are checked to be there for every asset and to match it.

import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, relative, resolve } from 'node:path';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { COMPRESSIBLE, brotli11, files, gzip9 } from './precompress.mjs';

const dist = resolve(process.argv[2] ?? 'dist');
const env = (name, dflt) => (process.env[name] ? Number(process.env[name]) : dflt);
const BUDGET = {
  page: env('SIZE_BUDGET', 500_000),
  main: env('SIZE_BUDGET_MAIN', env('SIZE_BUDGET', 500_000)),
  deferred: env('SIZE_BUDGET_DEFERRED', 60_000),
  embedding: env('SIZE_BUDGET_EMBED', 40_000),
};
const REQUIRE_PRECOMPRESSED = process.env.REQUIRE_PRECOMPRESSED === '1';

// Code taken out of the page on purpose, found again by a byte signature in
// a wasm file: one stray call brings it all back, and the figures alone do
// not say what came back.
const UNWANTED = [
  {
    // core::num::dec2flt's POWER_OF_FIVE_128, first entry (5^-342): the
    // table (20 KB raw, 16 KB gzipped) behind `str::parse::<f64>`.
    what: "core's float parser (str::parse::<f64>); use bridgeport_golib::decimal::parse (golib/src/decimal.rs)",
    bytes: Buffer.from('5ad63b92d653f4ee3f3ba10629aa3f11', 'hex'),
  },
  {
    // core::unicode::conversions' LOWERCASE_TABLE, entries À→à … Ã→ã: the
    // case tables (26 KB raw, 11 KB gzipped) behind `to_lowercase`/`to_uppercase`.
    what: "core's case tables (char/str to_lowercase, to_uppercase); use bridgeport_golib::case or the to_ascii_ forms",
    bytes: Buffer.from('c0000000e0000000c1000000e1000000c2000000e2000000c3000000e3000000', 'hex'),
  },
];

if (!existsSync(dist)) {
  console.error(`size: no ${dist}/ (run trunk build --release first)`);
  process.exit(1);
}

const partOf = (rel) => {
  if (rel.startsWith('deferred/')) return 'deferred/' + rel.slice(9).replace(/(-[0-9a-f]{16})?(_bg)?\.[a-z.]+$/, '');
  if (/^embed[.-]/.test(rel)) return 'embedding';
  return 'main';
};

const rows = [];
const problems = [];
const all = [];
for await (const f of files(dist)) all.push(f);
all.sort();
let precompressed = 0;
for (const f of all) {
  if (f.endsWith('.gz') || f.endsWith('.br')) continue;
  const rel = relative(dist, f);
  const bytes = await readFile(f);
  const row = { rel, part: partOf(rel), raw: bytes.length, gz: gzip9(bytes).length, br: brotli11(bytes, f).length };
  rows.push(row);
  if (extname(f) === '.wasm') {
    for (const u of UNWANTED) if (bytes.includes(u.bytes)) problems.push(`${rel}: holds ${u.what}`);
  }
  if (!COMPRESSIBLE.has(extname(f))) continue;
  const gz = existsSync(f + '.gz') ? gunzipSync(await readFile(f + '.gz')) : null;
  const br = existsSync(f + '.br') ? brotliDecompressSync(await readFile(f + '.br')) : null;
  if (gz && br) precompressed++;
  if ((gz && !gz.equals(bytes)) || (br && !br.equals(bytes))) problems.push(`${rel}: its .gz or .br is stale (does not decompress to the file)`);
  if (REQUIRE_PRECOMPRESSED && !(gz && br)) problems.push(`${rel}: no precompressed .gz and .br next to it`);
}

const pad = (s, n) => String(s).padStart(n);
const line = (name, r) => console.log(`${String(name).padEnd(48)} ${pad(r.raw, 10)} ${pad(r.gz, 10)} ${pad(r.br, 10)}`);
console.log(`${'file'.padEnd(48)} ${pad('raw', 10)} ${pad('gzip -9', 10)} ${pad('brotli 11', 10)}`);
for (const r of rows) line(r.rel, r);

const sum = (rs) => rs.reduce((a, r) => ({ raw: a.raw + r.raw, gz: a.gz + r.gz, br: a.br + r.br }), { raw: 0, gz: 0, br: 0 });
const parts = [...new Set(rows.map((r) => r.part))].sort((a, b) => (a === 'main' ? -1 : b === 'main' ? 1 : a.localeCompare(b)));
console.log('\nper part');
const budgetOf = (p) => (p === 'main' ? BUDGET.main : p === 'embedding' ? BUDGET.embedding : BUDGET.deferred);
for (const p of parts) {
  const s = sum(rows.filter((r) => r.part === p));
  line(p, s);
  if (s.gz > budgetOf(p)) problems.push(`part ${p}: ${s.gz} bytes gzipped is over its budget of ${budgetOf(p)}`);
}
const page = sum(rows.filter((r) => r.part !== 'embedding'));
line('page (main + deferred)', page);
if (page.gz > BUDGET.page) problems.push(`the page: ${page.gz} bytes gzipped is over the budget of ${BUDGET.page}`);
console.log(`precompressed: ${precompressed} of ${rows.filter((r) => COMPRESSIBLE.has(extname(r.rel))).length} compressible files have .gz and .br`);

for (const p of problems) console.error(`size: ${p}`);
const main = sum(rows.filter((r) => r.part === 'main'));
console.log(`size: page ${page.gz} of ${BUDGET.page} bytes gzipped (${Math.round((page.gz * 100) / BUDGET.page)}%), brotli ${page.br}; `
  + `main ${main.gz} of ${BUDGET.main}; deferred parts ≤ ${BUDGET.deferred} each`);
process.exit(problems.length ? 1 : 0);
