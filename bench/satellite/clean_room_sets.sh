#!/bin/sh
# Regenerates the clean-room evaluation sets: regions A, B, C x test seeds 1, 2, and labelled
# seeds 11-13 of each region for the 630-label runs (cr_X_t1..t3). The shipped model trains on
# seeds 101-108 of A and B (train_shipped_model.sh). About 6 minutes on one core.
# Usage: bench/satellite/clean_room_sets.sh OUT_DIR
set -e
out=${1:?usage: clean_room_sets.sh OUT_DIR}
gen="$(dirname "$0")/clean_room_scenes.py"
mkdir -p "$out"
for spec in A:1:cr_A_1 A:2:cr_A_2 B:1:cr_B_1 B:2:cr_B_2 C:1:cr_C_1 C:2:cr_C_2 \
            A:11:cr_A_t1 A:12:cr_A_t2 A:13:cr_A_t3 B:11:cr_B_t1 B:12:cr_B_t2 B:13:cr_B_t3 \
            C:11:cr_C_t1 C:12:cr_C_t2 C:13:cr_C_t3; do
  region=${spec%%:*}; rest=${spec#*:}; seed=${rest%%:*}; name=${rest#*:}
  rm -rf "$out/$name"
  start=$(date +%s)
  nice -n 19 /usr/bin/python3 "$gen" --region "$region" --seed "$seed" --out "$out/$name"
  echo "$name $(( $(date +%s) - start )) s"
done
