# Sourced (not run) before the page's release build: `source scripts/release-env.sh
# && trunk build --release`. scripts/test.sh and `scripts/serve.sh --release` do.
#
# The release page compiles the standard library itself, with a panic as a
# plain trap (`-Cpanic=immediate-abort`): the panic machinery (messages,
# locations, formatting of payloads) leaves the wasm, 48.8 KB gzipped of
# 917.9 (docs/benchmarks.md, "Panics as traps"). The page still shows its
# error panel: crates/app/src/panic.rs listens for the trap.
#
# Both are unstable options of the stable toolchain (-Zbuild-std and
# -Cpanic=immediate-abort), enabled with RUSTC_BOOTSTRAP=1 for this build
# only (the tests and debug builds keep the prebuilt std and the panic hook).
# They need rustup's rust-src component and its crates (scripts/setup.sh).
#
# std is built with its `optimize_for_size` feature: the smaller sort, integer
# formatting and float parsing of core (same results; the only unstable sorts
# we call order strings, whose equal elements cannot be told apart). It took
# 3.8 KB gzipped off the wasm (801 328 -> 797 575, docs/benchmarks.md,
# "Page weight, 2026-12-06"). `-Zinline-mir=no` leaves inlining to LLVM's
# size-tuned inliner alone (rustc's MIR inliner copies small functions into
# their callers before LLVM sees them): 2.5 KB gzipped less (797 575 ->
# 795 067), measured the same way.
# PAGE_STD=prebuilt builds the page with the prebuilt std instead.
if [ "${PAGE_STD:-}" != "prebuilt" ]; then
  export RUSTC_BOOTSTRAP=1
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
  export RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }-Zunstable-options -Cpanic=immediate-abort -Zinline-mir=no"
fi
