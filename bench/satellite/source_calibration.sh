#!/bin/bash
# Whether naming each generator as a --source keeps the probabilities calibrated on a
# generator the model never saw. For each generator in turn: train on the other two (the
# feature files train_shipped_model.sh left in TRAIN_WORK) with and without --source, assess
# the left-out generator's evaluation folders in EVAL_DIR with each model, and print the
# calibration pooled over those folders.
# EVAL_DIR holds scene folders (catalog.json, parcels.geojson, truth.jsonl) named cr_[ABC]_[12]
# (clean_room_sets.sh), g2_7[123] (independent_scenes.py seeds 71-73) and sim_990[123]
# (aviary-simulate seeds 9901-9903). About 40 minutes on 2 cores.
# Usage: bench/satellite/source_calibration.sh BUILD_DIR TRAIN_WORK EVAL_DIR OUT_DIR
set -euo pipefail
BUILD=$(cd "${1:?build dir}" && pwd); TRAIN=$(cd "${2:?train_shipped_model.sh work dir}" && pwd)
EVAL=$(cd "${3:?folder of evaluation scene folders}" && pwd); OUT=${4:?output dir}
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
A=$BUILD/bin/aviary; SCORE=$(cd "$(dirname "$0")" && pwd)/pooled_calibration.py
declare -A SOURCE=([plain]=simulator [vary]=simulator [gen]=second_generator [cr]=clean_room)
declare -A TESTS=([clean_room]="cr_A_1 cr_A_2 cr_B_1 cr_B_2 cr_C_1 cr_C_2"
                  [second_generator]="g2_71 g2_72 g2_73" [simulator]="sim_9901 sim_9902 sim_9903")
for leave in clean_room second_generator simulator; do
  with=(); without=()
  for prefix in plain vary gen cr; do
    [ "${SOURCE[$prefix]}" = $leave ] && continue
    for f in "$TRAIN"/${prefix}_*.features.jsonl; do
      with+=(--features "$f" --source "${SOURCE[$prefix]}"); without+=(--features "$f")
    done
  done
  for model in with without; do
    if [ ! -s "$OUT/$leave.$model.json" ]; then
      if [ $model = with ]; then args=("${with[@]}"); else args=("${without[@]}"); fi
      nice "$A" satellite train "${args[@]}" --from scratch --seed 1 \
        --out "$OUT/$leave.$model.json" > "$OUT/$leave.$model.log"
    fi
    scored=()
    for s in ${TESTS[$leave]}; do
      r=$OUT/$s.$model.jsonl
      [ -s "$r" ] || "$A" satellite assess --catalog "$EVAL/$s/catalog.json" \
        --parcels "$EVAL/$s/parcels.geojson" --model "$OUT/$leave.$model.json" --out "$r" 2>/dev/null
      scored+=("$EVAL/$s" "$r")
    done
    printf '%s left out, trained %s --source: ' $leave $model
    /usr/bin/python3 "$SCORE" "${scored[@]}"
  done
done
