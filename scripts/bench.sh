#!/usr/bin/env bash
# Native benchmarks (criterion, crates/commands/benches/engine.rs), then a
# table of the medians and of how the reachability matrix grows.
#
#   scripts/bench.sh               # all groups, about 3 minutes on 2 cores
#   scripts/bench.sh matrix        # a criterion filter: one group
#   scripts/bench.sh --quick       # criterion's quick mode (rough numbers, fast)
#
# The full criterion output goes to target/bench.log; criterion keeps its
# data in target/criterion/ (and compares with the previous run there).
set -euo pipefail
cd "$(dirname "$0")/.."

log=target/bench.log
mkdir -p target
stamp=$(date +%s)
echo "== bench: cargo bench -p bridgeport-commands --bench engine -- $*"
set +e
cargo bench -p bridgeport-commands --bench engine -- "$@" 2>&1 | tee "$log" | grep -E '^\s+\[|time:'
status=("${PIPESTATUS[@]}")
set -e
if [ "${status[0]}" -ne 0 ]; then
  echo "bench: cargo bench failed, see $log"
  exit 1
fi

dir="${CARGO_TARGET_DIR:-target}/criterion"
node - "$dir" "$stamp" <<'EOF'
const fs = require('fs');
const path = require('path');
const [dir, stamp] = process.argv.slice(2);
const rows = [];
(function walk(d) {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (!e.isDirectory()) continue;
    if (e.name === 'new') {
      const est = path.join(p, 'estimates.json');
      const meta = path.join(p, 'benchmark.json');
      if (!fs.existsSync(est) || !fs.existsSync(meta)) continue;
      if (fs.statSync(est).mtimeMs / 1000 < Number(stamp)) continue; // not from this run
      const m = JSON.parse(fs.readFileSync(meta, 'utf8'));
      const s = JSON.parse(fs.readFileSync(est, 'utf8'));
      rows.push({ id: m.full_id, median: s.median.point_estimate, lo: s.median.confidence_interval.lower_bound, hi: s.median.confidence_interval.upper_bound });
    } else if (e.name !== 'report' && e.name !== 'base' && e.name !== 'change') {
      walk(p);
    }
  }
})(dir);
const fmt = (ns) => ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(1)} µs` : `${ns.toFixed(0)} ns`;
const order = ['command', 'trace', 'matrix', 'scale'];
rows.sort((a, b) => {
  const ga = order.indexOf(a.id.split('/')[0]), gb = order.indexOf(b.id.split('/')[0]);
  if (ga !== gb) return ga - gb;
  const na = a.id.match(/(\d+)c_(\d+)n/), nb = b.id.match(/(\d+)c_(\d+)n/);
  if (na && nb) return (na[1] - nb[1]) || (na[2] - nb[2]);
  return a.id.localeCompare(b.id);
});
console.log('\n== medians (criterion, native, this machine)');
console.log(`${'benchmark'.padEnd(34)} ${'median'.padStart(11)}   95% CI of the median`);
for (const r of rows) console.log(`${r.id.padEnd(34)} ${fmt(r.median).padStart(11)}   ${fmt(r.lo)} .. ${fmt(r.hi)}`);

const mx = {};
for (const r of rows) {
  const m = r.id.match(/^matrix\/(\d+)c_(\d+)n$/);
  if (m) mx[`${m[1]},${m[2]}`] = r.median;
}
const cs = [10, 50, 200], ns = [1, 5, 20];
if (Object.keys(mx).length) {
  console.log('\n== reachability matrix: median time (rows: containers, columns: networks)');
  console.log(`${'containers'.padEnd(11)}${ns.map((n) => `${n} net`.padStart(12)).join('')}`);
  for (const c of cs) console.log(`${String(c).padEnd(11)}${ns.map((n) => (mx[`${c},${n}`] ? fmt(mx[`${c},${n}`]) : '-').padStart(12)).join('')}`);
  console.log('\n== growth: x containers (same networks)         x networks (same containers)');
  for (const n of ns) {
    const a = mx[`10,${n}`], b = mx[`50,${n}`], c = mx[`200,${n}`];
    if (a && b && c) console.log(`  ${n} net: 10→50 ×${(b / a).toFixed(1)}, 50→200 ×${(c / b).toFixed(1)}   (pairs grow ×${((53 * 52) / (13 * 12)).toFixed(1)}, ×${((203 * 202) / (53 * 52)).toFixed(1)})`);
  }
  for (const c of cs) {
    const a = mx[`${c},1`], b = mx[`${c},5`], d = mx[`${c},20`];
    if (a && b && d) console.log(`  ${c} containers: 1→5 networks ×${(b / a).toFixed(2)}, 1→20 networks ×${(d / a).toFixed(2)}`);
  }
}
EOF
