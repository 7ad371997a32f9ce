#!/usr/bin/python3
"""What the hazard judge saw around each missed event, and the misses counted by cause.

Usage: hazard_misses.py DUMP KIND [--verbose]
DUMP is written by `bench_satellite_hazards DIR... --dump-all DUMP` (true crop given); KIND is
flood, drought or pest. Causes (rough, for triage; the judge's own rules are in SeasonJudge):
- flood: no clear look inside the flood; looks saw water below half the parcel; seen once;
  seen twice or more (rice window, purity);
- pest: impure plot (most looks mix the neighbours); cloud gap (no clean look within 20 days
  before or after); seen (clean looks on both sides);
- drought: another hazard found instead; no clear look near the peak; seen.
"""
import collections
import datetime
import json
import sys


def day_of_year(iso):
    return datetime.date.fromisoformat(iso).timetuple().tm_yday


def water_shares(d):
    """Each look's open-water share as SeasonJudge reads it (over purity, capped by SWIR)."""
    dry = sorted(o["b11"] for o in d["obs"] if not o["rejected"] and o["mndwi"] is not None
                 and o["mndwi"] < 0 and o["b11"] is not None)
    dry = dry[len(dry) // 2] if dry else None
    shares = {}
    for o in d["obs"]:
        if o["water"] is None or o["clear"] < 0.05:
            continue
        w = min(1.0, o["water"] / o["purity"])
        if dry and o["b11"] is not None and 1 - o["b11"] / dry < 0.4 * o["purity"]:
            w = min(w, (1 - o["b11"] / dry) / o["purity"])
        shares[o["day"]] = w
    return shares


def cause(kind, d, start, end, shares):
    obs = d["obs"]
    clean = [o for o in obs if not o["rejected"] and o["purity"] >= 0.6]
    if kind == "flood":
        inside = [w for day, w in shares.items() if start <= day <= end]
        wet = [w for w in inside if w >= 0.5]
        if not inside:
            return "no clear look in the flood"
        if not wet:
            return "looks saw water on less than half"
        return "seen wet once" if len(wet) == 1 else "seen wet twice or more"
    if kind == "pest":
        if len(clean) < len([o for o in obs if not o["rejected"]]) / 2:
            return "impure plot"
        before = [o for o in clean if start - 20 <= o["day"] <= start]
        after = [o for o in clean if end <= o["day"] <= end + 20]
        return "cloud gap" if not before or not after else "seen"
    others = {h["type"] for h in d["found"]} - {"drought"}
    if others:
        return "found " + "+".join(sorted(others)) + " instead"
    normal = d["normal"]
    top = max(normal[start - 1:end])
    base = min(normal[max(0, start - 41):min(365, end + 40)])
    near = [o for o in obs if not o["rejected"] and start <= o["day"] <= end
            and normal[o["day"] - 1] - base >= 0.6 * (top - base)]
    return "fewer than two looks near the peak" if len(near) < 2 else "seen"


def main():
    dump, kind = sys.argv[1], sys.argv[2]
    verbose = "--verbose" in sys.argv
    causes = collections.Counter()
    for line in open(dump):
        d = json.loads(line)
        truth = [h for h in d["truth"] if h["type"] == kind]
        if not truth or any(h["type"] == kind for h in d["found"]):
            continue
        start, end = day_of_year(truth[0]["start"]), day_of_year(truth[0]["end"])
        shares = water_shares(d)
        c = cause(kind, d, start, end, shares)
        causes[c] += 1
        print("%s %s %s %s %d..%d: %s; found %s; unseen %s" % (
            d["set"], d["id"], d["system"], kind, start, end, c,
            [h["type"] for h in d["found"]] or "nothing", d.get("unseen", "no")))
        if verbose:
            for o in d["obs"]:
                if start - 40 <= o["day"] <= end + 40:
                    w = shares.get(o["day"])
                    print("    day %3d clear %.2f purity %.2f%s ndvi %s normal %.2f water %s" % (
                        o["day"], o["clear"], o["purity"], " rejected" if o["rejected"] else "",
                        "%.2f" % o["ndvi"] if o["ndvi"] is not None else "nan",
                        d["normal"][o["day"] - 1], "%.2f" % w if w is not None else "-"))
    total = sum(causes.values())
    print("missed %s: %d" % (kind, total))
    for c, n in causes.most_common():
        print("  %3d  %s" % (n, c))


if __name__ == "__main__":
    main()
