#!/usr/bin/env python3
"""The calibration of `aviary satellite assess` results pooled over several scene folders.

Usage: pooled_calibration.py SIM_DIR RESULTS.jsonl [SIM_DIR RESULTS.jsonl ...]
Prints, over all the parcels together: the likeliest crop's accuracy, the mean top probability,
the expected calibration error (15 bins of the top probability) and what a perfectly
calibrated model would show on as many parcels of these confidences (median of 500 draws).
210 parcels are too few to tell a calibrated model from one 0.05 off; a few sets pooled are not.
"""
import json
import random
import sys


def calibration_error(tops, rights, bins=15):
    error = 0.0
    for b in range(bins):
        inside = [(t, r) for t, r in zip(tops, rights) if b / bins < t <= (b + 1) / bins]
        if inside:
            top = sum(t for t, _ in inside) / len(inside)
            right = sum(r for _, r in inside) / len(inside)
            error += len(inside) / len(tops) * abs(right - top)
    return error


def main():
    args = sys.argv[1:]
    if not args or len(args) % 2 or args[0] in ("-h", "--help"):
        raise SystemExit(__doc__)
    tops, rights = [], []
    for folder, results in zip(args[::2], args[1::2]):
        with open(folder + "/truth.jsonl") as f:
            truth = {t["parcel_id"]: t["system"] for t in map(json.loads, f)}
        with open(results) as f:
            for r in map(json.loads, f):
                if "error" in r or not r.get("probabilities"):
                    continue
                likeliest = max(r["probabilities"], key=r["probabilities"].get)
                tops.append(r["probabilities"][likeliest])
                rights.append(likeliest == truth[r["parcel_id"]])
    if not tops:
        raise SystemExit("no assessed parcels in the results given")
    rng = random.Random(1)
    floor = sorted(calibration_error(tops, [rng.random() < t for t in tops]) for _ in range(500))
    print("%d parcels: likeliest right %.3f, mean top probability %.3f, calibration error %.3f "
          "(a calibrated model would show %.3f)" % (len(tops), sum(rights) / len(tops),
                                                    sum(tops) / len(tops),
                                                    calibration_error(tops, rights), floor[250]))


if __name__ == "__main__":
    main()
