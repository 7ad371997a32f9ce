#!/usr/bin/python3
"""What the crops' curves allow at all on independent_scenes.py: the noise-free NDVI curves
(every 5 days; no cloud, haze, sensor noise or mixed pixels) of the very fields a run of
independent_scenes.py draws, classified by XGBoost (depth 4, eta 0.1, 300 rounds) and 5-NN
trained on the fields of some catalogs and tested on the last one's.

Usage: noise_free_ceiling.py REGION_SEED SEVERITY SEED [SEED ...]   (the last SEED is tested)
It replays the generator's random draws (region, soil, fields) with its own functions, so
the arguments must be those the catalogs were generated with (--parcels 210,
--hazard-share 0.1). Needs numpy, python3-gdal, python3-xgboost.
"""
import os
import sys

import numpy as np
import xgboost as xgb

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import independent_scenes as g  # noqa: E402


def fields_of(seed, region_seed, severity, parcels=210, hazard_share=0.1):
    g.SEVERITY[0] = severity
    g.REGION_RNG[0] = np.random.default_rng(7919 * region_seed + 3)
    rng = np.random.default_rng(1000003 * seed + 7)  # as independent_scenes.main
    systems, _ = g.load_calendar()
    g.region_draw(rng, lambda r: r.integers(len(g.SOILS)))  # the soil draw comes first
    fields = g.make_fields(rng, systems, parcels, hazard_share)
    t = np.arange(1, 366, dtype=float)
    return (np.array([g.system_ndvi(f, systems[f.system], t)[0][::5] for f in fields]),
            np.array([f.system for f in fields]))


def main():
    region_seed, severity = int(sys.argv[1]), float(sys.argv[2])
    data = [fields_of(int(s), region_seed, severity) for s in sys.argv[3:]]
    x, y = np.vstack([d[0] for d in data[:-1]]), np.concatenate([d[1] for d in data[:-1]])
    xt, yt = data[-1]
    classes = sorted(set(y))
    code = {c: i for i, c in enumerate(classes)}
    params = {"objective": "multi:softprob", "num_class": len(classes), "max_depth": 4,
              "eta": 0.1, "subsample": 0.8, "colsample_bytree": 0.6, "tree_method": "hist",
              "nthread": 2, "seed": 1}
    booster = xgb.train(params, xgb.DMatrix(x, label=[code[c] for c in y]), 300)
    boosted = np.array(classes)[booster.predict(xgb.DMatrix(xt)).argmax(1)]
    nearest = np.argsort(((xt[:, None, :] - x[None]) ** 2).sum(-1), 1)[:, :5]
    knn = []
    for row in nearest:
        values, counts = np.unique(y[row], return_counts=True)
        knn.append(values[np.argmax(counts)])
    print("region-seed %d, severity %.2f, %d labelled fields: noise-free NDVI accuracy "
          "XGBoost %.3f, 5-NN %.3f" % (region_seed, severity, len(y), np.mean(boosted == yt),
                                       np.mean(np.array(knn) == yt)))


if __name__ == "__main__":
    main()
