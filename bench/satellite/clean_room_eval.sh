#!/bin/bash
# Scores a crop model on the clean-room evaluation sets (clean_room_sets.sh): `aviary satellite
# assess` on each test folder, score_assessment.py against its truth, one line per folder, and
# the mean of regions A-B (trained on by the shipped model, other fields) and of region C (held
# out). With labelled: also trains on cr_X_t1..t3 with `aviary satellite train` (default start)
# and scores that model on the region's test folders: the 630-label figure.
# Usage: bench/satellite/clean_room_eval.sh BUILD_DIR SETS_DIR [MODEL|labelled]
set -euo pipefail
BUILD=${1:?usage: clean_room_eval.sh BUILD_DIR SETS_DIR [MODEL|labelled]}
SETS=${2:?usage: clean_room_eval.sh BUILD_DIR SETS_DIR [MODEL|labelled]}
MODEL=${3:-shipped}
A=$BUILD/bin/aviary
SCORE=$(cd "$(dirname "$0")" && pwd)/score_assessment.py
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
score() {  # score FOLDER MODEL: one line of figures
  local d=$SETS/$1
  if ! $A satellite assess --catalog "$d/catalog.json" --parcels "$d/parcels.geojson" \
    --model "$2" --out "$WORK/$1.jsonl" 2> "$WORK/$1.log"; then
    echo "$1: assess failed (its last lines below); run it alone to see them all:" \
      "$A satellite assess --catalog $d/catalog.json --parcels $d/parcels.geojson --model $2"
    tail -n 3 "$WORK/$1.log"
    return 0
  fi
  /usr/bin/python3 "$SCORE" "$d" "$WORK/$1.jsonl" > "$WORK/$1.score"
  local lk acc ece hz
  lk=$(grep -o "accuracy of the likeliest [0-9.]*" "$WORK/$1.score" | awk '{print $5}')
  acc=$(grep -o "accuracy [0-9.]*, macro-F1 [0-9.]*" "$WORK/$1.score")
  ece=$(grep -o "calibration error [0-9.]*" "$WORK/$1.score" | cut -d' ' -f3)
  hz=$(grep -E "^(flood|drought|pest)" "$WORK/$1.score" | awk '{printf "%s %s/%s ", $1, $3, $5}')
  echo "$1 likeliest $lk | $acc | ECE $ece | $hz"
}
for region in A B C; do
  model=$MODEL
  if [ "$MODEL" = labelled ]; then
    model=$WORK/local_$region.json
    features=()
    for k in 1 2 3; do features+=(--catalog "$SETS/cr_${region}_t$k/catalog.json"
                                  --parcels "$SETS/cr_${region}_t$k/parcels.geojson"); done
    $A satellite train "${features[@]}" --out "$model" 2>&1 | grep -E "kept|trained on|tuned on" || true
  fi
  for seed in 1 2; do score cr_${region}_$seed "$model"; done
done | tee "$WORK/lines"
awk '/likeliest/ { g = ($1 ~ /^cr_C/) ? "C (held out)" : "A-B"; n[g]++; s[g] += $3 }
     END { for (g in n) printf "mean likeliest, region %s: %.3f over %d folders\n", g, s[g] / n[g], n[g] }' \
  "$WORK/lines"
