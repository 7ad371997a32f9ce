#!/usr/bin/env python3
"""Batches of a few crops, assessed with and without the batch's own crop mix (BatchCropMix).

Usage: crop_mix_batches.py BUILD_DIR SET_DIR [SET_DIR ...] [--seed N] [--work DIR]
From each evaluation folder (catalog.json, parcels.geojson, truth.jsonl: clean_room_sets.sh,
independent_scenes.py or `aviary-simulate satellite simulate`) it draws three batches: 3 crops
make 90 % of the parcels, 5 crops 80 %, 8 crops 70 %, the rest drawn from the other crops. Each
batch and the whole folder are assessed by `aviary satellite assess`, once as shipped and once
with --no-crop-mix, and scored: likeliest crop accuracy, and the expected calibration error
(15 bins of the top probability). The mix's strength is read off assess's log.
The model report's figures: seed 11 on cr_A_1 cr_B_2 cr_C_1 cr_C_2, gen2 71-73, sim 9901-02
(the confidence test was chosen on these); seed 29 on cr_A_2 cr_B_1 cr_A_21 cr_B_21 cr_C_21,
gen2 201-203 (severity 0.25, 0.5, 0.5; hazard share 0.3), sim 9903 (210 parcels each).
"""
import argparse
import json
import os
import random
import re
import subprocess
import tempfile
from collections import defaultdict

KINDS = {"3 crops": (3, 0.9), "5 crops": (5, 0.8), "8 crops": (8, 0.7)}


def draw(folder, out, rng):
    """Writes the batches of one folder under `out`; returns [(kind, batch_dir)]."""
    parcels = json.load(open(os.path.join(folder, "parcels.geojson")))
    truth = {}
    for line in open(os.path.join(folder, "truth.jsonl")):
        t = json.loads(line)
        truth[t["parcel_id"]] = line
    system = {k: json.loads(v)["system"] for k, v in truth.items()}
    features = parcels["features"]
    systems = sorted(set(system.values()))
    batches = [("whole", folder)]
    for kind, (crops, share) in KINDS.items():
        main = set(rng.sample(systems, crops))
        pid = lambda f: f["properties"]["parcel_id"]
        inside = [f for f in features if system[pid(f)] in main]
        others = [f for f in features if system[pid(f)] not in main]
        chosen = inside + rng.sample(others, min(len(others), int(len(inside) * (1 - share) / share)))
        batch = os.path.join(out, os.path.basename(folder.rstrip("/")) + "_" + kind.split()[0])
        os.makedirs(batch, exist_ok=True)
        json.dump(dict(parcels, features=chosen), open(os.path.join(batch, "parcels.geojson"), "w"))
        with open(os.path.join(batch, "truth.jsonl"), "w") as f:
            f.writelines(truth[pid(c)] for c in chosen)
        batches.append((kind, batch))
    return batches


def score(truth_dir, results):
    truth = {json.loads(l)["parcel_id"]: json.loads(l)["system"]
             for l in open(os.path.join(truth_dir, "truth.jsonl"))}
    rows = [json.loads(l) for l in open(results)]
    rows = [r for r in rows if "error" not in r]
    top = [(max(r["probabilities"].values()),
            max(r["probabilities"], key=r["probabilities"].get) == truth[r["parcel_id"]]) for r in rows]
    accuracy = sum(right for _, right in top) / len(top)
    ece = 0.0
    for b in range(15):
        inside = [(p, right) for p, right in top if b / 15 < p <= (b + 1) / 15]
        if inside:
            ece += len(inside) / len(top) * abs(sum(p for p, _ in inside) / len(inside)
                                                 - sum(r for _, r in inside) / len(inside))
    return accuracy, ece


def assess(aviary, folder, batch, work, extra):
    name = os.path.basename(batch) + ("_kept" if extra else "")
    out = os.path.join(work, name + ".jsonl")
    log = subprocess.run([aviary, "satellite", "assess", "--catalog", os.path.join(folder, "catalog.json"),
                          "--parcels", os.path.join(batch, "parcels.geojson"), "--out", out] + extra,
                         capture_output=True, text=True, check=True).stderr
    strength = re.search(r"used at strength ([0-9.]+)", log)
    return score(batch, out), float(strength.group(1)) if strength else 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("build")
    ap.add_argument("sets", nargs="+")
    ap.add_argument("--seed", type=int, default=29)
    ap.add_argument("--work", help="keep the batches and results here (default: a temporary folder)")
    a = ap.parse_args()
    aviary = os.path.join(a.build, "bin", "aviary")
    work = a.work or tempfile.mkdtemp(prefix="crop_mix_")
    rng = random.Random(a.seed)
    totals = defaultdict(lambda: [0, 0.0, 0.0, 0.0, 0.0])
    print("%-16s %-8s %s" % ("batch", "strength", "likeliest (ECE): model's own shares -> batch's mix"))
    for folder in a.sets:
        for kind, batch in draw(folder, work, rng):
            (acc0, ece0), _ = assess(aviary, folder, batch, work, ["--no-crop-mix"])
            (acc1, ece1), strength = assess(aviary, folder, batch, work, [])
            print("%-16s %-8.2f %.3f (%.3f) -> %.3f (%.3f)  %+.3f" % (
                os.path.basename(batch.rstrip("/")), strength, acc0, ece0, acc1, ece1, acc1 - acc0))
            t = totals[kind]
            t[0] += 1
            for i, v in enumerate((acc0, acc1, ece0, ece1)):
                t[i + 1] += v
    for kind, t in totals.items():
        n = t[0]
        print("%-8s %d batches: likeliest %.3f -> %.3f, ECE %.3f -> %.3f" % (
            kind, n, t[1] / n, t[2] / n, t[3] / n, t[4] / n))


if __name__ == "__main__":
    main()
