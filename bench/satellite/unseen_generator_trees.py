#!/usr/bin/python3
"""Do more or fewer trees, other depths, or a batch's own pseudo-labels help a generator never seen?

Usage: unseen_generator_trees.py TRAIN_DIR TEST_DIR [--depth 5] [--eta 0.15] [--colsample 0.6]
           [--min-child 2] [--rounds 150] [--pseudo THRESHOLD] [--only GEN ...]

TRAIN_DIR and TEST_DIR as for generator_diversity.py. Each generator is left out in turn: trees
with the product's settings (max_bin 128; the flags change one at a time) are trained on the
others and score the left-out generator's evaluation sets at 20, 40, 80, 150, 300 and 600
rounds (up to --rounds): likeliest crop's accuracy, log loss and calibration error (15 bins,
no temperature). With --pseudo, the evaluation parcels whose top probability reaches THRESHOLD
take their likeliest crop as a label, trees are trained anew on the others plus those rows,
and the sets are scored again (self-training; transductive, all of a generator's sets at once).
Needs python3-xgboost; about 45 s per generator at 150 rounds on 2 cores.
"""
import argparse
import json

import numpy as np
import xgboost as xgb

from generator_diversity import GENERATORS, TESTS
from generator_experts import MODEL, PARAMS, calibration_error, files, load

CHECKPOINTS = [20, 40, 80, 150, 300, 600]


def log_loss(p, y):
    return float(-np.log(np.clip(p[np.arange(len(y)), y], 1e-9, 1)).mean())


def fit(params, rows, labels, rounds):
    return xgb.train(params, xgb.DMatrix(rows, label=labels, missing=np.nan), rounds)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("train_dir")
    ap.add_argument("test_dir")
    ap.add_argument("--depth", type=int, default=PARAMS["max_depth"])
    ap.add_argument("--eta", type=float, default=PARAMS["eta"])
    ap.add_argument("--colsample", type=float, default=PARAMS["colsample_bytree"])
    ap.add_argument("--min-child", type=float, default=PARAMS["min_child_weight"])
    ap.add_argument("--rounds", type=int, default=150)
    ap.add_argument("--pseudo", type=float, default=None, metavar="THRESHOLD")
    ap.add_argument("--only", nargs="*", choices=sorted(GENERATORS), default=None)
    a = ap.parse_args()
    classes = json.loads(xgb.Booster(model_file=MODEL).attr("aviary_satellite"))["classes"]
    params = dict(PARAMS, num_class=len(classes), max_depth=a.depth, eta=a.eta,
                  colsample_bytree=a.colsample, min_child_weight=a.min_child, max_bin=128)
    train = {g: load(files(a.train_dir, p), classes) for g, p in GENERATORS.items()}
    test = {g: load(files(a.test_dir, p), classes) for g, p in TESTS.items()}
    print("depth %d, eta %.3f, colsample %.2f, min_child_weight %g, %d rounds"
          % (a.depth, a.eta, a.colsample, a.min_child, a.rounds), flush=True)
    for left_out in a.only or GENERATORS:
        rows, labels = test[left_out]
        others = [g for g in GENERATORS if g != left_out and len(train[g][1])]
        if len(labels) == 0 or not others:
            continue
        x = np.vstack([train[g][0] for g in others])
        y = np.concatenate([train[g][1] for g in others])
        booster = fit(params, x, y, a.rounds)
        d = xgb.DMatrix(rows, missing=np.nan)
        for r in [c for c in CHECKPOINTS if c <= a.rounds]:
            p = booster.predict(d, iteration_range=(0, r))
            print("left out %-10s %3d rounds: accuracy %.3f, log loss %.3f, ECE %.3f (%d parcels)"
                  % (left_out, r, (p.argmax(1) == labels).mean(), log_loss(p, labels),
                     calibration_error(p, labels), len(labels)), flush=True)
        if a.pseudo is None:
            continue
        p = booster.predict(d)
        sure = p.max(1) >= a.pseudo
        again = fit(params, np.vstack([x, rows[sure]]), np.concatenate([y, p.argmax(1)[sure]]),
                    a.rounds)
        q = again.predict(d)
        right_p, right_q = p.argmax(1) == labels, q.argmax(1) == labels
        print("left out %-10s self-trained on %d pseudo-labels (%.3f right): accuracy %.3f -> "
              "%.3f, on the rest %.3f -> %.3f, ECE %.3f -> %.3f"
              % (left_out, sure.sum(), right_p[sure].mean(), right_p.mean(), right_q.mean(),
                 right_p[~sure].mean(), right_q[~sure].mean(), calibration_error(p, labels),
                 calibration_error(q, labels)), flush=True)


if __name__ == "__main__":
    main()
