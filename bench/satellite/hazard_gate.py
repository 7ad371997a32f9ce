#!/usr/bin/python3
"""Could trees learnt from the generators' hazard labels correct the hazard judge?

Usage: hazard_gate.py TRAIN_DIR TEST_DIR [--rounds 200] [--leave-out]

TRAIN_DIR and TEST_DIR each hold, for every set NAME, the set's feature rows NAME.features.jsonl
(`aviary satellite train --save-features`), its `assess` lines NAME.jsonl (the shipped model)
and its truth NAME.truth.jsonl (symlinks do). Sets are told apart by name, as
generator_diversity.py tells them (plain_*, vary_*, sim_99*: our simulator; gen_*, g2*: the
second generator; cr_*: clean-room; canopy_*: canopy). Needs python3-xgboost.

For each hazard, a binary XGBoost model on the crop model's features and what `assess` said
(each hazard found and its severity, a regional drought, the yield index, the flood signal,
the crop's confidence, the clear share of looks) learns whether the truth has that hazard. It is
trained on every training set, or with --leave-out on every generator but the test set's. Prints
precision / recall per kind of test set: the judge as it is, the trees alone (p > 0.5), and
the judge with the trees allowed only to veto (p < 0.2, p < 0.05) or to add (p > 0.95).
"""
import argparse
import glob
import json
import os

import numpy as np
import xgboost as xgb

TYPES = ["flood", "drought", "pest"]
PARAMS = {"objective": "binary:logistic", "max_depth": 4, "eta": 0.1, "subsample": 0.8,
          "colsample_bytree": 0.6, "min_child_weight": 5, "tree_method": "hist", "nthread": 2,
          "seed": 1}
GENERATOR_OF = [("canopy", "canopy"), ("cr_", "clean_room"), ("gen_", "second"),
                ("g2", "second"), ("plain_", "simulator"), ("vary_", "simulator"),
                ("sim_", "simulator")]
KIND_OF = [("canopy", "canopy"), ("g2l_", "second, share 0.1"), ("g2_", "second, 71-73"),
           ("cr_C", "clean-room C"), ("cr_", "clean-room A/B"), ("sim_", "simulator")]


def first_match(name, table):
    return next(value for prefix, value in table if name.startswith(prefix))


def said(line):
    """What `assess` said of a parcel, as numbers."""
    found = {t: [h for h in line.get("hazards", []) if h["type"] == t] for t in TYPES}
    row = []
    for t in TYPES:
        row += [float(bool(found[t])), max((h.get("severity", 0) for h in found[t]), default=0)]
    observations = line.get("observations") or {}
    phenology = line.get("phenology") or {}
    row += [float(any(h.get("basis") == "regional" for h in found["drought"])),
            np.nan if line.get("yield_index") is None else line["yield_index"],
            phenology.get("flood_signal", np.nan),
            line.get("system_confidence") or np.nan,
            observations.get("clear", 0) / max(1, observations.get("total", 1))]
    return row


def load(directory, name):
    """Rows (features + what assess said), truth and the judge's hazards of one set."""
    def lines(path):
        with open(path) as f:
            return [json.loads(x) for x in f if x.strip()]
    features = {o["parcel_id"]: o["features"] for o in lines(f"{directory}/{name}.features.jsonl")}
    truth = {o["parcel_id"]: o for o in lines(f"{directory}/{name}.truth.jsonl")}
    rows, labels, judged = [], [], []
    for line in lines(f"{directory}/{name}.jsonl"):
        pid = line["parcel_id"]
        if "error" in line or pid not in features or pid not in truth:
            continue
        rows.append([np.nan if v is None else v for v in features[pid]] + said(line))
        labels.append([int(any(h["type"] == t for h in truth[pid]["hazards"])) for t in TYPES])
        judged.append([int(any(h["type"] == t for h in line.get("hazards", []))) for t in TYPES])
    return np.array(rows, float), np.array(labels), np.array(judged)


def sets_in(directory):
    return sorted(os.path.basename(p)[:-len(".truth.jsonl")]
                  for p in glob.glob(f"{directory}/*.truth.jsonl"))


def precision_recall(truth, found):
    hits = int((truth & found).sum())
    return hits / max(1, int(found.sum())), hits / max(1, int(truth.sum()))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("train_dir")
    ap.add_argument("test_dir")
    ap.add_argument("--rounds", type=int, default=200)
    ap.add_argument("--leave-out", action="store_true",
                    help="train without the test set's generator")
    a = ap.parse_args()
    train = {n: load(a.train_dir, n) for n in sets_in(a.train_dir)}
    kinds = {}
    for n in sets_in(a.test_dir):
        kinds.setdefault(first_match(n, KIND_OF), []).append(n)
    for kind, names in kinds.items():
        left_out = first_match(names[0], GENERATOR_OF) if a.leave_out else None
        used = [v for n, v in train.items() if first_match(n, GENERATOR_OF) != left_out]
        x = np.vstack([v[0] for v in used])
        y = np.vstack([v[1] for v in used])
        test = [load(a.test_dir, n) for n in names]
        xt = np.vstack([v[0] for v in test])
        yt = np.vstack([v[1] for v in test])
        jt = np.vstack([v[2] for v in test])
        print(f"{kind} ({len(xt)} parcels)")
        for k, t in enumerate(TYPES):
            trees = xgb.train(PARAMS, xgb.DMatrix(x, y[:, k]), a.rounds)
            p = trees.predict(xgb.DMatrix(xt))
            ways = {"judge": jt[:, k], "trees": (p > 0.5).astype(int),
                    "veto<0.2": np.where(p < 0.2, 0, jt[:, k]),
                    "veto<0.05": np.where(p < 0.05, 0, jt[:, k]),
                    "add>0.95": np.where(p > 0.95, 1, jt[:, k])}
            print(f"  {t:8s}" + "  ".join(
                f"{way} {'%.2f/%.2f' % precision_recall(yt[:, k], f)}" for way, f in ways.items()))


if __name__ == "__main__":
    main()
