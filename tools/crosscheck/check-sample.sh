#!/usr/bin/env bash
# Runs the independent cross-check on the committed sample: loads it into a fresh embedded warehouse with the
# built CLI, then compares `lgs metrics --json` with the plain-Python computation at the default as-of and at
# two earlier ones (a mid-year cut-off, and one inside the first month). Needs `npm run build` and python3
# (standard library only). Exit code 1 on any difference.
set -euo pipefail
cd "$(dirname "$0")/../.."
sample=data/sample/online_retail_II_sample.csv.gz
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LGS_HOME="$work/home" LOG_LEVEL=warn
unset DATABASE_URL
node dist/src/cli.js load "$sample" >/dev/null
status=0
for as_of in "" 2011-09-01 2010-06-15; do
  label=${as_of:-default}
  if [ -n "$as_of" ]; then
    node dist/src/cli.js metrics --json --as-of "$as_of" >"$work/lgs-$label.json"
    python3 tools/crosscheck/crosscheck_metrics.py "$sample" --as-of "${as_of}T00:00:00" >"$work/python-$label.json" 2>/dev/null
  else
    node dist/src/cli.js metrics --json >"$work/lgs-$label.json"
    python3 tools/crosscheck/crosscheck_metrics.py "$sample" >"$work/python-$label.json" 2>/dev/null
  fi
  printf 'cross-check on the sample, as-of %s: ' "$label"
  node tools/crosscheck/compare.mjs "$work/lgs-$label.json" "$work/python-$label.json" || status=1
done
exit "$status"
