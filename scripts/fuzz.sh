#!/usr/bin/env bash
# Builds the cargo-fuzz targets in fuzz/ and runs each one for SECONDS.
#
#   scripts/fuzz.sh              # CI: 5 s per target, 40 s of fuzzing in all
#   scripts/fuzz.sh 600          # the documented long run: 10 min per target
#   scripts/fuzz.sh 60 go_template port_spec   # some targets only
#
# Targets: command_line, command_sequence, compose, firewall (iptables and
# ufw lines), go_template, golib, port_spec, tcpdump (see fuzz/fuzz_targets/; go_template and golib drive
# crates/golib alone, compose drives crates/compose alone). Each
# run starts from the checked-in seed corpus fuzz/corpus/<target>/
# (read-only here) plus the working corpus fuzz/work/<target>/ (gitignored;
# new inputs go there and are kept between runs). A crash is saved to
# fuzz/artifacts/<target>/; reproduce it with
#   cargo +nightly fuzz run -O -a -s none <target> fuzz/artifacts/<target>/crash-…
# then minimise with `cargo fuzz tmin`, and add it as a test to
# crates/commands/tests/regressions.rs (crates/golib/tests/regressions.rs for
# go_template and golib, crates/compose/tests/regressions.rs for compose).
#
# Toolchain: the nightly if rustup has one, else stable with
# RUSTC_BOOTSTRAP=1 (cargo-fuzz passes -Z flags); FUZZ_TOOLCHAIN=stable
# forces the latter. The two toolchains share fuzz/target, so switching
# rebuilds. Builds are release with
# debug assertions (-O -a: overflow checks on) and no sanitizer by default:
# the code is safe Rust, and without ASan it runs about twice as fast. Set
# FUZZ_SANITIZER=address to use ASan. The main thread's stack is limited to
# FUZZ_STACK_KB (default 2048) so deep recursion that could overflow the
# page's 1 MiB wasm stack shows up here too.
#
# Installs cargo-fuzz 0.13.2 if it is missing (about 1m40s). The last line is
# `fuzz: N passed, M failed`; the exit status is 1 if any target failed.
set -uo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_TARGET=${1:-5}
shift || true
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=(command_line command_sequence compose firewall go_template golib port_spec tcpdump)
fi
SANITIZER=${FUZZ_SANITIZER:-none}
STACK_KB=${FUZZ_STACK_KB:-2048}

say() { printf '== fuzz: %s\n' "$*"; }

if ! cargo fuzz --version 2>/dev/null | grep -q "0.13.2"; then
  say "installing cargo-fuzz 0.13.2"
  cargo install cargo-fuzz --version 0.13.2 --locked || exit 1
fi

# FUZZ_TOOLCHAIN=stable forces the stable path (what a machine without a
# nightly gets).
if [ "${FUZZ_TOOLCHAIN:-}" != "stable" ] && rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  TOOLCHAIN=+nightly
else
  TOOLCHAIN=+stable
  export RUSTC_BOOTSTRAP=1
fi
say "toolchain $(rustc $TOOLCHAIN --version)${RUSTC_BOOTSTRAP:+ with RUSTC_BOOTSTRAP=1}, sanitizer $SANITIZER"

FLAGS=(-O -a -s "$SANITIZER" --fuzz-dir fuzz)
t0=$SECONDS
if ! cargo $TOOLCHAIN fuzz build "${FLAGS[@]}"; then
  echo "fuzz: build failed"
  echo "fuzz: 0 passed, ${#TARGETS[@]} failed"
  exit 1
fi
say "built in $((SECONDS - t0)) s"

passed=0
failed=0
for t in "${TARGETS[@]}"; do
  mkdir -p "fuzz/work/$t" "fuzz/artifacts/$t"
  say "$t for ${SECONDS_PER_TARGET} s"
  log="fuzz/artifacts/$t/last-run.log"
  # -max_len bounds the inputs; -timeout flags an input taking > 10 s;
  # -rss_limit_mb catches unbounded memory growth.
  (
    ulimit -s "$STACK_KB"
    cargo $TOOLCHAIN fuzz run "${FLAGS[@]}" "$t" "fuzz/work/$t" "fuzz/corpus/$t" -- \
      -max_total_time="$SECONDS_PER_TARGET" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1
  ) >"$log" 2>&1
  rc=$?
  runs=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | tail -n1)
  cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -n1)
  if [ "$rc" -eq 0 ]; then
    passed=$((passed + 1))
    printf 'ok    %-17s %s (%s)\n' "$t" "${runs:-?}" "${cov:-?}"
  else
    failed=$((failed + 1))
    printf 'FAIL  %-17s exit %s; log %s\n' "$t" "$rc" "$log"
    grep -E "panicked|ERROR: libFuzzer|SUMMARY|Test unit written|deadly signal|out-of-memory|timeout" "$log" | head -n 12
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
