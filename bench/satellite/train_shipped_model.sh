#!/bin/bash
# Rebuilds plugins/satellite/resources/models/satellite_crop_model.ubj from five generators built
# differently, so that the trees learn what they share rather than one generator's habits:
# - 18 regions of the product's simulator (400 parcels each: plain seeds 101-106, varied
#   regions 1001-1012);
# - 24 regions of our second generator (bench/satellite/independent_scenes.py, 400 parcels each,
#   seeds 501-524 with region-seeds 21-44: severity 0.25 and 0.5 in turn, then six at 0.75;
#   40-56 dates). Evaluation uses other seeds and region-seeds of it (see the model report);
# - 16 folders of the clean-room generator (bench/satellite/clean_room_scenes.py, 400 parcels
#   each: regions A and B, seeds 101-108). Its region C, and seeds 1-2 and 11-13 of every region
#   (clean_room_sets.sh), are kept for evaluation;
# - 12 regions of the canopy generator (bench/satellite/canopy_scenes.py, written in a clean room
#   from the spec alone; 400 parcels each, region-seeds 1-12, seeds 601-612, 40-56 dates).
#   Region-seeds 101-106 are kept for evaluation;
# - 12 regions of the weather generator (bench/satellite/weather_scenes.py, also written in a
#   clean room from the spec alone: seasons by thermal time under a year's weather; 400 parcels
#   each, region-seeds 1-12, seeds 701-712, 40-56 dates). Region-seeds 101-106 are kept for
#   evaluation.
# Features are extracted by 'aviary satellite train --save-features', then 'aviary satellite
# train --from scratch' with its defaults, --seed 1 and each file's generator as its --source.
# About 20 min of simulation, 15 min of the clean-room generator, 5 min of the canopy generator,
# 7 min of the weather generator, 10 min of feature extraction and 10-20 min of training on 2
# cores.
# Usage: bench/satellite/train_shipped_model.sh BUILD_DIR WORK_DIR [OUT_MODEL]
set -euo pipefail
BUILD=${1:?build dir}; WORK=${2:?work dir}; OUT=${3:-$WORK/satellite_crop_model.ubj}
S=$BUILD/bin/aviary-simulate; A=$BUILD/bin/aviary
SECOND=$(cd "$(dirname "$0")" && pwd)/independent_scenes.py
THIRD=$(cd "$(dirname "$0")" && pwd)/clean_room_scenes.py
FOURTH=$(cd "$(dirname "$0")" && pwd)/canopy_scenes.py
FIFTH=$(cd "$(dirname "$0")" && pwd)/weather_scenes.py
mkdir -p "$WORK"; cd "$WORK"
features() {  # features NAME: the labelled feature rows of catalog NAME
  local d=$1
  [ -s $d.features.jsonl ] || nice $A satellite train --catalog $d/catalog.json \
    --parcels $d/parcels.geojson --save-features $d.features.jsonl >/dev/null
  echo "$(date +%T) $d"
}
region() {  # region NAME SIMULATE-ARGS...: one region of the product's simulator
  local d=$1; shift
  [ -f $d/truth.jsonl ] || nice $S satellite simulate $d --parcels 400 "$@" >/dev/null
  features $d
}
V="--vary-region --min-mu 0.3"
region plain_101 --seed 101; region vary_1001 --seed 1001 $V; region vary_1002 --seed 1002 $V
region plain_102 --seed 102; region vary_1003 --seed 1003 $V --cloud 0.45
region vary_1004 --seed 1004 $V; region plain_103 --seed 103 --hazard-share 0.2
region vary_1005 --seed 1005 $V --hazard-share 0.15; region vary_1006 --seed 1006 $V
region plain_104 --seed 104; region vary_1007 --seed 1007 $V
region vary_1008 --seed 1008 $V --cloud 0.45; region plain_105 --seed 105
region vary_1009 --seed 1009 $V; region vary_1010 --seed 1010 $V --hazard-share 0.15
region plain_106 --seed 106; region vary_1011 --seed 1011 $V; region vary_1012 --seed 1012 $V
second() {  # second SEED SEVERITY DATES: one region of our second generator
  local d=gen_$1
  [ -f $d/truth.jsonl ] || nice /usr/bin/python3 "$SECOND" $d --seed $1 --region-seed $(($1 - 480)) \
    --severity $2 --parcels 400 --dates $3 --hazard-share 0.15 >/dev/null
  features $d
}
k=0
for seed in $(seq 501 518); do
  second $seed $([ $((k % 2)) = 0 ] && echo 0.25 || echo 0.5) $((40 + 8 * (k % 3))); k=$((k + 1))
done
k=0
for seed in $(seq 519 524); do second $seed 0.75 $((40 + 8 * (k % 3))); k=$((k + 1)); done
third() {  # third REGION SEED: one folder of the clean-room generator
  local d=cr_$1_$2
  [ -f $d/truth.jsonl ] || nice /usr/bin/python3 "$THIRD" --region $1 --seed $2 --parcels 400 \
    --out $d >/dev/null
  features $d
}
for region in A B; do for seed in $(seq 101 108); do third $region $seed; done; done
spec_region() {  # spec_region SCRIPT PREFIX SEED K: region-seed K of a clean-room generator
  local d=$2_$(($3 + $4))
  [ -f $d/truth.jsonl ] || nice /usr/bin/python3 "$1" --out $d --seed $(($3 + $4)) \
    --region-seed $4 --parcels 400 --dates $((40 + 8 * ($4 % 3))) --hazard-share 0.15 >/dev/null
  features $d
}
for k in $(seq 1 12); do spec_region "$FOURTH" canopy 600 $k; done
for k in $(seq 1 12); do spec_region "$FIFTH" w5 700 $k; done
# Each generator is a source: the temperature is also fitted on each generator predicted by
# trees trained on the others, as scenes made yet another way will be.
args=()
for f in plain_*.features.jsonl vary_*.features.jsonl; do
  args+=(--features "$f" --source simulator)
done
for f in gen_*.features.jsonl; do args+=(--features "$f" --source second_generator); done
for f in cr_*.features.jsonl; do args+=(--features "$f" --source clean_room); done
for f in canopy_*.features.jsonl; do args+=(--features "$f" --source canopy); done
for f in w5_*.features.jsonl; do args+=(--features "$f" --source weather); done
nice $A satellite train "${args[@]}" --from scratch --seed 1 --out "$OUT"
