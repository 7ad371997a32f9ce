#!/usr/bin/python3
"""Does a crop model trained on more generators do better on a generator it has not seen?

Usage: generator_diversity.py TRAIN_DIR TEST_DIR [--rounds 150] [--seed 1] [--only GEN]
                              [--drop GEN]

TRAIN_DIR holds the labelled feature rows of the training folders (`aviary satellite train
--save-features`, as train_shipped_model.sh leaves them: plain_*, vary_* our simulator, gen_*
our second generator, cr_[AB]_1?? the clean-room generator, canopy_[0-9]* the canopy
generator, w5_7* the weather generator); TEST_DIR those of the evaluation sets, named after
their folders (sim_99*, g2l_*, g2_7*, cr_[ABC]_[12], canopy_eval_*, w5_eval_*). Needs
python3-xgboost.

For each generator left out, trains with the product's tree settings (no temperature) on all
the others and on each set of them but one, and scores the left-out generator's evaluation sets:
the likeliest crop's accuracy and the expected calibration error (15 bins), pooled. If the
model gains from each generator added, a generator made yet another way (the kept-back scenes)
should gain too.
"""
import argparse
import itertools
import json

import numpy as np
import xgboost as xgb

from generator_experts import MODEL, PARAMS, calibration_error, files, load

GENERATORS = {"simulator": ["plain_*", "vary_*"], "second": ["gen_*"],
              "clean_room": ["cr_[AB]_1??"], "canopy": ["canopy_[0-9]*"], "weather": ["w5_7*"]}
TESTS = {"simulator": ["sim_99*"], "second": ["g2l_8*", "g2l_30*", "g2_7*"],
         "clean_room": ["cr_[ABC]_[12]"], "canopy": ["canopy_eval_*"], "weather": ["w5_eval_*"]}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("train_dir")
    ap.add_argument("test_dir")
    ap.add_argument("--rounds", type=int, default=150)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", choices=sorted(GENERATORS), help="leave out this generator only")
    ap.add_argument("--drop", choices=sorted(GENERATORS),
                    help="of the sets but one, only the one without this generator")
    a = ap.parse_args()
    classes = json.loads(xgb.Booster(model_file=MODEL).attr("aviary_satellite"))["classes"]
    params = dict(PARAMS, num_class=len(classes), seed=a.seed)
    train = {g: load(files(a.train_dir, p), classes) for g, p in GENERATORS.items()}
    test = {g: load(files(a.test_dir, p), classes) for g, p in TESTS.items()}
    for g in GENERATORS:
        print("%-10s %5d training rows, %5d evaluation rows" % (g, len(train[g][1]),
                                                              len(test[g][1])), flush=True)
    for left_out in [a.only] if a.only else GENERATORS:
        if len(test[left_out][1]) == 0:
            continue
        others = [g for g in GENERATORS if g != left_out and len(train[g][1])]
        # All the others, and each set of them but one (or but --drop): does one more help?
        subsets = [tuple(others)] + [c for c in itertools.combinations(others, len(others) - 1)
                                     if a.drop is None or a.drop not in c]
        for chosen in subsets:
            x = np.vstack([train[g][0] for g in chosen])
            y = np.concatenate([train[g][1] for g in chosen])
            booster = xgb.train(params, xgb.DMatrix(x, label=y, missing=np.nan), a.rounds)
            p = booster.predict(xgb.DMatrix(test[left_out][0], missing=np.nan))
            labels = test[left_out][1]
            print("left out %-10s trained on %-40s accuracy %.3f  ECE %.3f  (%d parcels)"
                  % (left_out, " + ".join(chosen), (p.argmax(1) == labels).mean(),
                     calibration_error(p, labels), len(labels)), flush=True)


if __name__ == "__main__":
    main()
