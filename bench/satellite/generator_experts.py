#!/usr/bin/python3
"""One crop model per training generator, mixed by a gate, against the one joint model.

Usage: generator_experts.py TRAIN_DIR TEST_DIR [--leave-out sim|second|clean_room] [--seed N]

TRAIN_DIR holds the labelled feature rows `train_shipped_model.sh` writes (plain_*, vary_*:
the product's simulator; gen_*: our second generator; cr_*: the clean-room generator), TEST_DIR
those of the evaluation sets, written with `aviary satellite train --save-features` and named
after their folders (sim_99*, ind_*, reg_9*, cr_[ABC]_[12]). Needs python3-xgboost.

Trains, with the product's settings and no temperature:
- the joint model on every training generator but the one left out (as shipped);
- the same with three seeds, averaged (what averaging alone gives);
- one expert per training generator, and a gate (a small classifier telling the generators
  apart) whose mean over a test set's parcels weighs the experts; the mixture is averaged
  with the joint model.
Prints the likeliest crop's accuracy and the expected calibration error (15 bins) of each,
per kind of test set. The model report's eighth pass gives the figures.
"""
import argparse
import glob
import json
import os

import numpy as np
import xgboost as xgb

GENERATORS = {"sim": ["plain_*", "vary_*"], "second": ["gen_*"], "clean_room": ["cr_[AB]_1??"]}
TESTS = {"sim": ["sim_99*"], "second": ["ind_*", "reg_9*"], "clean_room": ["cr_[ABC]_[12]"]}
MODEL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "plugins",
                     "satellite", "resources", "models", "satellite_crop_model.ubj")


# The product's tree settings (`aviary satellite train`), with XGBoost's default max_bin.
PARAMS = {"objective": "multi:softprob", "max_depth": 5, "eta": 0.15, "subsample": 0.8,
          "colsample_bytree": 0.6, "min_child_weight": 2, "tree_method": "hist", "nthread": 2,
          "seed": 1, "verbosity": 0}


def files(directory, patterns):
    found = []
    for pattern in patterns:
        found += glob.glob(os.path.join(directory, pattern + ".features.jsonl"))
        found += glob.glob(os.path.join(directory, pattern + ".jsonl"))
    return sorted(set(found))  # "gen_*.jsonl" also matches gen_501.features.jsonl


def load(paths, classes):
    rows, labels = [], []
    for path in paths:
        with open(path) as f:
            for line in f:
                r = json.loads(line)
                rows.append([np.nan if v is None else v for v in r["features"]])
                labels.append(classes.index(r["system"]))
    return np.array(rows, dtype=np.float32).reshape(len(labels), -1), np.array(labels)


def calibration_error(p, y, bins=15):
    top = p.max(1)
    right = p.argmax(1) == y
    error = 0.0
    for b in range(bins):
        m = (top > b / bins) & (top <= (b + 1) / bins)
        if m.any():
            error += m.mean() * abs(right[m].mean() - top[m].mean())
    return error


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("train_dir")
    ap.add_argument("test_dir")
    ap.add_argument("--leave-out", choices=sorted(GENERATORS), default=None)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    classes = json.loads(xgb.Booster(model_file=MODEL).attr("aviary_satellite"))["classes"]
    params = dict(PARAMS, num_class=len(classes), seed=a.seed)
    names = [g for g in GENERATORS if g != a.leave_out]
    data = {g: load(files(a.train_dir, GENERATORS[g]), classes) for g in names}
    for g in names:
        if len(data[g][1]) == 0:
            raise SystemExit("no feature rows of %s (%s) in %s; give the work folder of "
                             "train_shipped_model.sh" % (g, ", ".join(GENERATORS[g]), a.train_dir))
    x = np.vstack([data[g][0] for g in names])
    y = np.concatenate([data[g][1] for g in names])

    def fit(rows, labels, p, rounds=150):
        return xgb.train(p, xgb.DMatrix(rows, label=labels, missing=np.nan), rounds)

    joint = [fit(x, y, dict(params, seed=a.seed + k)) for k in range(3)]
    experts = [fit(*data[g], params) for g in names]
    gate_labels = np.concatenate([np.full(len(data[g][1]), k) for k, g in enumerate(names)])
    gate = fit(x, gate_labels, dict(params, num_class=len(names), max_depth=3), 60)
    kinds = [a.leave_out] if a.leave_out else list(TESTS)
    for kind in kinds:
        scored = {}
        for path in files(a.test_dir, TESTS[kind]):
            rows, labels = load([path], classes)
            d = xgb.DMatrix(rows, missing=np.nan)
            p = [b.predict(d) for b in joint]
            weights = gate.predict(d).mean(0)
            mixture = sum(w * e.predict(d) for w, e in zip(weights, experts))
            for name, q in [("joint", p[0]), ("joint, 3 seeds", sum(p) / 3),
                            ("joint + gated experts", (p[0] + mixture) / 2)]:
                scored.setdefault(name, []).append((q, labels))
        if not scored:
            print("%s: no test sets in %s" % (kind, a.test_dir))
            continue
        for name, parts in scored.items():
            p = np.vstack([q for q, _ in parts])
            labels = np.concatenate([l for _, l in parts])
            print("%-10s %-22s accuracy %.3f  ECE %.3f  (%d parcels%s)"
                  % (kind, name, (p.argmax(1) == labels).mean(), calibration_error(p, labels),
                     len(labels), ", generator left out" if a.leave_out else ""))


if __name__ == "__main__":
    main()
