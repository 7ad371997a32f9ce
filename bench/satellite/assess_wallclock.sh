#!/bin/bash
# Parcels per second as a user sees them: the wall clock of whole `aviary satellite assess`
# runs, start-up, model load and output included (bench_satellite times the pipeline inside one
# process). Prints each run, then the p50 and p99 of the runs and parcels/s at the p50.
# Usage: bench/satellite/assess_wallclock.sh BUILD_DIR [CATALOG PARCELS] [RUNS]
# Without a catalog it simulates 210 parcels x 48 dates (the size of the issue's scenes).
set -euo pipefail
usage() { sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; }
if [ "${1:-}" = "--help" ]; then usage; exit 0; fi
if [ -z "${1:-}" ]; then usage >&2; echo "give the build folder, e.g. build" >&2; exit 2; fi
BUILD=$1
OUT=$(mktemp --suffix=.jsonl); WORK=""
trap 'rm -f "$OUT"; [ -z "$WORK" ] || rm -rf "$WORK"' EXIT
if [ $# -ge 3 ]; then
  CATALOG=$2; PARCELS=$3; RUNS=${4:-7}
else
  RUNS=${2:-7}
  WORK=$(mktemp -d)
  "$BUILD/bin/aviary-simulate" satellite simulate "$WORK/scenes" --parcels 210 --seed 9950 \
    >/dev/null 2>&1
  CATALOG=$WORK/scenes/catalog.json; PARCELS=$WORK/scenes/parcels.geojson
fi
"$BUILD/bin/aviary" satellite assess --catalog "$CATALOG" --parcels "$PARCELS" --out "$OUT" \
  2>/dev/null  # one warm-up run: the scenes in the page cache, as on a second batch
COUNT=$(wc -l <"$OUT")
TIMES=()
for run in $(seq 1 "$RUNS"); do
  START=$(date +%s.%N)
  "$BUILD/bin/aviary" satellite assess --catalog "$CATALOG" --parcels "$PARCELS" --out "$OUT" \
    2>/dev/null
  END=$(date +%s.%N)
  TIMES+=("$(echo "$END - $START" | bc -l)")
  printf 'run %d: %.3f s\n' "$run" "${TIMES[-1]}"
done
printf '%s\n' "${TIMES[@]}" | sort -g | awk -v n="$COUNT" -v load="$(cut -d' ' -f1 /proc/loadavg)" '
  { t[NR] = $1 }
  END {
    p50 = t[int((NR + 1) / 2)]; p99 = t[NR - int(NR / 100)]
    printf "satellite assess, %d parcels, %d runs: p50 %.3f s, p99 %.3f s per run\n", n, NR, p50, p99
    printf "throughput %.1f parcels/s at the p50 (load average %s)\n", n / p50, load
  }'
