#!/usr/bin/python3
"""Clean-room scene generator: a third way of making Sentinel-2-like parcel time series.

Designed only from the public spec (crops.csv, crops.md, spectra.csv, formats.md) and general
remote-sensing/agronomy knowledge, not from any other generator in this repository. It draws a
whole landscape at 5 m (sampled parcels among unsampled neighbour fields, roads and villages),
grows every field with its own phenology, puts weather and a sensor on top, and resamples to
each item's own grid (10/20/30 m, one or two UTM zones), so edge pixels mix neighbours.

Usage: clean_room_scenes.py --region A|B|C --seed N --out DIR [--parcels 210]
Writes DIR/catalog.json, DIR/items/*.json, DIR/scenes/*.tif, DIR/parcels.geojson,
DIR/truth.jsonl. Region = place, calendar, soil, weather and sensor mix (shared by every seed
of that region: same acquisitions, same year); seed = which fields, where, and their fates.
"""
import argparse
import csv
import datetime as dt
import json
import math
import os
import sys

import numpy as np
from osgeo import gdal, ogr, osr
from scipy import ndimage

gdal.UseExceptions()
SPEC = os.environ.get("AVIARY_SPEC", os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../shared/spec"))
if not os.path.exists(os.path.join(SPEC, "crops.csv")):
    sys.exit("clean_room_scenes.py: no crops.csv in %s; set AVIARY_SPEC to the shared spec folder" % SPEC)
BANDS = ["B02", "B03", "B04", "B05", "B08", "B11", "B12"]
SUB = 5.0  # metres per landscape cell
DAY0 = dt.date(2026, 1, 1)
FIRST, LAST = -61, 364  # 2025-11-01 .. 2026-12-31 as day offsets from DAY0
NDAYS = LAST - FIRST + 1

# Spectral end-members (surface reflectance, bands as BANDS). The spec's soil/vegetation rows
# are one soil and one canopy; real regions differ, so each region brings its own soil and each
# plant form its own green canopy.
GREEN = {
    "cereal": np.array([0.030, 0.065, 0.035, 0.110, 0.420, 0.200, 0.100]),
    "broadleaf": np.array([0.028, 0.075, 0.030, 0.120, 0.500, 0.220, 0.110]),
    "tree": np.array([0.025, 0.055, 0.028, 0.090, 0.380, 0.170, 0.080]),
    "weed": np.array([0.030, 0.070, 0.040, 0.110, 0.380, 0.220, 0.120]),
}
DRY = np.array([0.090, 0.120, 0.150, 0.190, 0.270, 0.360, 0.280])  # straw, senescent leaves
CHAR = np.array([0.030, 0.035, 0.040, 0.045, 0.060, 0.080, 0.070])  # burnt stubble
WATER = np.array([0.065, 0.070, 0.055, 0.045, 0.025, 0.008, 0.005])  # turbid paddy/flood water
ROAD = np.array([0.130, 0.150, 0.170, 0.190, 0.220, 0.270, 0.240])
VILLAGE = np.array([0.085, 0.095, 0.100, 0.120, 0.260, 0.230, 0.180])  # roofs + courtyard trees
SNOW = np.array([0.850, 0.840, 0.820, 0.800, 0.740, 0.100, 0.070])
FLOWER = np.array([0.050, 0.190, 0.200, 0.270, 0.400, 0.220, 0.120])  # rapeseed in bloom
CLOUD = np.array([0.450, 0.460, 0.480, 0.490, 0.520, 0.350, 0.250])
HAZE = np.array([0.080, 0.065, 0.050, 0.045, 0.035, 0.015, 0.008])  # additive path radiance
SHADOW_KEEP = np.array([0.45, 0.38, 0.34, 0.32, 0.28, 0.26, 0.25])  # diffuse light left in shadow
FORM = {"soybean": "broadleaf", "peanut": "broadleaf", "cotton": "broadleaf", "potato": "broadleaf",
        "sweet_potato": "broadleaf", "tobacco": "broadleaf", "rapeseed": "broadleaf"}
TREES = {"apple", "kiwifruit", "citrus", "tea", "grape"}
EVERGREEN = {"citrus", "tea"}
# Landsat-8-like OLI response relative to MSI (slope, offset); OLI has no red-edge band.
OLI = {"B02": (0.978, -0.004), "B03": (1.005, -0.001), "B04": (0.977, 0.001),
       "B08": (0.998, 0.000), "B11": (0.999, -0.001), "B12": (1.003, -0.001)}

REGIONS = {
    "A": dict(name="North China plain (loess loam, irrigated wheat belt)", lon=115.30, lat=35.60,
              epsg=32650, soil=[0.100, 0.140, 0.180, 0.210, 0.250, 0.340, 0.290], shift=6,
              winter_green=0.55, rotation=2.0, median_mu=8.0, sigma=1.2,
              cloud=[.32, .32, .38, .40, .42, .55, .72, .68, .50, .38, .34, .34], winter_haze=0.5,
              snow_days=2, drought=[(85, 150), (165, 225)], flood=(192, 232), hilly=0.0,
              sensors=[("S2", 10, 32650, 1.0), ("L8", 30, 32650, 1.0)], s2_20m=0.0, dup_zone=None,
              background={"wheat_maize": .40, "maize_spring": .06, "cotton": .08, "peanut": .08,
                          "soybean": .06, "sweet_potato": .04, "apple": .04, "grape": .02,
                          "fallow": .06, "potato": .04, "sorghum": .02, "millet": .02,
                          "village": .06, "trees": .02}),
    "B": dict(name="Middle Yangtze lowland (paddy soils, rice-rapeseed belt)", lon=112.60, lat=29.90,
              epsg=32649, soil=[0.070, 0.095, 0.125, 0.155, 0.175, 0.250, 0.200], shift=-3,
              winter_green=0.85, rotation=17.0, median_mu=5.0, sigma=1.25,
              cloud=[.60, .62, .68, .62, .60, .78, .62, .45, .45, .42, .50, .58], winter_haze=0.25,
              snow_days=0, drought=[(195, 245)], flood=(165, 205), hilly=0.15,
              sensors=[("S2", 10, 32649, 1.0)], s2_20m=0.3, dup_zone=None,
              background={"rice_double": .18, "rapeseed_rice": .18, "wheat_rice": .08,
                          "rice_single": .16, "citrus": .05, "tea": .03, "fallow": .08,
                          "cotton": .03, "soybean": .03, "sweet_potato": .03, "kiwifruit": .02,
                          "village": .09, "trees": .04}),
    "C": dict(name="South-west hills on a UTM zone edge (red soils, sugarcane and orchards)",
              lon=107.985, lat=24.80, epsg=32648,
              soil=[0.060, 0.085, 0.150, 0.180, 0.210, 0.300, 0.250], shift=-12,
              winter_green=0.95, rotation=35.0, median_mu=3.0, sigma=1.3,
              cloud=[.80, .80, .75, .70, .70, .80, .72, .62, .58, .62, .70, .78], winter_haze=0.2,
              snow_days=0, drought=[(40, 130)], flood=(160, 225), hilly=0.35,
              sensors=[("S2", 10, 32648, 1.0), ("L8", 30, 32649, 1.0)], s2_20m=0.0,
              dup_zone=32649,
              background={"sugarcane": .22, "citrus": .10, "rice_single": .12, "rice_double": .06,
                          "maize_spring": .08, "tea": .05, "fallow": .08, "kiwifruit": .03,
                          "sweet_potato": .04, "peanut": .04, "tobacco": .03, "village": .08,
                          "trees": .07}),
}
REGION_SEED = {"A": 1101, "B": 2202, "C": 3303}


def load_crops():
    rows = {}
    with open(os.path.join(SPEC, "crops.csv")) as f:
        for r in csv.DictReader(f):
            rows.setdefault(r["system"], []).append(r)
    return rows


def fnum(s, default=None):
    return float(s) if s not in ("", None) else default


def crop_key(row):
    """Short crop name used for plant form and special behaviour."""
    en = row["name_en"].split(" (")[0]  # "rice (wheat rotation)" is rice
    for key in ["rapeseed", "wheat", "maize", "rice", "soybean", "peanut", "cotton", "sweet potato",
                "potato", "sorghum", "millet", "tobacco", "sugarcane", "apple", "kiwifruit",
                "citrus", "tea", "vineyard", "fallow"]:
        if key in en:
            return {"sweet potato": "sweet_potato", "vineyard": "grape"}.get(key, key)
    return en


def cover_for_ndvi(target, green, soil):
    """Vegetation fraction whose linear mixture with this soil gives the target NDVI."""
    dv, sv = green[4] - green[2], green[4] + green[2]
    ds, ss = soil[4] - soil[2], soil[4] + soil[2]
    c = (ds - target * ss) / (target * (sv - ss) - dv + ds)
    return float(np.clip(c, 0.0, 0.97))


def smooth_noise(rng, shape, sigma_cells, coarse=1):
    """Zero-mean unit-sd spatially correlated noise; computed coarse and zoomed for speed."""
    cs = (max(2, shape[0] // coarse + 2), max(2, shape[1] // coarse + 2))
    n = ndimage.gaussian_filter(rng.standard_normal(cs), max(0.5, sigma_cells / coarse), mode="wrap")
    if coarse > 1:
        n = ndimage.zoom(n, coarse, order=1)
    n = n[:shape[0], :shape[1]]
    return (n - n.mean()) / (n.std() + 1e-9)


# ---------------------------------------------------------------- weather and acquisitions
def region_year(region, rng):
    """Region-level draws shared by all seeds: calendar, weather, acquisitions, events."""
    days = np.arange(FIRST, LAST + 1)
    months = np.array([(DAY0 + dt.timedelta(int(d))).month for d in days])
    p_cloudy = np.array(region["cloud"])[months - 1]
    # Persistent weather: an AR(1) latent state gives multi-week cloudy spells.
    z = np.zeros(NDAYS)
    for i in range(1, NDAYS):
        z[i] = 0.88 * z[i - 1] + math.sqrt(1 - 0.88 ** 2) * rng.standard_normal()
    u = 0.5 * (1 + np.vectorize(math.erf)(z / math.sqrt(2)))
    cloudy = u < p_cloudy
    cover = np.where(cloudy, rng.beta(4.0, 1.0, NDAYS), rng.beta(0.4, 6.0, NDAYS))
    rain = cloudy & (rng.random(NDAYS) < 0.45)
    wet = np.zeros(NDAYS)
    for i in range(1, NDAYS):
        wet[i] = wet[i - 1] * 0.8 + (0.6 if rain[i] else 0.0)
    wet = np.clip(wet, 0, 1)
    haze = np.clip(rng.gamma(1.2, 0.08, NDAYS) + region["winter_haze"] * (months <= 2) *
                   rng.random(NDAYS) * 0.6 + region["winter_haze"] * (months == 12) * rng.random(NDAYS) * 0.6, 0, 0.9)
    acq = []
    for sensor, res, epsg, _ in region["sensors"]:
        step = 5 if sensor == "S2" else 16
        start = int(rng.integers(0, step))
        for d in range(FIRST + start, LAST + 1, step):
            if rng.random() < 0.05:  # missing acquisition (downlink/processing gap)
                continue
            i = d - FIRST
            if cover[i] > 0.96:  # a provider's cloud filter drops near-overcast scenes
                continue
            r = res
            if sensor == "S2" and rng.random() < region["s2_20m"]:
                r = 20
            sat = ("S2A" if (d // 5) % 2 == 0 else "S2B") if sensor == "S2" else ("L8" if (d // 8) % 2 else "L9")
            acq.append(dict(day=d, sensor=sensor, sat=sat, res=r, epsg=epsg))
            if sensor == "S2" and region["dup_zone"] and rng.random() < 0.5:
                acq.append(dict(day=d, sensor=sensor, sat=sat, res=r, epsg=region["dup_zone"], dup=True))
    snow_days = set()
    if region["snow_days"]:
        winter = [a["day"] for a in acq if a["sensor"] == "S2" and (a["day"] < 45) and cover[a["day"] - FIRST] < 0.5]
        if winter:
            snow_days = set(rng.choice(winter, size=min(region["snow_days"], len(winter)), replace=False).tolist())
    dw = region["drought"][int(rng.integers(0, len(region["drought"])))]
    f0, f1 = region["flood"]
    fstart = int(rng.integers(f0, f1 - 12))
    flood = (fstart, fstart + int(rng.integers(6, 24)))
    return dict(cloud=cover, cloudy=cloudy, wet=wet, haze=haze, acq=sorted(acq, key=lambda a: (a["day"], a["epsg"])),
                snow=snow_days, drought=dw, flood=flood, shift=region["shift"] + rng.normal(0, 3),
                gains={s: rng.normal(1, 0.012, 7) for s in ["S2A", "S2B", "L8", "L9"]})


# ---------------------------------------------------------------- phenology
def logistic(x):
    return 1.0 / (1.0 + np.exp(-np.clip(x, -50, 50)))


def gompertz(t, centre, k):
    return np.exp(-np.exp(-np.clip(k * (t - centre), -30, 30)))


class Field:
    """One field's plan: system, per-season timing and heights, and what befalls it."""
    pass


def plan_field(system, rows, rng, year, region, soil_mean):
    f = Field()
    f.system = system
    f.kind = "crop"
    f.weeds = rng.uniform(0, 0.12) if rng.random() < 0.5 else 0.0
    f.het = rng.uniform(0.03, 0.14)
    f.bright = rng.normal(1.0, 0.08)
    f.illum = 1.0 + rng.normal(0, region["hilly"] * 0.1)
    f.peak_scale = float(np.clip(rng.normal(1.0, 0.05), 0.82, 1.12))
    f.shift = float(np.clip(rng.normal(0, 9), -20, 20)) + year["shift"]
    f.seasons = []
    f.burn = rng.random() < (0.08 if region is REGIONS["B"] else 0.03)
    f.intercrop = None
    if system == "fallow":
        f.kind = "fallow"
        f.fallow_peak = rng.uniform(0.0, 0.35) if rng.random() < 0.8 else 0.02
        f.fallow_day = rng.uniform(190, 250)
        f.fallow_width = rng.uniform(45, 80)
        f.green = GREEN["weed"] * rng.normal(1, 0.04, 7)
        return f
    prev_harvest_delay = 0.0
    for k, r in enumerate(rows):
        crop = crop_key(r)
        s = dict(crop=crop)
        form = "tree" if crop in TREES else FORM.get(crop, "cereal")
        green = GREEN[form] * rng.normal(1, 0.03, 7)
        swir = fnum(r["swir_factor"]) * rng.normal(1, 0.03)
        green[5] *= swir
        green[6] *= swir
        s["green"] = green
        own = rng.normal(0, 4) + (0.6 * prev_harvest_delay if k else 0)
        s["g"] = fnum(r["greenup_doy"]) + f.shift + own
        s["k"] = fnum(r["rise_rate"]) * 1.42 * rng.uniform(0.75, 1.3)
        s["sen"] = fnum(r["senescence_doy"]) + f.shift + own + rng.normal(0, 5)
        s["fall"] = fnum(r["fall_rate"]) * rng.uniform(0.8, 1.25)
        delay = rng.gamma(2.0, 2.0)
        prev_harvest_delay = delay
        s["harvest"] = fnum(r["harvest_doy"]) + f.shift + own + delay if r["harvest_doy"] else None
        peak = fnum(r["peak_ndvi"]) * f.peak_scale
        pre = fnum(r["pre_ndvi"])
        s["cmax"] = cover_for_ndvi(peak, green, soil_mean)
        s["cbase"] = cover_for_ndvi(pre, green, soil_mean) if pre > 0.2 else 0.0
        s["residue"] = rng.uniform(0.1, 0.45)
        s["till"] = rng.uniform(6, 40)
        if r["flood_start_doy"]:
            s["fs"] = fnum(r["flood_start_doy"]) + f.shift + own
            s["fe"] = fnum(r["flood_end_doy"]) + f.shift + own
            s["fw"] = rng.uniform(0.65, 0.95)
            s["fw_after"] = rng.uniform(0.1, 0.4)
        if crop in ("wheat", "rapeseed"):
            s["sow"] = -80 + f.shift * 0.5 + rng.normal(0, 7) + (8 if crop == "rapeseed" else 0)
        if crop == "sugarcane":
            s["prev_harvest"] = rng.normal(-20, 20)
        s["drought"] = 0.0
        f.seasons.append(s)
    if f.seasons[0]["crop"] in ("maize", "sorghum", "cotton", "millet") and rng.random() < 0.1:
        f.intercrop = rng.uniform(0.2, 0.35)  # e.g. soybean or peanut between the rows
    return f


def field_series(f, year, region):
    """Daily per-field component fractions over FIRST..LAST."""
    t = np.arange(FIRST, LAST + 1, dtype=float)
    c = np.zeros(NDAYS)      # green+senescing canopy fraction
    gam = np.ones(NDAYS)     # greenness of that canopy (1 green, 0 straw-coloured)
    res = np.zeros(NDAYS)    # crop residue / stubble
    water = np.zeros(NDAYS)  # open water of the paddy
    char = np.zeros(NDAYS)
    flower = np.zeros(NDAYS)
    warm = logistic((t - (95 + year["shift"])) / 10) * logistic(((300 + year["shift"]) - t) / 12)
    if f.kind == "fallow":
        w = f.fallow_peak * np.exp(-0.5 * ((t - f.fallow_day) / f.fallow_width) ** 2)
        w += f.fallow_peak * np.exp(-0.5 * ((t - 365 - f.fallow_day) / f.fallow_width) ** 2)
        dry = 0.25 * f.fallow_peak * logistic((t - f.fallow_day - 40) / 15)
        return dict(c=w, gam=1 - 0.5 * logistic((t - f.fallow_day - 50) / 12), res=dry, water=water,
                    char=char, flower=flower, weeds=np.zeros(NDAYS), sidx=np.zeros(NDAYS, int),
                    wet=np.zeros(NDAYS))
    occupied = np.zeros(NDAYS, bool)
    sidx = np.zeros(NDAYS, int)
    wet = np.zeros(NDAYS)
    for i, s in enumerate(f.seasons):
        crop = s["crop"]
        drought = s["drought"]
        cmax = s["cmax"] * (1 - drought)
        sen = s["sen"] - 40 * drought
        S = logistic(s["fall"] * 1.1 * (t - sen))
        R = gompertz(t, s["g"], s["k"])
        if crop in TREES:
            tt = np.where(t < 0, t + 365, t)
            R = gompertz(tt, s["g"], s["k"])
            S = logistic(s["fall"] * (tt - sen))
            base = max(s["cbase"], 0.08)
            if crop in EVERGREEN:
                cc = base + (cmax - base) * R * (1 - S)
                gg = np.ones(NDAYS) * 0.97
            else:
                cc = base + (cmax - base) * R * (1 - 0.85 * S)
                gg = 1 - 0.55 * S
            if crop == "tea":  # spring plucking then pruning: a small, regular dip
                prune = s["g"] + 60
                cc = cc - 0.06 * logistic(t - prune) * logistic((prune + 50 - t) / 8)
            c = np.maximum(c, cc)
            gam = gg
            occupied[:] = True
            continue
        start = s.get("sow", s["g"] - 30)
        end = s["harvest"] + 3 if s["harvest"] is not None else 999
        if i + 1 < len(f.seasons):
            end = min(end, f.seasons[i + 1]["g"] - 25)
        active = (t >= start) & (t < end)
        cc = cmax * R
        if "sow" in s:  # overwintering crop: autumn establishment, winter plateau
            autumn = s["cbase"] * logistic((t - s["sow"] - 25) / 7)
            cc = autumn + (cmax - s["cbase"]) * R
            winter = np.exp(-0.5 * ((t - 15) / 30) ** 2)
            gw = 1 - (1 - region["winter_green"]) * winter
        else:
            gw = np.ones(NDAYS)
        if crop == "sugarcane":
            ph = s["prev_harvest"]
            old = (t < ph)
            regrow = s["cbase"] * logistic((t - ph - 35) / 10)
            cc = np.where(old, 0.75, regrow + (cmax - s["cbase"]) * R)
            active = np.ones(NDAYS, bool) & (t < end)
            res = np.where((t >= ph) & (t < ph + 60), 0.35 * np.exp(-(t - ph) / 30), res)
        leaf_drop = 0.45 if FORM.get(crop) == "broadleaf" else 0.15
        cc = cc * (1 - leaf_drop * S)
        gg = gw * (1 - 0.85 * S)
        if crop == "sugarcane":
            gg = np.where(t < s["prev_harvest"], 0.6, gw * (1 - 0.4 * S))
        if crop == "rapeseed":
            bloom = s["g"] + 28
            flower = np.maximum(flower, 0.35 * np.exp(-0.5 * ((t - bloom) / 9) ** 2) * active)
        if "sow" in s and i == 0:  # next autumn's sowing of the same system
            nxt = s["cbase"] * logistic((t - s["sow"] - 365 - 25) / 7)
            c = np.where(t >= s["sow"] + 365, nxt, c)
            sidx = np.where(t >= s["sow"] + 365, 0, sidx)
        c = np.where(active, cc, c)
        gam = np.where(active, gg, gam)
        sidx = np.where(active, i, sidx)
        occupied |= active
        if s["harvest"] is not None:
            h = s["harvest"]
            after = (t >= h) & (t < h + s["till"])
            if f.burn and crop == "rice":
                char = np.where(after, 0.6, char)
            else:
                res = np.where(after, s["residue"] * np.exp(-(t - h) / 25), res)
            # harvest takes a few days on a field: canopy fades over ~3 days
            fade = np.clip((t - h) / 3.0, 0, 1)
            c = np.where((t >= h) & active, c * (1 - fade), c)
            if crop == "rice":
                wet = np.where((t >= s.get("fs", s["g"] - 30) - 10) & (t < h - 15), 0.5, wet)
        if "fs" in s:
            fw = np.where((t >= s["fs"]) & (t <= s["fe"]), s["fw"], 0.0)
            tail = (t > s["fe"]) & (t < s["g"] + 35)
            fw = np.where(tail, s["fw_after"] * np.clip(1 - (t - s["fe"]) / (s["g"] + 35 - s["fe"]), 0, 1), fw)
            water = np.maximum(water, fw)
    weeds = f.weeds * warm * (~occupied | (c < 0.2))
    if f.intercrop:
        s0 = f.seasons[0]
        ic = f.intercrop * gompertz(t, s0["g"] - 10, 0.12) * (1 - logistic(0.12 * (t - s0["sen"] + 20)))
        c = c * (1 - 0.3 * f.intercrop) + ic
    return dict(c=np.clip(c, 0, 0.98), gam=np.clip(gam, 0, 1), res=res, water=water, char=char,
                flower=flower, weeds=weeds, sidx=sidx, wet=wet)


# ---------------------------------------------------------------- landscape layout
def draw_systems(systems, n, rng):
    base = n // len(systems) - 2
    counts = {s: base for s in systems}
    for s in rng.choice(systems, n - base * len(systems)):
        counts[s] += 1
    out = [s for s, k in counts.items() for _ in range(k)]
    rng.shuffle(out)
    return out


def layout(region, n, rng):
    """Sampled parcels as rectangles-ish in a rotated (u, v) field frame, packed into rows."""
    mu = np.clip(np.exp(rng.normal(math.log(region["median_mu"]), region["sigma"], n)), 0.3, 300.0)
    mu[rng.integers(0, n)] = rng.uniform(150, 300)   # every region has a cooperative or two
    mu[rng.integers(0, n)] = rng.uniform(0.3, 0.6)   # and garden-sized plots
    area = mu * 666.667
    boxes = []
    for a, m in zip(area, mu):
        asp = math.exp(rng.uniform(0, math.log(6 if m < 50 else 3)))
        L, S = math.sqrt(a * asp), math.sqrt(a / asp)
        boxes.append((S, L) if rng.random() < 0.7 else (L, S))  # (width along u, depth along v)
    width = math.sqrt(area.sum() / 0.4)
    order = np.argsort([-b[1] for b in boxes])
    rows, cur, x = [], None, 0.0
    for i in order:
        wu, hv = boxes[i]
        if cur is None or x + wu > width:
            cur = dict(height=hv + rng.uniform(4, 30), items=[])
            rows.append(cur)
            x = rng.exponential(30)
        cur["items"].append((i, x, rng.uniform(0, cur["height"] - hv)))
        x += wu + rng.exponential(35) + 2
    rng.shuffle(rows)
    v = 0.0
    polys = [None] * n
    row_info = []
    for r in rows:
        r["v0"] = v
        row_info.append(dict(v0=v, height=r["height"], strip=rng.uniform(10, 45),
                             off=rng.uniform(0, 40), block=rng.uniform(80, 160)))
        for i, x, dv in r["items"]:
            wu, hv = boxes[i]
            pts = [(x, v + dv), (x + wu, v + dv), (x + wu, v + dv + hv), (x, v + dv + hv)]
            j = [(rng.uniform(-1, 1) * 0.04 * wu, rng.uniform(-1, 1) * 0.04 * hv) for _ in pts]
            cx, cy = x + wu / 2, v + dv + hv / 2
            pts = [(cx + (px - cx) * 0.96 + jx, cy + (py - cy) * 0.96 + jy) for (px, py), (jx, jy) in zip(pts, j)]
            if rng.random() < 0.15 and min(wu, hv) > 15:  # a cut corner (pentagon)
                a = int(rng.integers(0, 4))
                p, q, r0 = pts[a - 1], pts[a], pts[(a + 1) % 4]
                fr = rng.uniform(0.15, 0.35)
                pts = pts[:a] + [(q[0] + (p[0] - q[0]) * fr, q[1] + (p[1] - q[1]) * fr),
                                 (q[0] + (r0[0] - q[0]) * fr, q[1] + (r0[1] - q[1]) * fr)] + pts[a + 1:]
            polys[i] = pts
        v += r["height"] + 6.0  # farm road between rows
    return polys, row_info, width, v


class Ctx:
    """Everything one folder's generation shares between its steps."""
    pass


def master_frame(ctx, rng):
    """The 5 m landscape grid in the region's UTM zone, and the rotated field frame (u, v)."""
    region = ctx.region
    ctx.wgs = osr.SpatialReference()
    ctx.wgs.ImportFromEPSG(4326)
    ctx.wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ctx.utm = osr.SpatialReference()
    ctx.utm.ImportFromEPSG(region["epsg"])
    ctx.utm.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_utm = osr.CoordinateTransformation(ctx.wgs, ctx.utm)
    ctx.to_wgs = osr.CoordinateTransformation(ctx.utm, ctx.wgs)
    jitter_lon = rng.uniform(-0.2, 0.2)
    jitter_lat = rng.uniform(-0.2, 0.2)
    ctx.lon0 = region["lon"] + (0 if region["dup_zone"] else jitter_lon)
    if region["dup_zone"]:
        ctx.lon0 += rng.uniform(-0.006, 0.006)  # stay on the zone edge so both zones' tiles cover it
    xc, yc, _ = to_utm.TransformPoint(ctx.lon0, region["lat"] + jitter_lat)
    th = math.radians(region["rotation"] + rng.normal(0, 3))
    cos_t, sin_t = math.cos(th), math.sin(th)
    width, height = ctx.width, ctx.height

    def uv_to_xy(u, v):
        u, v = u - width / 2, v - height / 2
        return xc + cos_t * u - sin_t * v, yc + sin_t * u + cos_t * v

    ctx.uv_to_xy = uv_to_xy
    margin = 200.0
    half = 0.5 * math.hypot(width, height) + margin
    gx0, gy1 = math.floor((xc - half) / 10) * 10, math.ceil((yc + half) / 10) * 10
    ctx.W = ctx.H = int(math.ceil(2 * half / SUB))
    ctx.gt = (gx0, SUB, 0, gy1, 0, -SUB)
    X = gx0 + (np.arange(ctx.W) + 0.5) * SUB
    Y = gy1 - (np.arange(ctx.H) + 0.5) * SUB
    XX, YY = np.meshgrid(X, Y)
    ctx.U = cos_t * (XX - xc) + sin_t * (YY - yc) + width / 2
    ctx.V = -sin_t * (XX - xc) + cos_t * (YY - yc) + height / 2


def background_ids(ctx, rows):
    """Unsampled fields: strips and blocks within each row; farm roads between rows."""
    U, V, H, W = ctx.U, ctx.V, ctx.H, ctx.W
    road = np.zeros((H, W), bool)
    rowidx = np.full((H, W), -1)
    for ri, r in enumerate(rows):
        inrow = (V >= r["v0"]) & (V < r["v0"] + r["height"])
        rowidx[inrow] = ri
        road |= (V >= r["v0"] + r["height"]) & (V < r["v0"] + r["height"] + 6)
    outside = rowidx < 0
    strip = np.array([r["strip"] for r in rows])
    off = np.array([r["off"] for r in rows])
    block = np.array([r["block"] for r in rows])
    v0 = np.array([r["v0"] for r in rows])
    ri = np.where(outside, 0, rowidx)
    su = np.floor((U - off[ri]) / strip[ri]).astype(np.int64)
    sv = np.floor((V - v0[ri]) / block[ri]).astype(np.int64)
    # outside the rows (the margin): generic 30 x 120 m blocks
    su = np.where(outside, np.floor(U / 30).astype(np.int64), su)
    sv = np.where(outside, np.floor(V / 120).astype(np.int64), sv)
    key = (np.where(outside, 9999, ri) * 100000 + (su + 5000)) * 1000 + (sv + 500)
    uniq, inv = np.unique(key.ravel(), return_inverse=True)
    ctx.fid = (inv.reshape(H, W) + ctx.n).astype(np.int64)
    ctx.road = road
    ctx.F = ctx.n + len(uniq)


def rasterize_parcels(ctx, polys):
    """Burns the sampled parcels over the background; keeps their UTM outlines."""
    mem = gdal.GetDriverByName("MEM").Create("", ctx.W, ctx.H, 1, gdal.GDT_Int32)
    mem.SetGeoTransform(ctx.gt)
    mem.SetProjection(ctx.utm.ExportToWkt())
    mem.GetRasterBand(1).Fill(-1)
    vds = ogr.GetDriverByName("Memory").CreateDataSource("")
    lyr = vds.CreateLayer("p", ctx.utm, ogr.wkbPolygon)
    lyr.CreateField(ogr.FieldDefn("id", ogr.OFTInteger))
    ctx.utm_polys = []
    for i, pts in enumerate(polys):
        ring = ogr.Geometry(ogr.wkbLinearRing)
        xy = [ctx.uv_to_xy(u, v) for u, v in pts]
        for x, y in xy + [xy[0]]:
            ring.AddPoint_2D(x, y)
        g = ogr.Geometry(ogr.wkbPolygon)
        g.AddGeometry(ring)
        ctx.utm_polys.append(xy)
        feat = ogr.Feature(lyr.GetLayerDefn())
        feat.SetField("id", i)
        feat.SetGeometry(g)
        lyr.CreateFeature(feat)
    gdal.RasterizeLayer(mem, [1], lyr, options=["ATTRIBUTE=id"])
    sampled = mem.GetRasterBand(1).ReadAsArray()
    ctx.fid = np.where(sampled >= 0, sampled, ctx.fid)
    ctx.road &= sampled < 0


def plan_all_fields(ctx, rng):
    region = ctx.region
    bg_names = list(region["background"])
    bg_p = np.array([region["background"][k] for k in bg_names])
    bg_p /= bg_p.sum()
    ctx.fields = []
    for i in range(ctx.F):
        if i < ctx.n:
            sysname = ctx.truth_sys[i]
        else:
            sysname = bg_names[rng.choice(len(bg_names), p=bg_p)]
        if sysname in ("village", "trees"):
            f = Field()
            f.kind = sysname
            f.system = sysname
            f.het, f.bright, f.illum = 0.1, rng.normal(1, 0.08), 1.0
            ctx.fields.append(f)
            continue
        ctx.fields.append(plan_field(sysname, ctx.crops[sysname], rng, ctx.year, region, ctx.soil_mean))


def plan_drought(ctx, rng):
    """An area event: a smooth zone over the landscape; each season in its window is suppressed."""
    fid, U, V, F, n = ctx.fid, ctx.U, ctx.V, ctx.F, ctx.n
    width, height = ctx.width, ctx.height
    ctx.cnt = np.bincount(fid.ravel(), minlength=F).astype(float)
    dnoise = smooth_noise(rng, (ctx.H, ctx.W), 120, coarse=8)
    ang = rng.uniform(0, 2 * math.pi)
    dscore = dnoise + 1.2 * ((U - width / 2) * math.cos(ang) + (V - height / 2) * math.sin(ang)) / max(width, height)
    dmean = np.bincount(fid.ravel(), weights=dscore.ravel(), minlength=F) / np.maximum(ctx.cnt, 1)
    dthr = np.quantile(dmean[:n], 1 - rng.uniform(0.09, 0.15))
    dsev = rng.uniform(0.3, 0.5)
    dw0, dw1 = ctx.year["drought"]
    sensitivity = {"rice": 0.35, "sugarcane": 0.6}
    ctx.drought_truth = {}
    for i, f in enumerate(ctx.fields):
        if f.kind != "crop" or dmean[i] < dthr:
            continue
        for s in f.seasons:
            end = s["harvest"] if s["harvest"] is not None else s["sen"] + 20
            if s["g"] - 15 > dw1 or end < dw0:
                continue
            sens = 0.5 if s["crop"] in TREES else sensitivity.get(s["crop"], 1.0)
            s["drought"] = float(np.clip(dsev * sens * rng.uniform(0.8, 1.2), 0, 0.6))
            if i < n and s["drought"] >= 0.15 and i not in ctx.drought_truth:
                ctx.drought_truth[i] = (max(dw0, int(s["g"] - 15)), min(dw1, int(end)), s["drought"])


def plan_flood(ctx, rng):
    """Low ground: the flood level is set so that a share of the sampled parcels (6-9%) has
    30% or more of its area under water; neighbours in the same hollow flood too."""
    fid, F, n = ctx.fid, ctx.F, ctx.n
    fnoise = smooth_noise(rng, (ctx.H, ctx.W), 25, coarse=4)
    target = rng.uniform(0.06, 0.09)
    lo, hi = float(fnoise.min()), float(fnoise.max())
    for _ in range(30):
        fthr = 0.5 * (lo + hi)
        depth = np.clip((fnoise - fthr) / 0.5 + 0.5, 0, 1)
        flooded_frac = np.bincount(fid.ravel(), weights=(depth > 0.3).ravel(), minlength=F) / np.maximum(ctx.cnt, 1)
        if np.mean(flooded_frac[:n] >= 0.3) > target:
            lo = fthr
        else:
            hi = fthr
    ctx.fl0, ctx.fl1 = ctx.year["flood"]
    ctx.fl0 += int(rng.integers(-2, 3))
    ctx.fl1 += int(rng.integers(-3, 6))
    depth *= ~ctx.road  # raised roads stay dry
    ctx.depth, ctx.flooded_frac = depth, flooded_frac


def plan_pest(ctx, rng):
    """Pest, disease or hail: a sudden mid-season loss on a patch of the field."""
    ctx.pest = {}
    for i, f in enumerate(ctx.fields):
        if f.kind != "crop":
            continue
        if rng.random() < (0.10 if i < ctx.n else 0.04):
            cand = [s for s in f.seasons if s["crop"] not in ("tea",)]
            if not cand:
                continue
            s = cand[int(rng.integers(0, len(cand)))]
            lo, hi = s["g"] + 0.35 * (s["sen"] - s["g"]), s["sen"] - 8
            if hi - lo < 5:
                continue
            d = rng.uniform(lo, hi)
            ctx.pest[i] = dict(day=d, dur=rng.uniform(2, 10), dmg=rng.uniform(0.4, 0.8),
                               patch=rng.uniform(0.35, 1.0), recover=rng.uniform(0, 0.15))
    pnoise = smooth_noise(rng, (ctx.H, ctx.W), 4, coarse=1)
    pquant = np.zeros(ctx.F)
    for i, p in ctx.pest.items():
        vals = pnoise[ctx.fid == i]
        if len(vals):
            pquant[i] = np.quantile(vals, p["patch"])
    ctx.pmask = pnoise <= pquant[ctx.fid]


def daily_components(ctx, rng):
    """Per-field daily fractions, per-season canopy spectra, flood damage and pixel textures."""
    F, fields, fid = ctx.F, ctx.fields, ctx.fid
    series = [field_series(f, ctx.year, ctx.region) if f.kind in ("crop", "fallow") else None for f in fields]
    comp = {k: np.zeros((F, NDAYS)) for k in ["c", "gam", "res", "water", "char", "flower", "weeds", "wet"]}
    comp["sidx"] = np.zeros((F, NDAYS), int)
    green = np.zeros((F, 2, 7))
    for i, (f, s) in enumerate(zip(fields, series)):
        if s is None:
            green[i] = GREEN["tree"]
            if f.kind == "trees":
                comp["c"][i] = 0.75
                comp["gam"][i] = 0.95
            continue
        for k in comp:
            comp[k][i] = s[k]
        if f.kind == "crop":
            green[i, 0] = f.seasons[0]["green"]
            green[i, 1] = f.seasons[-1]["green"]
        else:
            green[i] = f.green
    ctx.comp, ctx.green = comp, green
    ctx.flood_dmg = np.zeros(F)
    for i, f in enumerate(fields):
        if f.kind == "crop" and ctx.flooded_frac[i] > 0.2:
            ctx.flood_dmg[i] = rng.uniform(0.1, 0.6) * (0.4 if f.seasons[0]["crop"] == "rice" else 1.0)
    ctx.post_flood = np.clip((np.arange(FIRST, LAST + 1) - ctx.fl1) / 10.0, 0, 1)
    ctx.soil_tex = smooth_noise(rng, (ctx.H, ctx.W), 6, coarse=2)
    ctx.het_c = smooth_noise(rng, (ctx.H, ctx.W), 3, coarse=1)
    ctx.soil_bright = np.array([f.bright for f in fields])[fid] * (1 + 0.05 * ctx.soil_tex)
    ctx.hetf = np.array([f.het for f in fields])[fid]
    ctx.illum = np.array([f.illum for f in fields])[fid]
    ctx.is_village = np.array([f.kind == "village" for f in fields])[fid]
    ctx.dry_zone = np.array([max([s.get("drought", 0) for s in f.seasons], default=0) if f.kind == "crop" else 0
                             for f in fields])


def geodesic_area(ring, wgs):
    """Area on the WGS 84 ellipsoid: the polygon in a Lambert equal-area projection centred on it."""
    clon = sum(p[0] for p in ring[:-1]) / (len(ring) - 1)
    clat = sum(p[1] for p in ring[:-1]) / (len(ring) - 1)
    area_sr = osr.SpatialReference()
    area_sr.ImportFromProj4("+proj=laea +lat_0=%.8f +lon_0=%.8f +ellps=WGS84 +units=m +no_defs" % (clat, clon))
    area_sr.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    g = ogr.CreateGeometryFromJson(json.dumps({"type": "Polygon", "coordinates": [ring]}))
    g.Transform(osr.CoordinateTransformation(wgs, area_sr))
    return g.GetArea()


def day_str(d):
    return str(DAY0 + dt.timedelta(int(d)))


def parcel_truth(ctx, rng, args):
    """parcels.geojson features and truth.jsonl rows of the sampled parcels."""
    feats, truth = [], []
    for i in range(ctx.n):
        ll = [ctx.to_wgs.TransformPoint(x, y)[:2] for x, y in ctx.utm_polys[i]]
        ring = [[round(lo, 8), round(la, 8)] for lo, la in ll]
        ring.append(ring[0])
        a = geodesic_area(ring, ctx.wgs)
        pid = "%s%d-%03d" % (args.region, args.seed, i + 1)
        f = ctx.fields[i]
        hz = []
        if i in ctx.drought_truth:
            d0, d1, sev = ctx.drought_truth[i]
            hz.append(dict(type="drought", start=day_str(d0), end=day_str(d1), severity=round(sev, 3)))
        if ctx.flooded_frac[i] >= 0.3:
            hz.append(dict(type="flood", start=day_str(ctx.fl0), end=day_str(ctx.fl1),
                           flooded_share=round(float(ctx.flooded_frac[i]), 3)))
        if i in ctx.pest:
            p = ctx.pest[i]
            hz.append(dict(type="pest", start=day_str(p["day"]), end=day_str(p["day"] + p["dur"]),
                           patch_share=round(p["patch"], 3), loss=round(p["dmg"], 3)))
        yf = 0.0
        stress = 1.0
        dz = ctx.dry_zone[i]
        if f.kind == "crop":
            yf = f.peak_scale * (1 - dz) * (1 - ctx.flood_dmg[i] * ctx.flooded_frac[i])
            if i in ctx.pest:
                p = ctx.pest[i]
                yf *= 1 - p["dmg"] * p["patch"] * (1 - p["recover"])
            stress = 1.0 if (f.peak_scale >= 0.97 and dz == 0) else round(f.peak_scale * (1 - dz), 3)
        systems = ctx.systems
        declared = ctx.truth_sys[i] if rng.random() < 0.88 else systems[int(rng.integers(0, len(systems)))]
        props = dict(parcel_id=pid, system=ctx.truth_sys[i], declared_system=declared,
                     declared_area_mu=round(a / 666.667 * rng.normal(1, 0.08), 1))
        feats.append(dict(type="Feature", properties=props, geometry=dict(type="Polygon", coordinates=[ring])))
        truth.append(dict(parcel_id=pid, system=ctx.truth_sys[i], area_m2=round(a, 3), area_mu=round(a / 666.667, 4),
                          hazards=hz, stress=stress, yield_factor=round(float(yf), 3),
                          intercrop=bool(getattr(f, "intercrop", None)), weeds=round(getattr(f, "weeds", 0), 3),
                          clear_obs=0, clear_obs_in_hazard={}))
    return feats, truth


def render_surface(ctx, a, wrng):
    """Surface reflectance of every 5 m cell on the acquisition's day (bands as BANDS)."""
    comp, fid, d = ctx.comp, ctx.fid, a["day"]
    j = d - FIRST
    c = comp["c"][:, j][fid] * np.clip(1 + ctx.hetf * ctx.het_c, 0.5, 1.5)
    gam = comp["gam"][:, j][fid]
    if ctx.pest:
        loss = np.zeros(ctx.F)
        for i, p in ctx.pest.items():
            x = np.clip((d - p["day"]) / p["dur"], 0, 1)
            rec = p["recover"] * np.clip((d - p["day"] - p["dur"]) / 20, 0, 1)
            loss[i] = p["dmg"] * x * (1 - rec)
        c = c * (1 - loss[fid] * ctx.pmask)
    fl0, fl1, depth = ctx.fl0, ctx.fl1, ctx.depth
    fl_active = 1.0 if fl0 <= d <= fl1 else 0.0
    if d > fl1:
        c = c * (1 - ctx.flood_dmg[fid] * ctx.post_flood[j] * (depth > 0.3))
    c = np.clip(c, 0, 0.98)
    water = comp["water"][:, j][fid] * (1 - c)
    fw = fl_active * depth * wrng.uniform(0.75, 0.95)
    water = np.maximum(water, fw * (1 - 0.7 * c))
    res = comp["res"][:, j][fid]
    char = comp["char"][:, j][fid]
    flw = comp["flower"][:, j][fid] * c
    weed = comp["weeds"][:, j][fid]
    m = np.clip(ctx.year["wet"][j] * 0.7 + comp["wet"][:, j][fid] + (0.6 if fl0 <= d <= fl1 + 12 else 0) * depth
                - 0.3 * ctx.dry_zone[fid], 0, 1)
    soil = ctx.soil_mean[None, None, :] * ctx.soil_bright[..., None]
    soil = soil * (1 - m[..., None] * np.array([0.30, 0.30, 0.30, 0.30, 0.30, 0.42, 0.45]))
    gday = ctx.green[np.arange(ctx.F), comp["sidx"][:, j]]
    veg = gam[..., None] * gday[fid] + (1 - gam[..., None]) * DRY
    total = c + res + char + weed + water
    scale = np.where(total > 1, 1 / np.maximum(total, 1e-9), 1.0)
    c, res, char, weed, water = c * scale, res * scale, char * scale, weed * scale, water * scale
    bare = np.clip(1 - c - res - char - weed - water, 0, 1)
    refl = (c - flw)[..., None] * veg + flw[..., None] * FLOWER + res[..., None] * DRY + char[..., None] * CHAR \
        + weed[..., None] * GREEN["weed"] + water[..., None] * WATER + bare[..., None] * soil
    refl = np.where(ctx.road[..., None], ROAD, refl)
    refl = np.where(ctx.is_village[..., None], VILLAGE * ctx.soil_bright[..., None] * 0.5 + refl * 0.5, refl)
    refl = refl * ctx.illum[..., None]
    snowf = np.zeros((ctx.H, ctx.W))
    if d in ctx.year["snow"] and a["sensor"] == "S2":
        snowf = np.clip(0.9 - 0.8 * c + 0.1 * ctx.soil_tex, 0, 1)
        refl = refl * (1 - snowf[..., None]) + snowf[..., None] * SNOW
    return refl, snowf, water


def render_atmosphere(ctx, a, wrng, refl):
    """Top-of-canopy to observed: soft-edged clouds, their shadows, haze and calibration."""
    H, W, j = ctx.H, ctx.W, a["day"] - FIRST
    cov = ctx.year["cloud"][j]
    cn = smooth_noise(wrng, (H, W), wrng.uniform(40, 160), coarse=8)
    thr = np.quantile(cn, 1 - cov) if cov > 0.005 else 99
    soft = wrng.uniform(0.15, 0.5)
    tcl = np.clip((cn - thr) / soft, 0, 1) ** 0.8
    shift = int(wrng.uniform(40, 250) / SUB)
    # sun in the south-east at overpass: shadows fall north-west of their clouds
    tsh = np.roll(np.roll(tcl, -shift, axis=0), -shift, axis=1)
    tsh = np.clip(tsh - tcl, 0, 1)
    hz = ctx.year["haze"][j] * np.clip(1 + 0.6 * smooth_noise(wrng, (H, W), 80, coarse=8), 0, 2)
    app = refl * (1 - tsh[..., None] * (1 - SHADOW_KEEP))
    app = app + hz[..., None] * HAZE
    cloud_spec = CLOUD * wrng.uniform(0.8, 1.2)
    app = app * (1 - tcl[..., None]) + tcl[..., None] * cloud_spec
    # sensor gains, and a per-date residual of the atmospheric correction
    app = app * ctx.year["gains"][a["sat"]] * wrng.normal(1, 0.012)
    return app, tcl, tsh, hz


def resample(ctx, a, drng, stack, bbox_ll):
    """Warps the 5 m stack to the item's grid (zone, resolution), shifted by a misregistration."""
    src = gdal.GetDriverByName("MEM").Create("", ctx.W, ctx.H, stack.shape[2], gdal.GDT_Float32)
    mis = drng.normal(0, 0.25 * a["res"], 2)
    mis = np.clip(mis, -0.6 * a["res"], 0.6 * a["res"])
    gt = ctx.gt
    src.SetGeoTransform((gt[0] + mis[0], SUB, 0, gt[3] + mis[1], 0, -SUB))
    src.SetProjection(ctx.utm.ExportToWkt())
    for b in range(stack.shape[2]):
        src.GetRasterBand(b + 1).WriteArray(stack[:, :, b])
    dst_sr = osr.SpatialReference()
    dst_sr.ImportFromEPSG(a["epsg"])
    dst_sr.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ct = osr.CoordinateTransformation(ctx.wgs, dst_sr)
    pts = [ct.TransformPoint(lo, la)[:2] for lo, la in bbox_ll]
    res_m = a["res"]
    pad = 80
    x0 = math.floor((min(p[0] for p in pts) - pad) / res_m) * res_m
    x1 = math.ceil((max(p[0] for p in pts) + pad) / res_m) * res_m
    y0 = math.floor((min(p[1] for p in pts) - pad) / res_m) * res_m
    y1 = math.ceil((max(p[1] for p in pts) + pad) / res_m) * res_m
    warped = gdal.Warp("", src, format="MEM", dstSRS=dst_sr.ExportToWkt(), outputBounds=(x0, y0, x1, y1),
                       xRes=res_m, yRes=res_m, resampleAlg="average", srcNodata=None, dstNodata=None)
    return warped.ReadAsArray().astype(np.float64), warped.GetGeoTransform(), dst_sr


def sensor_values(a, drng, arr):
    """Noise, the sensor's bands and response, quantisation, orbit-edge no-data, and SCL."""
    refl_o = arr[:7]
    tc, ts, hzz, sn, wa = arr[7], arr[8], arr[9], arr[10], arr[11]
    noise_sd = 0.0025 + 0.01 * refl_o
    refl_o = refl_o + drng.standard_normal(refl_o.shape) * noise_sd
    names = list(BANDS)
    if a["sensor"] == "L8":
        names = [b for b in BANDS if b != "B05"]
        refl_o = np.stack([refl_o[BANDS.index(b)] * OLI[b][0] + OLI[b][1] for b in names])
    dn = np.clip(np.round(refl_o * 10000), 1, 65535).astype(np.uint16)
    nodata = np.zeros(dn.shape[1:], bool)
    if drng.random() < 0.06:
        rr, cc = np.mgrid[0:dn.shape[1], 0:dn.shape[2]]
        k = drng.uniform(-1, 1)
        nodata = (cc - k * rr) < drng.uniform(0.1, 0.6) * dn.shape[2]
    dn[:, nodata] = 0
    scl = scene_classification(refl_o, names, tc, ts, hzz, sn, wa, a, drng)
    scl[nodata] = 0
    return names, dn, scl, nodata, tc


def write_item(ctx, a, drng, names, dn, scl, nodata, tc, dgt, dst_sr, bbox_ll):
    date = DAY0 + dt.timedelta(int(a["day"]))
    res_m = a["res"]
    iid = "%s_%s%s_%s" % (date.strftime("%Y%m%d"), a["sat"], "_%d" % a["epsg"] if ctx.region["dup_zone"] else "",
                           "%dm" % res_m)
    assets = {}
    for b, name in enumerate(names):
        path = os.path.join(ctx.out, "scenes", "%s_%s.tif" % (iid, name))
        write_tif(path, dn[b], dgt, dst_sr, gdal.GDT_UInt16)
        assets[name] = dict(href="../scenes/%s_%s.tif" % (iid, name), type="image/tiff; application=geotiff",
                            roles=["data"])
    if a["sensor"] == "S2" or drng.random() < 0.5:
        path = os.path.join(ctx.out, "scenes", "%s_SCL.tif" % iid)
        write_tif(path, scl, dgt, dst_sr, gdal.GDT_Byte)
        assets["SCL"] = dict(href="../scenes/%s_SCL.tif" % iid, type="image/tiff; application=geotiff",
                             roles=["data"])
    hour = 10.5 - ctx.lon0 / 15.0 - (0.3 if a["sensor"] == "L8" else 0)
    when = dt.datetime.combine(date, dt.time(0)) + dt.timedelta(hours=hour, seconds=int(drng.integers(0, 60)))
    cc_pct = float(np.mean((tc > 0.3)[~nodata]) * 100) if (~nodata).any() else 100.0
    lons, lats = [p[0] for p in bbox_ll], [p[1] for p in bbox_ll]
    item = dict(type="Feature", stac_version="1.0.0", id=iid,
                stac_extensions=["https://stac-extensions.github.io/projection/v1.1.0/schema.json",
                                 "https://stac-extensions.github.io/eo/v1.1.0/schema.json"],
                geometry=dict(type="Polygon", coordinates=[[[min(lons), min(lats)], [max(lons), min(lats)],
                                                            [max(lons), max(lats)], [min(lons), max(lats)],
                                                            [min(lons), min(lats)]]]),
                bbox=[min(lons), min(lats), max(lons), max(lats)],
                properties={"datetime": when.strftime("%Y-%m-%dT%H:%M:%SZ"), "proj:epsg": a["epsg"],
                            "proj:shape": [dn.shape[1], dn.shape[2]], "proj:transform": list(dgt),
                            "platform": a["sat"] + "-like", "gsd": res_m,
                            "eo:cloud_cover": round(cc_pct, 1)},
                links=[dict(rel="root", href="../catalog.json"), dict(rel="parent", href="../catalog.json")],
                assets=assets)
    with open(os.path.join(ctx.out, "items", iid + ".json"), "w") as fo:
        json.dump(item, fo, indent=1)
    return iid


def count_clear(ctx, a, truth, tcl, tsh):
    """Truth side: items on which a parcel was mostly free of cloud and shadow."""
    date = str(DAY0 + dt.timedelta(int(a["day"])))
    clear = ((tcl < 0.15) & (tsh < 0.15)).ravel()
    cfrac = np.bincount(ctx.fid.ravel(), weights=clear, minlength=ctx.F)[:ctx.n] / np.maximum(ctx.cnt[:ctx.n], 1)
    for i in np.nonzero(cfrac >= 0.6)[0]:
        t = truth[i]
        t["clear_obs"] += 1
        for h in t["hazards"]:
            if h["start"] <= date <= h["end"]:
                t["clear_obs_in_hazard"][h["type"]] = t["clear_obs_in_hazard"].get(h["type"], 0) + 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--region", required=True, choices=sorted(REGIONS))
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--parcels", type=int, default=210)
    args = ap.parse_args()
    ctx = Ctx()
    ctx.region = region = REGIONS[args.region]
    ctx.crops = load_crops()
    ctx.systems = list(ctx.crops)
    ctx.year = region_year(region, np.random.default_rng(REGION_SEED[args.region]))
    rng = np.random.default_rng(args.seed * 7919 + REGION_SEED[args.region])
    ctx.soil_mean = np.array(region["soil"])
    ctx.out = out = args.out
    os.makedirs(os.path.join(out, "items"), exist_ok=True)
    os.makedirs(os.path.join(out, "scenes"), exist_ok=True)
    ctx.n = n = args.parcels
    ctx.truth_sys = draw_systems(ctx.systems, n, rng)
    polys, rows, ctx.width, ctx.height = layout(region, n, rng)
    master_frame(ctx, rng)
    background_ids(ctx, rows)
    rasterize_parcels(ctx, polys)
    plan_all_fields(ctx, rng)
    plan_drought(ctx, rng)
    plan_flood(ctx, rng)
    plan_pest(ctx, rng)
    daily_components(ctx, rng)
    feats, truth = parcel_truth(ctx, rng, args)

    bbox_xy = np.array([p for pts in ctx.utm_polys for p in pts])
    bbox_ll = [ctx.to_wgs.TransformPoint(float(x), float(y))[:2] for x, y in bbox_xy]
    items = []
    for a in ctx.year["acq"]:
        j = a["day"] - FIRST
        drng = np.random.default_rng(args.seed * 100003 + j * 7 + (a["epsg"] % 7) + (0 if a["sensor"] == "S2" else 50000))
        wrng = np.random.default_rng(args.seed * 1000003 + j)  # same clouds for both zones' tiles
        refl, snowf, water = render_surface(ctx, a, wrng)
        app, tcl, tsh, hz = render_atmosphere(ctx, a, wrng, refl)
        stack = np.concatenate([app, tcl[..., None], tsh[..., None], hz[..., None], snowf[..., None],
                                water[..., None]], axis=2).astype(np.float32)
        arr, dgt, dst_sr = resample(ctx, a, drng, stack, bbox_ll)
        names, dn, scl, nodata, tc = sensor_values(a, drng, arr)
        items.append(write_item(ctx, a, drng, names, dn, scl, nodata, tc, dgt, dst_sr, bbox_ll))
        if not a.get("dup"):
            count_clear(ctx, a, truth, tcl, tsh)
    cat = dict(type="Catalog", stac_version="1.0.0", id="clean-room-%s-%d" % (args.region, args.seed),
               description="Clean-room generated scenes, region %s (%s), seed %d" % (args.region, region["name"], args.seed),
               links=[dict(rel="root", href="./catalog.json")] +
                     [dict(rel="item", href="./items/%s.json" % iid, type="application/json") for iid in items])
    with open(os.path.join(out, "catalog.json"), "w") as fo:
        json.dump(cat, fo, indent=1)
    with open(os.path.join(out, "parcels.geojson"), "w") as fo:
        json.dump(dict(type="FeatureCollection", features=feats), fo)
    with open(os.path.join(out, "truth.jsonl"), "w") as fo:
        for t in truth:
            fo.write(json.dumps(t) + "\n")
    nh = sum(1 for t in truth if t["hazards"])
    print("%s: %d parcels (%d with a hazard), %d items, extent %.0f x %.0f m" %
          (out, n, nh, len(items), ctx.width, ctx.height), file=sys.stderr)


def scene_classification(refl, names, tc, ts, hz, sn, wa, a, rng):
    """An imperfect L2A-style scene classification, computed at 20 m for Sentinel-2-like items
    (as the real SCL is) and at the native grid otherwise, with misses and false alarms."""
    b = {n: refl[i] for i, n in enumerate(names)}
    ndvi = (b["B08"] - b["B04"]) / np.maximum(b["B08"] + b["B04"], 1e-6)
    ndwi = (b["B03"] - b["B08"]) / np.maximum(b["B03"] + b["B08"], 1e-6)
    scl = np.where(ndvi > 0.3, 4, 5).astype(np.uint8)
    scl[(ndwi > 0.05) & (b["B08"] < 0.15)] = 6
    thr = rng.uniform(0.25, 0.5)
    shadow_found = rng.uniform(0.3, 0.9)
    detect = rng.random(ts.shape) < shadow_found
    scl[(ts > 0.35) & detect & (b["B08"] < 0.2)] = 3
    scl[sn > 0.5] = 11
    if rng.random() < 0.7:
        scl[(hz > 0.35) & (tc < thr)] = 10
    scl[tc > thr] = 8
    scl[tc > 0.75] = 9
    bright = b["B02"] > rng.uniform(0.13, 0.3)  # bright roofs/soil/haze taken for cloud
    scl[bright & (tc <= thr)] = 8
    if a["sensor"] == "S2" and a["res"] == 10:
        h, w = scl.shape
        coarse = scl[: h - h % 2, : w - w % 2][::2, ::2]
        up = np.repeat(np.repeat(coarse, 2, 0), 2, 1)
        out = scl.copy()
        out[: up.shape[0], : up.shape[1]] = up
        scl = out
    return scl


def write_tif(path, arr, gt, sr, dtype):
    drv = gdal.GetDriverByName("GTiff")
    ds = drv.Create(path, arr.shape[1], arr.shape[0], 1, dtype, options=["COMPRESS=DEFLATE", "PREDICTOR=2"])
    ds.SetGeoTransform(gt)
    ds.SetProjection(sr.ExportToWkt())
    band = ds.GetRasterBand(1)
    band.WriteArray(arr)
    band.SetNoDataValue(0)
    ds = None


if __name__ == "__main__":
    main()
