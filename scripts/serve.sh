#!/usr/bin/env bash
# Set up (idempotent) and serve the playground with trunk at http://127.0.0.1:8080/.
# Trunk rebuilds on change; reload the page yourself (autoreload is off because
# its inline script would break the page's Content-Security-Policy).
# Extra arguments go to `trunk serve` (e.g. --port 9000, --release).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
# A release build compiles std for the page as CI does (scripts/release-env.sh).
case " $* " in *" --release "*) source scripts/release-env.sh ;; esac
exec trunk serve "$@"
