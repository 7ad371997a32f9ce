#!/usr/bin/python3
"""A merchant's parcels assessed one at a time, alone and with parcels of their region as
`--context`, against the same parcels assessed in their whole batch.

Usage: lone_parcels.py BUILD_DIR SET_DIR [--n 70] [--k 30,100]
SET_DIR holds catalog.json, parcels.geojson and truth.jsonl (any of our generators). Every
(parcels / n)th parcel is assessed alone, then with K other parcels of the set (drawn at random,
seed K) as its context, for each K. Prints, for each way, the likeliest crop's accuracy, the
parcels left "uncertain", the mean top probability and the expected calibration error (15 bins)
over those parcels. The figures of the model report's twentieth pass come from this script.
"""
import argparse
import json
import os
import random
import subprocess
import tempfile


def assess(aviary, catalog, parcels, context=None):
    """The output lines of one `aviary satellite assess` run, by parcel id."""
    with tempfile.TemporaryDirectory() as tmp:
        features = os.path.join(tmp, "parcels.geojson")
        with open(features, "w") as f:
            json.dump({"type": "FeatureCollection", "features": parcels}, f)
        out = os.path.join(tmp, "out.jsonl")
        command = [aviary, "satellite", "assess", "--catalog", catalog, "--parcels", features,
                   "--out", out]
        if context is not None:
            register = os.path.join(tmp, "context.geojson")
            with open(register, "w") as f:
                json.dump({"type": "FeatureCollection", "features": context}, f)
            command += ["--context", register]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(out) as f:
            return {line["parcel_id"]: line for line in map(json.loads, f)}


def summary(lines, truth):
    """Likeliest right, uncertain, mean top probability and ECE over `lines`."""
    rows = [l for l in lines if "probabilities" in l]
    tops, right = [], []
    for l in rows:
        best = max(l["probabilities"], key=l["probabilities"].get)
        tops.append(l["probabilities"][best])
        right.append(best == truth[l["parcel_id"]])
    bins = {}
    for t, r in zip(tops, right):
        bins.setdefault(min(int(t * 15), 14), []).append((t, r))
    ece = sum(len(b) / len(rows) * abs(sum(r for _, r in b) - sum(t for t, _ in b)) / len(b)
              for b in bins.values())
    uncertain = sum(l.get("system") == "uncertain" for l in rows)
    return (f"n {len(rows)}  likeliest {sum(right) / len(rows):.3f}  uncertain {uncertain}  "
            f"mean top {sum(tops) / len(rows):.3f}  calibration error {ece:.3f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("build_dir")
    parser.add_argument("set_dir")
    parser.add_argument("--n", type=int, default=70, help="parcels assessed one at a time")
    parser.add_argument("--k", default="30,100", help="context sizes, comma-separated")
    a = parser.parse_args()
    aviary = os.path.join(a.build_dir, "bin", "aviary")
    catalog = os.path.join(a.set_dir, "catalog.json")
    with open(os.path.join(a.set_dir, "parcels.geojson")) as f:
        features = json.load(f)["features"]
    with open(os.path.join(a.set_dir, "truth.jsonl")) as f:
        truth = {t["parcel_id"]: t["system"] for t in map(json.loads, f)}
    chosen = features[::max(1, len(features) // a.n)][:a.n]
    ids = [f["properties"]["parcel_id"] for f in chosen]
    batch = assess(aviary, catalog, features)
    print(f"in the batch ({len(features)}): {summary([batch[i] for i in ids], truth)}")
    alone = [assess(aviary, catalog, [f])[i] for f, i in zip(chosen, ids)]
    print(f"alone: {summary(alone, truth)}")
    for k in (int(x) for x in a.k.split(",") if x):
        rng = random.Random(k)
        told = []
        for f, i in zip(chosen, ids):
            others = [g for g in features if g["properties"]["parcel_id"] != i]
            told.append(assess(aviary, catalog, [f], rng.sample(others, min(k, len(others))))[i])
        print(f"with {k} others as context: {summary(told, truth)}")


if __name__ == "__main__":
    main()
