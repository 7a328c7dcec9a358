#!/usr/bin/env bash
# The reachability matrix in wasm, timed in Node (V8, as in Chromium): builds
# crates/wasm-bench with the page's release profile (opt-level "z", LTO),
# runs wasm-bindgen --target nodejs and wasm-opt -Oz as Trunk does for the
# page, then runs e2e/wasm-bench.mjs.
#
#   scripts/wasm-bench.sh                 # 10/50/200 containers x 1/5/20 networks
#   scripts/wasm-bench.sh --reps 5        # options go to e2e/wasm-bench.mjs
#
# It builds in target/wasm-bench/ (its own target directory, so it never
# waits for or disturbs a trunk build of the page).
set -euo pipefail
cd "$(dirname "$0")/.."

export CARGO_TARGET_DIR=${WASM_BENCH_TARGET:-target/wasm-bench}
out=$CARGO_TARGET_DIR/pkg
wasm_opt=${WASM_OPT:-node_modules/.bin/wasm-opt}

echo "== wasm-bench: cargo build --release --target wasm32-unknown-unknown -p bridgeport-wasm-bench"
cargo build --release --target wasm32-unknown-unknown -p bridgeport-wasm-bench
wasm-bindgen --target nodejs --out-dir "$out" \
  "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/bridgeport_wasm_bench.wasm"
# The repository's package.json says "type": "module"; the bindings are CommonJS.
echo '{ "type": "commonjs" }' > "$out/package.json"
"$wasm_opt" -Oz "$out/bridgeport_wasm_bench_bg.wasm" -o "$out/bridgeport_wasm_bench_bg.wasm"
raw=$(stat -c %s "$out/bridgeport_wasm_bench_bg.wasm")
gz=$(gzip -9 -c "$out/bridgeport_wasm_bench_bg.wasm" | wc -c)
echo "== wasm-bench: $out/bridgeport_wasm_bench_bg.wasm: $raw bytes, $gz gzipped"
node e2e/wasm-bench.mjs "$out" "$@"
