#!/usr/bin/python3
"""Which batch temperature calibrates a generator the crop model never saw?

Usage: batch_calibration.py TRAIN_DIR TEST_DIR [--only GEN ...]

TRAIN_DIR and TEST_DIR as for generator_diversity.py (the feature rows `train --save-features`
writes). Each generator is left out in turn. Trees with the product's settings are trained on
the others: twice on half of their folders (cross-fitted predictions, as `train`'s folds give),
once on all but each of them (predictions across sources), once on all. On the left-out
generator's evaluation sets, each set a batch, prints the pooled calibration error (15 bins) of:
- raw: the trees' own probabilities;
- both: log T against the batch's median fit_best_error, fitted on the cross-fitted and the
  across-sources predictions together (`train` before the twenty-third pass);
- across: the same fitted on the across-sources predictions alone (`train` now);
- confidence: the batch's share above a threshold as its accuracy (average thresholded
  confidence, Garg et al. 2022; the threshold is the top probability above which as many
  cross-fitted rows lie as were right), at the temperature that makes its mean top
  probability say so;
- warmed: `across`, made hotter (up to twice) where `confidence` is hotter.
"""
import argparse
import json
import os

import numpy as np
import xgboost as xgb

from calibration_across_generators import best_temperature, calibrate, fit_line
from generator_diversity import GENERATORS, TESTS
from generator_experts import MODEL, PARAMS, calibration_error, files, load


def temperature_for_accuracy(p, accuracy, low, high):
    if calibrate(p, low).max(1).mean() <= accuracy:
        return low
    if calibrate(p, high).max(1).mean() >= accuracy:
        return high
    a, b = np.log(low), np.log(high)
    for _ in range(40):
        m = (a + b) / 2
        a, b = (m, b) if calibrate(p, np.exp(m)).max(1).mean() > accuracy else (a, m)
    return np.exp((a + b) / 2)


def leave_out_fits(sources, fit):
    """The trees a batch temperature is fitted with, one generator left out. `sources`: each
    other generator's [(name, x, y)] per folder; `fit(sets)` trains on such sets. Returns
    (trees, held-out sets) for each half of the folders (cross-fitted predictions) and for each
    source in turn (trained on the others: predictions across sources), and the trees of all."""
    sets = [s for g in sources.values() for s in g]
    half = {s[0]: i % 2 for g in sources.values() for i, s in enumerate(g)}
    crossed = [(fit([s for s in sets if half[s[0]] != k]), [s for s in sets if half[s[0]] == k])
               for k in (0, 1)]
    across = [(fit([s for h in sources if h != g for s in sources[h]]), sources[g])
              for g in sources]
    return crossed, across, fit(sets)


def strangeness_fit(batches, column):
    """log T against the median fit_best_error, one point per (probabilities, labels, rows)."""
    line = fit_line([(np.median(x[:, column]), np.log(best_temperature(p, y)), len(y))
                     for p, y, x in batches])
    return lambda x: line(np.median(x[:, column]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("train_dir")
    ap.add_argument("test_dir")
    ap.add_argument("--only", nargs="*", choices=sorted(GENERATORS))
    a = ap.parse_args()
    meta = json.loads(xgb.Booster(model_file=MODEL).attr("aviary_satellite"))
    classes, column = meta["classes"], meta["features"].index("fit_best_error")
    params = dict(PARAMS, num_class=len(classes))

    def fit(sets):
        x = np.vstack([s[1] for s in sets])
        return xgb.train(params, xgb.DMatrix(x, label=np.concatenate([s[2] for s in sets])), 150)

    def per_file(patterns, directory):
        return [(os.path.basename(p), *load([p], classes)) for p in files(directory, patterns)]

    for left in a.only or GENERATORS:
        sources = {g: per_file(GENERATORS[g], a.train_dir) for g in GENERATORS if g != left}
        crossed_fits, across_fits, trees = leave_out_fits(sources, fit)
        crossed, across = ([(t.predict(xgb.DMatrix(x)), y, x) for t, held in fits
                            for _, x, y in held] for fits in (crossed_fits, across_fits))
        both_t = strangeness_fit(crossed + across, column)
        across_t = strangeness_fit(across, column)
        tops = np.sort(np.concatenate([p.max(1) for p, _, _ in crossed]))
        wrong = sum(int((p.argmax(1) != y).sum()) for p, y, _ in crossed)
        threshold = tops[min(wrong, len(tops) - 1)]
        out = {k: [] for k in ("raw", "both", "across", "confidence", "warmed")}
        labels = []
        for name, x, y in per_file(TESTS[left], a.test_dir):
            p = trees.predict(xgb.DMatrix(x))
            estimate = (p.max(1) > threshold).mean()
            by_confidence = temperature_for_accuracy(p, estimate, 0.5, 5)
            warmed = temperature_for_accuracy(p, estimate, across_t(x), min(5, 2 * across_t(x)))
            for k, t in (("raw", 1), ("both", both_t(x)), ("across", across_t(x)),
                         ("confidence", by_confidence), ("warmed", warmed)):
                out[k].append(calibrate(p, t))
            labels.append(y)
            print("  %-22s accuracy %.3f, estimated %.3f" % (name, (p.argmax(1) == y).mean(),
                                                           estimate), flush=True)
        y = np.concatenate(labels)
        print("%-10s left out: calibration error " % left + ", ".join(
            "%s %.3f" % (k, calibration_error(np.vstack(v), y)) for k, v in out.items()),
            flush=True)


if __name__ == "__main__":
    main()
