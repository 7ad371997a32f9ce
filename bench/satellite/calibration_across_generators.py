#!/usr/bin/python3
"""Where to fit the batch temperature: region folds, generator folds, or both.

Usage: calibration_across_generators.py TRAIN_DIR TEST_DIR --leave-out sim|second|clean_room

TRAIN_DIR holds the labelled feature rows train_shipped_model.sh writes (plain_*, vary_*: the
product's simulator; gen_*: our second generator; cr_*: the clean-room generator), TEST_DIR
those of the evaluation sets, written with `aviary satellite train --save-features` and named
sim_99*, g2_* and cr_* after their generator. Needs python3-xgboost.

Trains the product's trees (its settings, 150 rounds) on the two generators not left out, and
fits log T = a + b * strangeness (the batch's median fit_best_error) as `aviary satellite
train` does, from one temperature per training region:
- "region": each region predicted by trees trained in 4 folds of whole regions (the product
  without --source);
- "generator": each region predicted by trees trained on the other generator only;
- "both": the two sets of temperatures together (the product with --source).
Prints, per kind of test set, the likeliest crop's accuracy and each fit's pooled calibration
error and mean top probability. The model report's thirteenth pass gives the figures.
"""
import argparse
import json

import numpy as np
import xgboost as xgb

from generator_experts import GENERATORS, MODEL, PARAMS, calibration_error, files, load

TESTS = {"sim": ["sim_99*"], "second": ["g2_*"], "clean_room": ["cr_*"]}


def calibrate(p, t):
    q = np.power(np.maximum(p, 1e-12), 1 / t)
    return q / q.sum(1, keepdims=True)


def best_temperature(p, y):  # as the product: 0.5 to 5 in steps of 0.05, least log loss
    return min(np.arange(0.5, 5.0001, 0.05),
               key=lambda t: -np.log(calibrate(p, t)[np.arange(len(y)), y]).mean())


def fit_line(points, rising=True):
    """Weighted least squares of log T on (z, log T, weight) points, T clipped to the product's
    0.5-5; no slope unless it rises with z (falls, with rising=False)."""
    s, t, w = map(np.array, zip(*points))
    ms, mt = (w * s).sum() / w.sum(), (w * t).sum() / w.sum()
    sss, sst = (w * (s - ms) ** 2).sum(), (w * (s - ms) * (t - mt)).sum()
    slope = sst / sss if sss > 0 and (sst > 0 if rising else sst < 0) else 0.0
    return lambda z: float(np.clip(np.exp(mt + slope * (z - ms)), 0.5, 5.0))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("train_dir")
    ap.add_argument("test_dir")
    ap.add_argument("--leave-out", choices=sorted(GENERATORS), required=True)
    a = ap.parse_args()
    meta = json.loads(xgb.Booster(model_file=MODEL).attr("aviary_satellite"))
    classes, column = meta["classes"], meta["features"].index("fit_best_error")
    params = dict(PARAMS, num_class=len(classes), max_bin=128)  # the product's max_bin

    def strangeness(x):
        v = np.sort(x[:, column][np.isfinite(x[:, column])])
        return v[len(v) // 2] if len(v) else np.nan

    def fit(regions):
        x = np.vstack([r[1] for r in regions])
        y = np.concatenate([r[2] for r in regions])
        return xgb.train(params, xgb.DMatrix(x, label=y, missing=np.nan), 150)

    def predict(booster, x):
        return booster.predict(xgb.DMatrix(x, missing=np.nan))

    regions = [(g,) + load([f], classes) for g in GENERATORS if g != a.leave_out
               for f in files(a.train_dir, GENERATORS[g])]
    if len({g for g, _, _ in regions}) < 2:
        raise SystemExit("need the feature rows of two generators in " + a.train_dir)
    by_region, by_generator = [], []
    for k in range(4):
        trees = fit([r for i, r in enumerate(regions) if i % 4 != k])
        for _, x, y in [r for i, r in enumerate(regions) if i % 4 == k]:
            by_region.append((strangeness(x), np.log(best_temperature(predict(trees, x), y)), len(y)))
    for g in {g for g, _, _ in regions}:
        trees = fit([r for r in regions if r[0] != g])
        for _, x, y in [r for r in regions if r[0] == g]:
            by_generator.append((strangeness(x), np.log(best_temperature(predict(trees, x), y)),
                                 len(y)))
    trees = fit(regions)
    fits = {"region": fit_line(by_region), "generator": fit_line(by_generator),
            "both": fit_line(by_region + by_generator)}
    for kind in GENERATORS:
        sets = [load([f], classes) for f in files(a.test_dir, TESTS[kind])]
        if not sets:
            continue
        raw = [(predict(trees, x), y, strangeness(x)) for x, y in sets]
        labels = np.concatenate([y for _, y, _ in raw])
        line = "%-10s %-11s %4d parcels, likeliest %.3f" % (
            kind, "(left out)" if kind == a.leave_out else "", len(labels),
            np.mean(np.concatenate([p.argmax(1) == y for p, y, _ in raw])))
        for name, temperature in fits.items():
            p = np.vstack([calibrate(q, temperature(s)) for q, _, s in raw])
            line += " | %s: ECE %.3f, top %.3f" % (name, calibration_error(p, labels), p.max(1).mean())
        print(line, flush=True)


if __name__ == "__main__":
    main()
