#!/usr/bin/env bash
# Install what builds and tests the page, idempotently (see ../shared/toolchain.md):
# Chromium + chromedriver (Debian), the wasm32 target, wasm-bindgen-cli at the
# version in Cargo.lock, trunk 0.21.14, and the npm tools (wasm-opt 132 from
# binaryen, playwright-core). Each step is skipped when already satisfied, so a
# warm run takes about a second. Needs no stdin.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '== setup: %s\n' "$*"; }

if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  say "installing chromium and chromium-driver (apt)"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo -n"; fi
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium chromium-driver
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo fmt --version >/dev/null 2>&1; then
  say "adding rustfmt (scripts/test.sh checks formatting)"
  rustup component add rustfmt
fi

# The release page compiles the standard library itself (scripts/release-env.sh):
# its sources, and the crates.io crates std depends on (fetched now, because
# scripts/test.sh builds the page with --offline).
if ! rustup component list --installed | grep -q '^rust-src'; then
  say "adding rust-src (the page's release build compiles std)"
  rustup component add rust-src
fi
# (std's manifest uses unstable Cargo features, hence RUSTC_BOOTSTRAP for this one command.)
RUSTC_BOOTSTRAP=1 cargo fetch --manifest-path "$(rustc --print sysroot)/lib/rustlib/src/rust/library/Cargo.toml"

# The CLI must equal the wasm-bindgen crate in Cargo.lock exactly.
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$WB_VERSION" ]; then
  echo "setup: no wasm-bindgen in Cargo.lock" >&2
  exit 1
fi
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $WB_VERSION"; then
  say "installing wasm-bindgen-cli $WB_VERSION (about 2.5 min)"
  # No --locked: its lockfile pins a webpki-roots the crates.io mirror lacks.
  cargo install wasm-bindgen-cli --version "$WB_VERSION"
fi

if ! trunk --version 2>/dev/null | grep -qx "trunk 0.21.14"; then
  say "installing trunk 0.21.14 (about 6.5 min; 0.22 needs rustc >= 1.96.1)"
  cargo install trunk --version 0.21.14 --locked
fi

want_npm() {
  [ -x node_modules/.bin/wasm-opt ] || return 0
  node_modules/.bin/wasm-opt --version 2>/dev/null | grep -q "version_132" || return 0
  grep -q '"version": "1.65.1"' node_modules/playwright-core/package.json 2>/dev/null || return 0
  grep -q '"version": "5.51.4"' node_modules/terser/package.json 2>/dev/null || return 0
  return 1
}
if want_npm; then
  say "npm ci (binaryen 132, playwright-core 1.65.1, terser 5.51.4)"
  npm ci --no-audit --no-fund
fi

say "ready: $(trunk --version), $(wasm-bindgen --version), wasm-opt $(node_modules/.bin/wasm-opt --version | awk '{print $3}'), $(chromium --version 2>/dev/null | head -n1)"
