#!/bin/bash
# Hazard precision and recall at two hazard shares: the same second-generator seeds made with
# each hazard on 0.1 of the fields (the generator's default: a third of the fields harmed) and
# on 0.3 (nine in ten harmed, as the evaluation seeds 71-73 are). A false hazard on a healthy
# field costs precision in proportion to the healthy fields, so 0.3 flatters it. Prints the
# judge's figures given the true crop (bench_satellite_hazards) and the end-to-end ones of
# `aviary satellite assess` (score_assessment.py), pooled over the seeds, for each share.
# About 2 minutes per seed on 2 cores.
# Usage: bench/satellite/hazard_prevalence.sh BUILD_DIR OUT_DIR [SEED ...]  (default 81 82 83)
set -euo pipefail
BUILD=$(cd "${1:?usage: hazard_prevalence.sh BUILD_DIR OUT_DIR [SEED ...]}" && pwd)
OUT=${2:?usage: hazard_prevalence.sh BUILD_DIR OUT_DIR [SEED ...]}
shift 2
if [ $# -gt 0 ]; then SEEDS=("$@"); else SEEDS=(81 82 83); fi
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$OUT"
for share in 0.1 0.3; do
  dirs=()
  for seed in "${SEEDS[@]}"; do
    d=$OUT/share_${share}_$seed
    [ -s "$d/truth.jsonl" ] || nice /usr/bin/python3 "$HERE/independent_scenes.py" "$d" \
      --seed "$seed" --severity 0.25 --hazard-share "$share" > /dev/null 2>&1
    [ -s "$d.jsonl" ] || "$BUILD/bin/aviary" satellite assess --catalog "$d/catalog.json" \
      --parcels "$d/parcels.geojson" --out "$d.jsonl" 2> /dev/null
    /usr/bin/python3 "$HERE/score_assessment.py" "$d" "$d.jsonl" > "$d.score"
    dirs+=("$d")
  done
  echo "hazard share $share, seeds ${SEEDS[*]}:"
  echo "  the judge, given the true crop:"
  "$BUILD/bin/bench_satellite_hazards" "${dirs[@]}" 2> /dev/null |
    grep -E '^(flood|drought|pest):' | sed 's/^/    /'
  echo "  end to end (assess):"
  for kind in flood drought pest; do
    grep -h "^$kind " "${dirs[@]/%/.score}" | tr -d '(),' | awk -v k="$kind" '
      { for (i = 1; i <= NF; i++) { if ($i == "tp") tp += $(i + 1); if ($i == "fp") fp += $(i + 1);
                                    if ($i == "fn") fn += $(i + 1) } }
      END { printf "    %s: precision %.3f recall %.3f (tp %d, fp %d, fn %d)\n", k,
            tp / (tp + fp + (tp + fp == 0)), tp / (tp + fn + (tp + fn == 0)), tp, fp, fn }'
  done
done
