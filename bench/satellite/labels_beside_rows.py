#!/usr/bin/python3
"""A region's labels trained anew beside a model's own training rows, against fine-tuning it.

Usage: labels_beside_rows.py TRAIN_DIR --labels ROWS... --test ROWS [--leave-out GENERATOR]
         [--shares 0.2,0.35] [--weights 10,20,40]

TRAIN_DIR holds the labelled feature rows `train_shipped_model.sh` writes (see
generator_experts.py); --labels and --test are feature rows of a region (`aviary satellite train
--save-features`), e.g. three catalogs of one region labelled and a fourth scored. Trains, with
the product's tree settings and no temperature:
- the base: every training generator but the one left out (the shipped recipe without --source);
- fine-tuned: 160 trees of depth 4 at eta 0.1 added on the labels (a fixed count; `train` chooses
  its count by cross-fitting, which is why it does better end to end);
- beside: anew on the base rows and the labels together, the labels weighted to each --shares
  of the whole, or each label weighing --weights base rows.
Prints the likeliest crop's accuracy on the test rows. The model report's fifteenth pass gives
the figures, and why `train` does not do this.
"""
import argparse
import json

import numpy as np
import xgboost as xgb

from generator_experts import GENERATORS, MODEL, PARAMS, files, load


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("train_dir")
    ap.add_argument("--labels", nargs="+", required=True)
    ap.add_argument("--test", required=True)
    ap.add_argument("--leave-out", choices=sorted(GENERATORS), default=None)
    ap.add_argument("--shares", default="0.2,0.35")
    ap.add_argument("--weights", default="")
    a = ap.parse_args()
    meta = xgb.Booster(model_file=MODEL).attr("aviary_satellite")
    classes = json.loads(meta)["classes"]
    params = dict(PARAMS, num_class=len(classes), max_bin=128)  # the product's max_bin
    base_files = [f for g, patterns in GENERATORS.items() if g != a.leave_out
                  for f in files(a.train_dir, patterns)]
    x, y = load(base_files, classes)
    xl, yl = load(a.labels, classes)
    xt, yt = load([a.test], classes)
    test = xgb.DMatrix(xt, missing=np.nan)

    def accuracy(booster):
        return np.mean(booster.predict(test).argmax(1) == yt)

    base = xgb.train(params, xgb.DMatrix(x, label=y, missing=np.nan), 150)
    print(f"base ({len(y)} rows, {a.leave_out or 'no'} generator left out): {accuracy(base):.3f}")
    tuned = xgb.train(dict(params, max_depth=4, eta=0.1), xgb.DMatrix(xl, label=yl, missing=np.nan),
                      160, xgb_model=base)
    print(f"fine-tuned on {len(yl)} labels: {accuracy(tuned):.3f}")
    shares = [float(s) for s in filter(None, a.shares.split(","))]
    weights = [s / (1 - s) * len(y) / len(yl) for s in shares]
    weights += [float(w) for w in filter(None, a.weights.split(","))]
    for w in weights:
        both = xgb.DMatrix(np.vstack([x, xl]), label=np.concatenate([y, yl]), missing=np.nan,
                           weight=np.concatenate([np.ones(len(y)), np.full(len(yl), w)]))
        share = w * len(yl) / (w * len(yl) + len(y))
        print(f"beside, each label weighing {w:.1f} rows ({share:.2f} of the whole): "
              f"{accuracy(xgb.train(params, both, 150)):.3f}")


if __name__ == "__main__":
    main()
