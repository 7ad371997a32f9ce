#!/usr/bin/env python3
"""Scores `aviary satellite assess` output against a simulated folder's truth.jsonl.

Usage: score_assessment.py SIM_DIR RESULTS.jsonl
Crop system: accuracy and macro-F1 over the systems present, with "uncertain" parcels counted
as wrong, and again on the parcels the model decided (with their share); the expected
calibration error of the probabilities (15 bins of the top probability), beside the ECE a
perfectly calibrated model would show on as many parcels; the confusions; by parcel size
(mu), the likeliest crop's accuracy, the mean top probability and the share left uncertain.
Area: relative error of every parcel of 1 mu or more. Hazards (flood, drought, pest): per
parcel, a true positive when both the truth and the result have an event of that type.
"""
import json
import random
import sys
from collections import Counter

truth = {}
with open(sys.argv[1] + "/truth.jsonl") as f:
    for line in f:
        t = json.loads(line)
        truth[t["parcel_id"]] = t
with open(sys.argv[2]) as f:
    results = [json.loads(line) for line in f]
ok = [r for r in results if "error" not in r]
print("parcels %d, errors %d" % (len(results), len(results) - len(ok)))

accuracy = sum(r["system"] == truth[r["parcel_id"]]["system"] for r in ok) / len(ok)
f1s = []
for c in sorted({t["system"] for t in truth.values()}):
    tp = sum(1 for r in ok if r["system"] == c and truth[r["parcel_id"]]["system"] == c)
    fp = sum(1 for r in ok if r["system"] == c and truth[r["parcel_id"]]["system"] != c)
    fn = sum(1 for r in ok if r["system"] != c and truth[r["parcel_id"]]["system"] == c)
    p = tp / (tp + fp) if tp + fp else 0
    rc = tp / (tp + fn) if tp + fn else 0
    f1s.append(2 * p * rc / (p + rc) if p + rc else 0)
confusions = Counter((truth[r["parcel_id"]]["system"], r["system"]) for r in ok
                     if r["system"] != truth[r["parcel_id"]]["system"])
print("crop system: accuracy %.4f, macro-F1 %.4f" % (accuracy, sum(f1s) / len(f1s)))
print("top confusions (truth, predicted):", confusions.most_common(8))
per_crop = []
for c in sorted({t["system"] for t in truth.values()}):
    rows = [r for r in ok if truth[r["parcel_id"]]["system"] == c]
    right = sum(r["system"] == c for r in rows)
    wrong = Counter(r["system"] for r in rows if r["system"] != c)
    per_crop.append("%s %d/%d%s" % (c, right, len(rows),
                                    " (" + ", ".join("%s %d" % kv for kv in wrong.most_common(3)) + ")"
                                    if wrong else ""))
print("per crop (right/total, then what it was called):\n  " + "\n  ".join(per_crop))
decided = [r for r in ok if r["system"] != "uncertain"]
if len(decided) < len(ok):
    print("uncertain %d of %d; accuracy on the rest %.4f; best guess right on the uncertain %d"
          % (len(ok) - len(decided), len(ok),
             sum(r["system"] == truth[r["parcel_id"]]["system"] for r in decided) / max(1, len(decided)),
             sum(r.get("best_guess") == truth[r["parcel_id"]]["system"] for r in ok
                 if r["system"] == "uncertain")))
    flags = Counter(f for r in ok for f in r.get("flags", []))
    print("flags:", dict(flags))
# Calibration: the top probability against whether the likeliest crop is right.
BINS = 15
conf = [0.0] * BINS
hit = [0] * BINS
n = [0] * BINS
for r in ok:
    probs = r["probabilities"]
    top = max(probs, key=probs.get)
    b = min(BINS - 1, int(probs[top] * BINS))
    conf[b] += probs[top]
    hit[b] += top == truth[r["parcel_id"]]["system"]
    n[b] += 1
ece = sum(abs(hit[b] - conf[b]) for b in range(BINS)) / len(ok)
print("expected calibration error %.4f (mean top probability %.3f, accuracy of the likeliest %.3f)"
      % (ece, sum(conf) / len(ok), sum(hit) / len(ok)))
