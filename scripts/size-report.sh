#!/usr/bin/env bash
# Print the size of every file in dist/ (raw, gzip -9, brotli quality 11),
# the sum per part (main, each deferred part, embedding) and for the page,
# and fail if a part or the page is over its budget (issue 15: the page,
# main plus deferred parts, at most 500 KB gzipped) or if precompressed
# .gz/.br files are stale. scripts/size-report.mjs says what each part holds.
#   scripts/size-report.sh [dist-dir]
# Budgets in bytes gzipped: SIZE_BUDGET (the page, default 500000),
# SIZE_BUDGET_MAIN (the main part, default SIZE_BUDGET), SIZE_BUDGET_DEFERRED
# (each deferred part, default 60000), SIZE_BUDGET_EMBED (default 40000).
# REQUIRE_PRECOMPRESSED=1 also fails when an asset has no .gz and .br.
set -euo pipefail
cd "$(dirname "$0")/.."
exec node scripts/size-report.mjs "${1:-dist}"
