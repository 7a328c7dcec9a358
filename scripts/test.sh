#!/usr/bin/env bash
# Every test, in one command (run scripts/setup.sh once first):
#   0. `cargo fmt --all --check`
#   1. native `cargo test --workspace` (engine, commands, cli, the page's pure logic)
#   2. the engine and the command layer build for wasm32
#   3. the page: `trunk build --release --offline` to dist/ (with scripts/release-env.sh)
#   4. component tests in headless Chromium (wasm-bindgen-test)
#   5. the end-to-end tests on dist/ (Playwright, strict: no check may be skipped):
#      the page (e2e/e2e.mjs), and embedding in a course page (e2e/embed.mjs:
#      iframe + postMessage, the JS API, share links), and real screens (e2e/screens.mjs:
#      1280×720, 375×812, a 720 px embed on a course page of another origin), and every
#      built-in lesson solved step by step from its written solutions (e2e/lessons.mjs);
#      screenshots in target/e2e-*.png
#   6. the size report: gzip -9 and brotli per file and per part, budgets per
#      part, precompressed .gz/.br present and fresh (docs/benchmarks.md)
# Every step runs even if an earlier one failed; the summary at the end lists
# them and the exit status is non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true CARGO_TERM_COLOR=never
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}

names=()
codes=()
step() {
  local name=$1
  shift
  printf '\n== %s\n' "$name"
  local t0=$SECONDS
  "$@"
  local rc=$?
  names+=("$name ($((SECONDS - t0)) s)")
  codes+=("$rc")
  return 0
}

step "rustfmt" cargo fmt --all --check
step "native tests" cargo test --workspace --locked --no-fail-fast
step "engine + commands for wasm32" cargo build --locked -p bridgeport-engine -p bridgeport-commands --target wasm32-unknown-unknown
step "fetch crates" cargo fetch --locked
step "trunk build --release" bash -c 'source scripts/release-env.sh && trunk build --release --offline'
step "component tests (Chromium)" cargo test --locked --target wasm32-unknown-unknown -p bridgeport-app
step "end-to-end (Playwright)" env E2E_STRICT=1 node e2e/e2e.mjs dist target/e2e
step "end-to-end: embedding (Playwright)" node e2e/embed.mjs dist target/e2e-embed
step "end-to-end: tcpdump capture and pcap download (Playwright)" node e2e/capture.mjs dist target/e2e-capture
step "end-to-end: every lesson solved in the page (Playwright)" env E2E_STRICT=1 node e2e/lessons.mjs dist target/e2e-lessons
step "end-to-end: screens and a course page (Playwright)" env E2E_STRICT=1 node e2e/screens.mjs dist target/e2e-screens
# Issue 15's target is 500 KB gzipped for the whole page (the main part and
# every deferred part), and a first interactive within 2.5 s on a 1.6 Mbit/s,
# 150 ms link (measured by `node e2e/bench.mjs dist --only link`, not here).
# The page measured 782 KB gzipped on 2026-12-06 (936 KB on 2026-12-05;
# docs/benchmarks.md, "Page weight, 2026-12-06 morning"), so these budgets
# only guard against growth (2 %) until it fits.
step "size report" env SIZE_BUDGET="${SIZE_BUDGET:-800000}" SIZE_BUDGET_MAIN="${SIZE_BUDGET_MAIN:-800000}" \
  SIZE_BUDGET_DEFERRED="${SIZE_BUDGET_DEFERRED:-60000}" REQUIRE_PRECOMPRESSED=1 bash scripts/size-report.sh dist
step "fuzz (5 s per target)" bash scripts/fuzz.sh

printf '\n== summary\n'
failed=0
for i in "${!names[@]}"; do
  if [ "${codes[$i]}" -eq 0 ]; then
    printf 'ok    %s\n' "${names[$i]}"
  else
    printf 'FAIL  %s (exit %s)\n' "${names[$i]}" "${codes[$i]}"
    failed=$((failed + 1))
  fi
done
# The plain closing line CI reads: steps passed, steps failed.
echo "test: $((${#names[@]} - failed)) passed, $failed failed"
if [ "$failed" -ne 0 ]; then
  exit 1
fi
