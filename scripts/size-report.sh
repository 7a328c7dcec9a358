#!/usr/bin/env bash
# Print the size of every file in dist/ (raw and gzip -9) and the total, and
# fail if the whole page is over the budget of 300 KB gzipped.
#   scripts/size-report.sh [dist-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
DIST=${1:-dist}
# SIZE_BUDGET (bytes) overrides the budget, e.g. while the engine grows.
BUDGET=${SIZE_BUDGET:-$((300 * 1000))}
[ -d "$DIST" ] || { echo "size: no $DIST/ (run trunk build --release first)" >&2; exit 1; }
total_raw=0
total_gz=0
printf '%-44s %10s %10s\n' "file" "raw" "gzip"
while IFS= read -r -d '' f; do
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  total_raw=$((total_raw + raw))
  total_gz=$((total_gz + gz))
  printf '%-44s %10d %10d\n' "${f#"$DIST"/}" "$raw" "$gz"
done < <(find "$DIST" -type f -print0 | sort -z)
printf '%-44s %10d %10d\n' "total" "$total_raw" "$total_gz"
if [ "$total_gz" -gt "$BUDGET" ]; then
  echo "size: $total_gz bytes gzipped is over the budget of $BUDGET" >&2
  exit 1
fi
echo "size: $total_gz of $BUDGET bytes gzipped ($((total_gz * 100 / BUDGET))% of the budget)"
