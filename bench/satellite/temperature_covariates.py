#!/usr/bin/python3
"""Which covariates of a batch set its temperature well, on generators trained on and not?

Usage: temperature_covariates.py TRAIN_DIR TEST_DIR [--cache DIR] [--only GEN ...]

TRAIN_DIR and TEST_DIR as for generator_diversity.py (the feature rows `train --save-features`
writes). Each generator is left out in turn. Trees with the product's settings (max_bin 128)
are trained on the others: twice on half of their folders (cross-fitted predictions), once on
all but each of them (predictions across sources), once on all. Each evaluation set is a
batch, predicted by the last. log T is fitted by least squares weighted by rows, one point per
region, against:
- fbe: the batch's median fit_best_error (the strangeness);
- ood: the share of its feature values outside the predicting trees' training range (0.5 %
  cut at each end, a 5 % margin, as `unfamiliar_season` reads a parcel);
- conf: the trees' mean top probability on it;
on the across-sources predictions alone ("across") or with the cross-fitted ones ("both").
"average" is half the across fbe line and half the both conf line in log T (tried in `train`
in the twenty-fourth pass, not kept: end to end it lost on the clean-room generator left out).
`train` fits "across fbe". Prints the calibration error (15 bins) pooled over the left-out
generator's sets ("unseen") and over the others' ("seen"). Predictions are cached in --cache.
"""
import argparse
import json
import os
import pickle

import numpy as np
import xgboost as xgb

from batch_calibration import leave_out_fits
from calibration_across_generators import best_temperature, calibrate, fit_line
from generator_diversity import GENERATORS, TESTS
from generator_experts import MODEL, PARAMS, calibration_error, files, load


def outside_share(x, low, high):
    margin = 0.05 * (high - low) + 1e-6
    return float((((x < low - margin) | (x > high + margin)) & np.isfinite(x)).mean())


def predictions(left, a, classes, column):
    cache = os.path.join(a.cache, f"temperature_covariates_{left}.pkl")
    if os.path.exists(cache):
        with open(cache, "rb") as f:
            return pickle.load(f)
    params = dict(PARAMS, num_class=len(classes), max_bin=128)

    def fit(sets):
        x = np.vstack([s[1] for s in sets])
        trees = xgb.train(params, xgb.DMatrix(x, label=np.concatenate([s[2] for s in sets])), 150)
        return trees, np.nanquantile(x, 0.005, axis=0), np.nanquantile(x, 0.995, axis=0)

    def batch(model, x, y, **extra):
        trees, low, high = model
        fbe = x[:, column][np.isfinite(x[:, column])]
        return dict(p=trees.predict(xgb.DMatrix(x)), y=y, fbe=float(np.median(fbe)),
                    ood=outside_share(x, low, high), **extra)

    def per_file(patterns, directory):
        return [(os.path.basename(p), *load([p], classes)) for p in files(directory, patterns)]

    sources = {g: per_file(GENERATORS[g], a.train_dir) for g in GENERATORS if g != left}
    crossed, across, model = leave_out_fits(sources, fit)
    out = {"crossed": [batch(m, x, y) for m, held in crossed for _, x, y in held],
           "across": [batch(m, x, y) for m, held in across for _, x, y in held], "tests": []}
    for g in GENERATORS:
        out["tests"] += [batch(model, x, y, generator=g, seen=g != left)
                         for _, x, y in per_file(TESTS[g], a.test_dir)]
    with open(cache, "wb") as f:
        pickle.dump(out, f)
    return out


def covariate(b, key):
    return float(b["p"].max(1).mean()) if key == "conf" else b[key]


def line(batches, key, rising):
    """The batch's temperature from one covariate, fitted on `batches`."""
    fitted = fit_line([(covariate(b, key), np.log(best_temperature(b["p"], b["y"])), len(b["y"]))
                       for b in batches], rising)
    return lambda b: fitted(covariate(b, key))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("train_dir")
    ap.add_argument("test_dir")
    ap.add_argument("--cache", default=".")
    ap.add_argument("--only", nargs="*", choices=sorted(GENERATORS))
    a = ap.parse_args()
    meta = json.loads(xgb.Booster(model_file=MODEL).attr("aviary_satellite"))
    classes, column = meta["classes"], meta["features"].index("fit_best_error")
    for left in a.only or GENERATORS:
        d = predictions(left, a, classes, column)
        rules = {"raw": lambda b: 1.0}
        for key, rising in (("fbe", True), ("ood", True), ("conf", False)):
            rules[f"across {key}"] = line(d["across"], key, rising)
            rules[f"both {key}"] = line(d["crossed"] + d["across"], key, rising)
        fbe, conf = rules["across fbe"], rules["both conf"]
        rules["average"] = lambda b: float(np.sqrt(fbe(b) * conf(b)))
        for name, rule in rules.items():
            def score(batches):
                p = np.vstack([calibrate(b["p"], rule(b)) for b in batches])
                return calibration_error(p, np.concatenate([b["y"] for b in batches]))
            seen = [b for b in d["tests"] if b["seen"]]
            each = [score([b for b in seen if b["generator"] == g])
                    for g in GENERATORS if g != left]
            unseen = score([b for b in d["tests"] if not b["seen"]])
            print(f"{left:10s} {name:12s} unseen {unseen:.3f}, seen {score(seen):.3f} "
                  f"(each {min(each):.3f}-{max(each):.3f})", flush=True)


if __name__ == "__main__":
    main()
