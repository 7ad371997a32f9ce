#!/usr/bin/env python3
"""How many local labels a region needs: the crop model fine-tuned (`train --from MODEL`) or
trained from scratch (`train`) on n labelled parcels of some catalogs, scored on another.

Usage: local_label_curve.py --aviary BIN --model MODEL --test DIR LABELLED_DIR [LABELLED_DIR ...]
         [--sizes 0,30,60,105,210,420,630] [--work DIR] [--seed N]
Each DIR holds catalog.json, parcels.geojson (with properties.system) and truth.jsonl. For
each n, two ways of choosing the labelled parcels: at random, and the ones
`aviary satellite suggest-labels` names (uncertainty sampling with the base model), n split
evenly over the labelled catalogs. Prints accuracy on the test catalog (the likeliest crop,
and with "uncertain" counted wrong) and the expected calibration error.
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), r.stderr[-2000:]))
    return r.stdout


def score(test_dir, results_file):
    truth = {}
    with open(os.path.join(test_dir, "truth.jsonl")) as f:
        for line in f:
            t = json.loads(line)
            truth[t["parcel_id"]] = t["system"]
    rows = [json.loads(line) for line in open(results_file)]
    rows = [r for r in rows if "error" not in r]
    likeliest = decided = 0
    bins = 15
    conf, hit, n = [0.0] * bins, [0] * bins, [0] * bins
    for r in rows:
        probs = r["probabilities"]
        top = max(probs, key=probs.get)
        likeliest += top == truth[r["parcel_id"]]
        decided += r["system"] == truth[r["parcel_id"]]
        b = min(bins - 1, int(probs[top] * bins))
        conf[b] += probs[top]
        hit[b] += top == truth[r["parcel_id"]]
        n[b] += 1
    ece = sum(abs(hit[b] - conf[b]) for b in range(bins)) / len(rows)
    return likeliest / len(rows), decided / len(rows), ece


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--aviary", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--test", required=True)
    ap.add_argument("labelled", nargs="+")
    ap.add_argument("--sizes", default="0,30,60,105,210,420,630")
    ap.add_argument("--work", default=None)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--scratch", action="store_true", help="also train from scratch (n >= 210)")
    args = ap.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="aviary_labels_")
    os.makedirs(work, exist_ok=True)
    av = args.aviary

    features, ranking = [], []
    for k, d in enumerate(args.labelled):
        f = os.path.join(work, "features_%d.jsonl" % k)
        if not os.path.exists(f):
            run([av, "satellite", "train", "--catalog", d + "/catalog.json", "--parcels",
                 d + "/parcels.geojson", "--save-features", f])
        features.append({json.loads(l)["parcel_id"]: l for l in open(f)})
        out = run([av, "satellite", "suggest-labels", "--catalog", d + "/catalog.json",
                   "--parcels", d + "/parcels.geojson", "--model", args.model,
                   "--count", "100000"])
        ranking.append([json.loads(l)["parcel_id"] for l in out.splitlines() if l.strip()])

    base_out = os.path.join(work, "base.jsonl")
    run([av, "satellite", "assess", "--catalog", args.test + "/catalog.json", "--parcels",
         args.test + "/parcels.geojson", "--model", args.model, "--out", base_out])
    print("labels  choice     method       likeliest  decided   ECE")
    print("%6d  %-9s  %-11s  %.3f      %.3f     %.3f" % ((0, "-", "base model") + score(args.test, base_out)))
    rng = random.Random(args.seed)
    shuffled = [rng.sample(sorted(f), len(f)) for f in features]
    for n in [int(x) for x in args.sizes.split(",") if int(x) > 0]:
        for choice in ["random", "suggested"]:
            files = []
            for k, f in enumerate(features):
                share = n // len(features) + (1 if k < n % len(features) else 0)
                ids = (shuffled[k] if choice == "random" else ranking[k])[:share]
                path = os.path.join(work, "subset_%s_%d_%d.jsonl" % (choice, n, k))
                with open(path, "w") as out:
                    for i in ids:
                        out.write(f[i])
                files += ["--features", path]
            methods = [("fine-tuned", ["--from", args.model])]
            if args.scratch and n >= 210:
                methods.append(("scratch", ["--from", "scratch"]))
            for name, extra in methods:
                model = os.path.join(work, "model_%s_%s_%d.json" % (name, choice, n))
                run([av, "satellite", "train"] + files + extra + ["--out", model])
                res = os.path.join(work, "res_%s_%s_%d.jsonl" % (name, choice, n))
                run([av, "satellite", "assess", "--catalog", args.test + "/catalog.json",
                     "--parcels", args.test + "/parcels.geojson", "--model", model, "--out", res])
                print("%6d  %-9s  %-11s  %.3f      %.3f     %.3f"
                      % ((n, choice, name) + score(args.test, res)), flush=True)


if __name__ == "__main__":
    main()
