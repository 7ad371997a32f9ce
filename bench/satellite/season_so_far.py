#!/usr/bin/python3
"""How sure the crop model is of a year cut before its end, and the temperature that would
calibrate it.

Usage: season_so_far.py BUILD_DIR OUT_DIR SET_DIR... [--year 2026]
Each SET_DIR holds catalog.json, parcels.geojson and truth.jsonl (any of our generators).
Each set is assessed as of every month end from March to November (`aviary satellite assess
--as-of`; lines kept in OUT_DIR, and reused when there). For each cut, pooled over the sets,
prints the likeliest crop's accuracy, the mean top probability, the expected calibration error
(15 bins), the parcels below 0.35, and the temperature T that minimises the log loss of the
lines' probabilities raised to 1/T. SeasonSoFar's temperatures were fitted by this script on
the tuning sets (second generator 201-203, 211-213; clean-room 21 A, B, C) with the flattening
off; run with it on, the fitted T near 1 says the cuts are calibrated.
"""
import argparse
import calendar
import json
import os
import subprocess

import numpy as np

from pooled_calibration import calibration_error


def tempered(p, t):
    q = {k: v ** (1 / t) for k, v in p.items()}
    total = sum(q.values())
    return {k: v / total for k, v in q.items()}


def log_loss(rows, t):
    # A class the line does not list had a probability below its rounding: 1e-4.
    return -np.mean([np.log(max(tempered(p, t).get(y, 0), 1e-4)) for p, y in rows])


def lines(build, set_dir, out):
    if not os.path.exists(out) or os.path.getsize(out) == 0:
        subprocess.run([os.path.join(build, "bin", "aviary"), "satellite", "assess", "--catalog",
                        os.path.join(set_dir, "catalog.json"), "--parcels",
                        os.path.join(set_dir, "parcels.geojson"), "--as-of",
                        os.path.basename(out).split(".")[-2], "--out", out],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    with open(out) as f:
        return [json.loads(x) for x in f if x.strip()]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("build_dir")
    ap.add_argument("out_dir")
    ap.add_argument("sets", nargs="+")
    ap.add_argument("--year", type=int, default=2026)
    a = ap.parse_args()
    os.makedirs(a.out_dir, exist_ok=True)
    temperatures = np.exp(np.linspace(np.log(0.5), np.log(12), 60))
    for month in range(3, 12):
        cut = f"{a.year}-{month:02d}-{calendar.monthrange(a.year, month)[1]:02d}"
        rows = []
        for set_dir in a.sets:
            with open(os.path.join(set_dir, "truth.jsonl")) as f:
                truth = {t["parcel_id"]: t["system"] for t in map(json.loads, f)}
            out = os.path.join(a.out_dir, f"{os.path.basename(set_dir.rstrip('/'))}.{cut}.jsonl")
            rows += [(x["probabilities"], truth[x["parcel_id"]])
                     for x in lines(a.build_dir, set_dir, out) if "error" not in x]
        if not rows:
            continue
        top = [max(p, key=p.get) for p, _ in rows]
        confidence = [p[k] for (p, _), k in zip(rows, top)]
        right = [k == y for k, (_, y) in zip(top, rows)]
        best = min(temperatures, key=lambda t: log_loss(rows, t))
        print(f"as of {cut}: {len(rows)} parcels, likeliest crop {np.mean(right):.3f}, mean top "
              f"probability {np.mean(confidence):.3f}, calibration error "
              f"{calibration_error(confidence, right):.3f}, below 0.35: "
              f"{sum(c < 0.35 for c in confidence)}; fitted temperature {best:.2f}", flush=True)


if __name__ == "__main__":
    main()
