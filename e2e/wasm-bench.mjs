// The reachability matrix in wasm, timed in Node 20 (V8, the engine of
// Chromium). Built and run by scripts/wasm-bench.sh; by hand:
//
//   node e2e/wasm-bench.mjs target/wasm-bench/pkg [--reps 15] [--budget 8]
//        [--containers 10,50,200] [--networks 1,5,20] [--json FILE]
//
// PKG is the output of `wasm-bindgen --target nodejs` for crates/wasm-bench
// (then wasm-opt -Oz). For each scenario (C containers round-robin over N
// networks, as the criterion `matrix/<C>c_<N>n` bench) it builds the
// session, computes the matrix once untimed (warm-up), then times `--reps`
// calls of matrix() with performance.now(), stopping early after `--budget`
// seconds (but never before 5 calls). It prints the median and p95 per
// scenario, the cell count, and a digest of the matrix JSON: equal digests
// across builds mean identical results. The core reads no clock: all the
// timing happens here, around the wasm call.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
};
const pkg = path.resolve(args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--'))) ?? 'target/wasm-bench/pkg');
const reps = Number(opt('reps', 15));
const budgetMs = Number(opt('budget', 8)) * 1000;
const containers = opt('containers', '10,50,200').split(',').map(Number);
const networks = opt('networks', '1,5,20').split(',').map(Number);
const jsonOut = opt('json', null);

const require = createRequire(import.meta.url);
const wasm = require(path.join(pkg, 'bridgeport_wasm_bench.js'));
const wasmFile = path.join(pkg, 'bridgeport_wasm_bench_bg.wasm');

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));

console.log(`== wasm-bench: ${wasmFile} (${fs.statSync(wasmFile).size} bytes), node ${process.version}`);
const rows = [];
for (const c of containers) {
  for (const n of networks) {
    const t0 = performance.now();
    const endpoints = wasm.setup(c, n);
    const built = performance.now() - t0;
    const w0 = performance.now();
    const cells = wasm.matrix_cells();
    const warm = performance.now() - w0;
    const times = [];
    const start = performance.now();
    while (times.length < reps && (times.length < 5 || performance.now() - start < budgetMs)) {
      const a = performance.now();
      const k = wasm.matrix_cells();
      times.push(performance.now() - a);
      if (k !== cells) throw new Error(`cell count changed: ${cells} then ${k}`);
    }
    const digest = wasm.matrix_digest();
    const sorted = [...times].sort((a, b) => a - b);
    const row = {
      containers: c, networks: n, endpoints, cells, runs: times.length,
      median_ms: quantile(sorted, 0.5), p95_ms: quantile(sorted, 0.95),
      min_ms: sorted[0], first_ms: warm, setup_ms: built, digest,
    };
    rows.push(row);
    console.log(`  [${c}c_${n}n] setup ${fmt(built)} ms, ${endpoints} endpoints, ${cells} cells; first ${fmt(warm)} ms; ` +
      `${times.length} runs: median ${fmt(row.median_ms)} ms, p95 ${fmt(row.p95_ms)} ms; digest ${digest}`);
  }
}

console.log('\n== reachability matrix in wasm (node): median / p95 in ms (rows: containers, columns: networks)');
console.log(`${'containers'.padEnd(11)}${networks.map((n) => `${n} net`.padStart(16)).join('')}`);
for (const c of containers) {
  const cellsOf = (n) => rows.find((r) => r.containers === c && r.networks === n);
  console.log(`${String(c).padEnd(11)}${networks.map((n) => { const r = cellsOf(n); return `${fmt(r.median_ms)} / ${fmt(r.p95_ms)}`.padStart(16); }).join('')}`);
}
if (jsonOut) {
  fs.writeFileSync(jsonOut, JSON.stringify({ wasm: wasmFile, bytes: fs.statSync(wasmFile).size, node: process.version, rows }, null, 2) + '\n');
  console.log(`\n== wasm-bench: wrote ${jsonOut}`);
}
