#!/usr/bin/env bash
# Build the component gallery (web/gallery.html: the views rendered from
# hand-made fixtures, no engine involved) and screenshot each section to
# target/gallery-*.png. A visual check, not part of dist/ or of scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
trunk build web/gallery.html --dist target/gallery
node e2e/gallery.mjs target/gallery target/gallery