# What a perfectly calibrated model would show on this many parcels with these confidences
# (each likeliest crop right with its own top probability): on a few hundred parcels the
# ECE of a calibrated model is itself 0.04-0.07, so a figure inside this range is not poor.
tops = [max(r["probabilities"].values()) for r in ok]
noise = random.Random(1)
floor = []
for _ in range(500):
    c, h = [0.0] * BINS, [0] * BINS
    for p in tops:
        b = min(BINS - 1, int(p * BINS))
        c[b] += p
        h[b] += noise.random() < p
    floor.append(sum(abs(h[b] - c[b]) for b in range(BINS)) / len(ok))
floor.sort()
print("  a calibrated model would show %.4f (median; 90%% below %.4f) on these %d parcels"
      % (floor[len(floor) // 2], floor[int(0.9 * len(floor))], len(ok)))

# By parcel size: a plot a few pixels wide is mostly its neighbours, so smallholders'
# plots are where the crop is hardest to tell; a lender with many of them should know.
SIZES = [(0, 1), (1, 2), (2, 4), (4, 16), (16, None)]
cells = []
for low, high in SIZES:
    rows = [r for r in ok if truth[r["parcel_id"]]["area_mu"] >= low
            and (high is None or truth[r["parcel_id"]]["area_mu"] < high)]
    if not rows:
        continue
    likeliest = sum(max(r["probabilities"], key=r["probabilities"].get)
                    == truth[r["parcel_id"]]["system"] for r in rows)
    confidence = sum(max(r["probabilities"].values()) for r in rows)
    label = "%g-%g mu" % (low, high) if high is not None else ">= %g mu" % low
    cells.append("%s: n %d, likeliest right %.3f, mean top probability %.3f, uncertain %.2f"
                 % (label, len(rows), likeliest / len(rows), confidence / len(rows),
                    sum(r["system"] == "uncertain" for r in rows) / len(rows)))
print("by parcel size:\n  " + "\n  ".join(cells))

errors = [abs(r["area_m2"] - truth[r["parcel_id"]]["area_m2"]) / truth[r["parcel_id"]]["area_m2"]
          for r in results if "area_m2" in r and truth[r["parcel_id"]]["area_mu"] >= 1]
print("area relative error (>= 1 mu): max %.2e, mean %.2e, n %d"
      % (max(errors), sum(errors) / len(errors), len(errors)))

for kind in ["flood", "drought", "pest"]:
    tp = fp = fn = 0
    for r in ok:
        expected = any(h["type"] == kind for h in truth[r["parcel_id"]]["hazards"])
        found = any(h["type"] == kind for h in r["hazards"])
        tp += expected and found
        fp += found and not expected
        fn += expected and not found
    print("%-8s precision %.3f recall %.3f (tp %d, fp %d, fn %d)"
          % (kind, tp / max(1, tp + fp), tp / max(1, tp + fn), tp, fp, fn))

# Condition: the grade against the simulator's truth. A healthy parcel (planted, no stress,
# no hazard) should be favourable or exceptional, a stressed or hazard-hit one watch or poor;
# within each side the truth's yield factor picks the grade (poor: 5% or more below normal).
GRADES = ["exceptional", "favourable", "watch", "poor"]
SCORE = {"exceptional": 1.0, "favourable": 2 / 3, "watch": 1 / 3, "poor": 0.0}


def truth_grade(t):
    healthy = t["stress"] >= 1 and not t["hazards"]
    if healthy:
        return "exceptional" if t["yield_factor"] >= 1.03 else "favourable"
    return "poor" if t["yield_factor"] < 0.95 else "watch"


planted = [r for r in ok if truth[r["parcel_id"]]["system"] != "fallow" and r["condition"]]
table = Counter((truth_grade(truth[r["parcel_id"]]), r["condition"]) for r in planted)
print("condition (rows truth, columns graded):      " + " ".join("%11s" % g for g in GRADES))
for t in GRADES:
    print("  %-11s" % t + "".join("%12d" % table[(t, g)] for g in GRADES))
good = {"exceptional", "favourable"}
agree = sum((truth_grade(truth[r["parcel_id"]]) in good) == (r["condition"] in good)
            for r in planted)
exact = sum(truth_grade(truth[r["parcel_id"]]) == r["condition"] for r in planted)
scores = sorted(SCORE[r["condition"]] for r in planted)
print("condition: healthy/stressed agreement %.3f, exact grade %.3f, n %d; "
      "condition_score median %.2f, mean %.2f, poor share %.2f"
      % (agree / max(1, len(planted)), exact / max(1, len(planted)), len(planted),
         scores[len(scores) // 2] if scores else 0, sum(scores) / max(1, len(scores)),
         sum(r["condition"] == "poor" for r in planted) / max(1, len(planted))))
