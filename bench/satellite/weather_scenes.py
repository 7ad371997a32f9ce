#!/usr/bin/env python3
"""weather_scenes.py - weather-driven synthetic Sentinel-2 L2A scenes (Aviary generator 5).

What it models
  Place and year (--region-seed): latitude 22-45 N, longitude, elevation; a climate normal
  (temperature mean and amplitude from latitude and elevation, a monsoon rain peak moving
  from late May in the south to August in the north) and this year's weather: autocorrelated
  temperature anomalies with warm/cold spells, Markov-chain rain with dry and wet spells,
  snow, Hargreaves evapotranspiration. Also the regional crop-calendar shift (+-30 days),
  the soil line, the irrigation share, the Sentinel-2 platforms flying that year and their
  calibration gains, the relative orbits, the acquisition dates and each date's sky.
  Fields (--seed): road-bounded blocks (villages, fish ponds, greenhouses, woods, tree rows
  along roads) cut into convex fields with slanted edges, some L-shaped; 0.3-300 mu parcels
  (log-uniform) rasterised on a 2 m grid and averaged to 10 m, so edge pixels mix paths,
  roads, trees, roofs and unsampled neighbour fields. Each field has its crop, sowing date,
  variety, vigour, soil brightness, water-holding capacity, irrigation, patchiness and fate.
  Crops: crops.csv dates become thermal-time (degree-day) milestones under the region's
  normal climate; a daily model then grows green leaf area (logistic in thermal time, slowed
  by a soil-water bucket), browns it in senescence at a field-specific accelerating rate,
  harvests at maturity on a dry day, leaves stubble and straw, regrows weeds or ratoons.
  Winter crops are sown the previous autumn and over-winter; orchards leaf out after enough
  warmth and drop their leaves; second seasons are sown after the first harvest; spring
  sowing waits for warm dry days. So a cold April delays spring crops, not summer ones.
  Reflectance: a semi-empirical canopy model - band-specific extinction of leaf area over a
  background of soil (darker when wet), straw, paddy or flood water, snow - with leaf colour
  from chlorophyll (nutrients, senescence, water stress), brown leaves, crops.csv
  swir_factor on the leaf's SWIR, crop-specific NIR scattering and clumping.
  Sensor and atmosphere: per-platform gains, BRDF (sun zenith over the year, view angle
  across the swath), residual aerosol, thin cirrus, soft-edged clouds with shadows displaced
  along the sun azimuth, swath-edge no-data, 0.2-1 pixel mis-registration, the 20 m bands
  (B05, B11, B12) aggregated and put back on the item's single 10 m grid, SCL at 20 m with
  misses and false alarms.
  Hazards (--hazard-share of parcels, split evenly between flood, drought and pest) are
  named in truth.jsonl only when crops.md's definitions hold on the simulated parcel
  (flood: MNDWI > 0 on two consecutive clear looks outside the rice flooding window;
  drought: peak and integral well below normal; pest/hail: NDVI drop > 0.15 within 10 days,
  no recovery); an event that fails its definition counts as non-hazard stress.

Usage
  /usr/bin/python3 weather_scenes.py --out DIR --seed N --region-seed R [--parcels 210]
      [--dates 48] [--hazard-share 0.1] [--spec DIR]
  --spec (or AVIARY_SPEC) is the folder of crops.csv; by default ../shared/spec beside the
  repository.
  Writes DIR/catalog.json, DIR/items/*.json, DIR/scenes/*.tif, DIR/parcels.geojson,
  DIR/truth.jsonl and DIR/region.json (the place and the year's weather). The same
  arguments give byte-identical output.
"""
import argparse
import csv
import datetime
import json
import math
import os
import sys
import time
from types import SimpleNamespace

import numpy as np
from osgeo import gdal, ogr, osr
from scipy import ndimage, signal

gdal.UseExceptions()
BANDS = ["B02", "B03", "B04", "B05", "B08", "B11", "B12"]
MU = 666.6667
OFF = 122     # the simulation starts on 1 September of the previous year (day index 0)
F = 5         # 2 m fine grid: 5 x 5 cells per 10 m pixel
EPS = 1.5     # development units per day a little below the base temperature (none in deep cold)
KEXT = np.array([0.75, 0.62, 0.80, 0.58, 0.36, 0.50, 0.60])      # extinction per unit leaf area
CHL = np.array([0.3, 0.9, 1.6, 0.7, 0.0, 0.0, 0.0])              # response to chlorophyll loss
BROWN = np.array([0.08, 0.12, 0.17, 0.22, 0.30, 0.38, 0.30])     # senescent leaves, stubble
RESIDUE = np.array([0.10, 0.14, 0.18, 0.22, 0.28, 0.36, 0.30])   # straw lying on the soil
WETDARK = np.array([0.38, 0.38, 0.38, 0.36, 0.34, 0.50, 0.55])   # soil darkening when wet
SILT = np.array([0.05, 0.07, 0.06, 0.045, 0.025, 0.004, 0.003])  # turbid flood water
SNOW = np.array([0.90, 0.88, 0.85, 0.82, 0.74, 0.10, 0.08])
CIRRUS = np.array([0.45, 0.45, 0.45, 0.45, 0.45, 0.30, 0.25])
REDNESS = np.array([-0.10, -0.05, 0.10, 0.08, 0.0, 0.02, 0.04])  # iron-rich southern soils
HAZE = np.array([1.0, 0.75, 0.55, 0.45, 0.30, 0.08, 0.04])       # aerosol path, by band
BRDF_V = np.array([0.50, 0.50, 0.55, 0.50, 0.35, 0.45, 0.50])    # back/forward scatter
BRDF_S = np.array([-0.08, -0.08, -0.10, -0.06, 0.05, -0.05, -0.06])  # sun zenith
STATIC = {"asphalt": [0.08, 0.09, 0.10, 0.11, 0.13, 0.15, 0.14], "concrete": [0.18, 0.20, 0.21, 0.22, 0.24, 0.27, 0.25],
          "roof_grey": [0.16, 0.18, 0.19, 0.20, 0.22, 0.25, 0.23], "roof_blue": [.16, .13, .09, .09, .10, .10, .09],
          "roof_red": [0.08, 0.10, 0.17, 0.20, 0.25, 0.28, 0.24], "plastic": [0.17, 0.19, 0.19, 0.21, 0.30, 0.26, 0.20],
          "pond": [0.06, 0.06, 0.04, 0.03, 0.02, 0.006, 0.004], "pond_algae": [.05, .08, .05, .06, .05, .01, .01]}
GAINS = {"S2A": [1.000, 1.000, 1.000, 1.000, 1.000, 1.000, 1.000],
         "S2B": [1.012, 1.018, 1.010, 1.022, 0.990, 1.013, 1.025],
         "S2C": [0.982, 0.988, 0.978, 0.992, 1.021, 0.985, 0.975]}
# crop type: base and cap temperature (C), NIR scattering, chlorophyll, clumping, straw cover after harvest,
# stubble leaf area, woody or litter area (perennials)
TRAITS = [("sweet potato", 12, 33, 1.10, 1.00, 0.90, 0.10, 0.10, 0), ("rice", 10, 32, 0.97, 0.95, 0.90, 0.45, 0.50, 0),
          ("wheat", 0, 26, 0.95, 1.00, 0.95, 0.60, 0.60, 0), ("maize", 10, 32, 1.00, 1.10, 0.85, 0.50, 0.80, 0),
          ("rapeseed", 3, 25, 1.05, 0.90, 0.90, 0.35, 0.50, 0), ("soybean", 10, 32, 1.12, 1.00, 0.85, 0.20, 0.30, 0),
          ("peanut", 12, 33, 1.10, 1.00, 0.85, 0.15, 0.20, 0), ("cotton", 12, 34, 1.10, 0.95, 0.80, 0.25, 0.70, 0),
          ("potato", 5, 26, 1.15, 1.00, 0.85, 0.05, 0.10, 0), ("sorghum", 10, 34, 1.00, 1.05, 0.85, 0.50, 0.80, 0),
          ("millet", 10, 33, 0.97, 1.00, 0.90, 0.40, 0.60, 0), ("tobacco", 10, 32, 1.12, 0.85, 0.80, 0.10, 0.40, 0),
          ("sugarcane", 12, 35, 1.00, 1.05, 0.90, 0.60, 0.50, 0), ("apple", 5, 30, 0.92, 1.00, 0.60, 0, 0, 0.6),
          ("kiwifruit", 7, 30, 0.95, 1.05, 0.65, 0, 0, 0.5), ("citrus", 10, 32, 0.90, 1.10, 0.70, 0, 0, 0.3),
          ("tea", 10, 30, 0.92, 1.15, 0.85, 0, 0, 0.2), ("vineyard", 10, 32, 0.95, 1.00, 0.50, 0, 0, 0.4),
          ("fallow", 5, 30, 0.95, 0.90, 1.00, 0, 0, 0.35), ("grass", 5, 30, 0.95, 0.95, 1.00, 0, 0, 0.3),
          ("trees", 5, 30, 0.92, 1.00, 0.80, 0, 0, 0.8)]
COLS = dict(pre="pre_ndvi", peak="peak_ndvi", post="post_ndvi", fs="flood_start_doy", gu="greenup_doy",
            rise="rise_rate", sen="senescence_doy", fall="fall_rate", hv="harvest_doy", swir="swir_factor",
            yld="yield_kg_per_mu", price="price_cny_per_kg")
PSEUDO = [dict(system="_grass", season=1, name="grass", pre=0.28, peak=0.60, post=0.28, fs=None, gu=100, rise=0.07,
               sen=285, fall=0.05, hv=None, swir=1.0, yld=0, price=0),       # verges, paths, field ridges
          dict(system="_trees", season=1, name="trees", pre=0.32, peak=0.82, post=0.32, fs=None, gu=110, rise=0.10,
               sen=295, fall=0.08, hv=None, swir=0.95, yld=0, price=0)]      # poplar rows, woods, courtyards
OPT = {}


def load_spec(spec):
    rows = []
    with open(os.path.join(spec, "crops.csv"), encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            row = {k: float(r[c]) if r[c].strip() else None for k, c in COLS.items()}
            rows.append(dict(row, system=r["system"], season=int(r["season"]), name=r["name_en"]))
    with open(os.path.join(spec, "spectra.csv"), encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            OPT[r["endmember"]] = np.array([float(r[b]) for b in BANDS])
    systems = list(dict.fromkeys(r["system"] for r in rows))
    rows += [dict(p) for p in PSEUDO]
    for k, r in enumerate(rows):
        r["idx"], r["tr"] = k, next(t[1:] for t in TRAITS if t[0] in r["name"].split(" (")[0])
        r["kind"] = ("perennial" if r["hv"] is None else "rice" if r["fs"] is not None else
                     "overwinter" if r["season"] == 1 and r["pre"] >= 0.25 and r["gu"] < 100 else
                     "ratoon" if r["pre"] >= 0.25 else "annual")
    return rows, systems


def dev_rate(T, tb, tc):
    """Daily development units: degree-days between base and cap, plus a little when near the base."""
    return np.clip(T - tb, 0, tc - tb) + EPS * np.clip((T - tb + 6) / 6, 0, 1)


# ----------------------------------------------------------------------------- optics
def surface(G, B, R, fw, turb, wet, chi, snow, nir, swir, om, soil):
    """Reflectance (7, n) of a canopy of green G and brown B leaf area over its background."""
    G, B, R, fw, turb, wet, chi, snow, nir, swir, om = np.broadcast_arrays(
        *[np.atleast_1d(np.asarray(x, float)) for x in (G, B, R, fw, turb, wet, chi, snow, nir, swir, om)])
    c = lambda v: v[:, None]  # noqa: E731
    g = soil * (1 - c(WETDARK) * wet)
    g = g + R * (c(RESIDUE) - g)
    g = g + fw * (c(OPT["water"]) + turb * c(SILT) - g)
    g = g + snow * (c(SNOW) - g)
    leaf = c(OPT["vegetation"]) * np.exp(c(CHL) * (1 - chi))
    leaf[4] *= nir
    leaf[5:] *= swir
    L = G + B
    rinf = (G * leaf + B * c(BROWN)) / np.maximum(L, 1e-6)
    return rinf + (g - rinf) * np.exp(-c(KEXT) * om * L)


def ndvi(r):
    return (r[4] - r[2]) / (r[4] + r[2] + 1e-9)


def bisect(fn, target, lo=0.0, hi=9.0, n=34):
    for _ in range(n):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if fn(mid) < target else (lo, mid)
    return 0.5 * (lo + hi)


def smooth(rng, shape, sigma):
    x = ndimage.gaussian_filter(rng.standard_normal(shape), sigma, mode="wrap")
    return x / (x.std() + 1e-9)


# ----------------------------------------------------------------------------- region, weather, dates
def sun(lat, doy, hour=10.5):
    d = math.radians(23.44) * math.sin(2 * math.pi * (284 + doy) / 365)
    h, p = math.radians(15 * (hour - 12)), math.radians(lat)
    cz = math.sin(p) * math.sin(d) + math.cos(p) * math.cos(d) * math.cos(h)
    az = math.atan2(-math.sin(h) * math.cos(d), (math.sin(d) - math.sin(p) * cz) / math.cos(p))
    return math.acos(cz), az % (2 * math.pi)


def region(R, ndates):
    rng = np.random.default_rng([R, 11])
    lat, lon, elev = rng.uniform(22, 45), rng.uniform(103, 122), 10 + 1400 * rng.random() ** 2.5
    year = int(rng.choice([2023, 2024, 2025]))
    ndays = 366 if year % 4 == 0 else 365
    D = OFF + ndays
    j = np.arange(D) - OFF
    tann = 22.5 - 0.55 * (lat - 23) - 6.0 * elev / 1000 + rng.normal(0, 0.8)
    amp = 7.5 + 0.5 * (lat - 23) + rng.normal(0, 0.8)
    Tn = tann + amp * np.cos(2 * np.pi * (j - 199) / 365.25)
    anom = signal.lfilter([1], [1, -0.92], rng.normal(0, 2.0 * math.sqrt(1 - 0.92 ** 2), D))
    anom += rng.normal(0, 0.8) - anom.mean()
    spells, dry = [], []
    for _ in range(int(rng.integers(2, 6))):           # warm and cold spells
        c, L, a = rng.uniform(0, D), rng.uniform(8, 30), rng.normal(0, 3.5)
        anom += a * np.exp(-0.5 * ((np.arange(D) - c) / (L / 2.4)) ** 2)
        spells.append({"centre_doy": int(c - OFF + 1), "days": int(L), "deg_c": round(float(a), 1)})
    T = Tn + anom + rng.normal(0, 1.0, D)
    pann = float(np.clip(1750 - 55 * (lat - 23) + rng.normal(0, 150), 380, 2300))
    cen = 160 + 3.4 * (lat - 23) + rng.normal(0, 8)
    wid = max(22.0, 45 - 0.6 * (lat - 23) + rng.normal(0, 5))
    base = float(np.clip(0.38 - 0.011 * (lat - 23), 0.1, 0.45))
    g = np.exp(-0.5 * (((j - cen + 182.6) % 365.25 - 182.6) / wid) ** 2)
    m = pann * (base / 365 + (1 - base) * g / g[OFF:OFF + 365].sum())     # climatological mm/day
    mon = m / m.max()
    p = np.clip(0.12 + 0.5 * mon, 0.05, 0.75)
    f = np.exp(signal.lfilter([1], [1, -0.97], rng.normal(0, 0.4 * math.sqrt(1 - 0.97 ** 2), D)))
    for k in range(int(rng.poisson(1.3)) + int(rng.poisson(0.6))):   # dry (and a few wet) spells
        c, L = rng.uniform(OFF + 60, OFF + 280), rng.uniform(20, 60)
        fac = rng.uniform(0.05, 0.35) if k < 1 or rng.random() < 0.7 else rng.uniform(1.5, 2.5)
        f *= 1 + (fac - 1) * np.clip(1.2 - np.abs(np.arange(D) - c) / (L / 2), 0, 1)
        dry.append({"centre_doy": int(c - OFF + 1), "days": int(L), "rain_factor": round(float(fac), 2)})
    pe, amt = np.clip(p * f ** 0.8, 0.005, 0.9), m / p * f ** 0.3
    u, gam = rng.random(D), rng.gamma(0.75, 1.0, D) / 0.75
    wetd = np.zeros(D, bool)
    for t in range(1, D):                               # Markov chain of wet days
        p11 = pe[t] + 0.3 * (1 - pe[t])
        wetd[t] = u[t] < (p11 if wetd[t - 1] else pe[t] * (1 - p11) / (1 - pe[t]))
    P = np.where(wetd, gam * amt, 0.0)
    swe, snowc, win = 0.0, np.zeros(D), np.zeros(D)
    for t in range(D):                                  # snow pack; water reaching the soil
        liquid = P[t] if T[t] >= 0.5 else 0.0
        swe += P[t] - liquid
        melt = min(swe, max(0.0, 3.0 * T[t]) + 0.3)      # melt and sublimation
        swe -= melt
        win[t], snowc[t] = liquid + melt, min(1.0, swe / 12)
    doy, phi = j % 365 + 1, math.radians(lat)
    dlt = 0.409 * np.sin(2 * np.pi * doy / 365 - 1.39)
    ws = np.arccos(-math.tan(phi) * np.tan(dlt))
    ra = 37.6 * (1 + 0.033 * np.cos(2 * np.pi * doy / 365)) * (
        ws * math.sin(phi) * np.sin(dlt) + math.cos(phi) * np.cos(dlt) * np.sin(ws))
    pet = np.clip(0.0023 * 0.408 * ra * (T + 17.8) * np.sqrt(np.where(wetd, 5.0, 10.0)), 0, None)
    cloud = np.clip(0.35 * (P > 1) + 0.15 * (np.roll(P, 1) > 1) + 0.3 * mon - 0.05 + rng.normal(0, 0.18, D), 0, 1)
    aer = rng.uniform(0.05, 0.2) * (1 + 0.6 * np.cos(2 * np.pi * (j - 15) / 365)) * (1 + max(0, lat - 30) / 20)
    aer = aer * np.exp(rng.normal(0, 0.45, D)) * np.where(np.roll(P, 1) > 5, 0.5, 1)
    shift = int(np.clip(round(-3 * (tann - 15) + rng.normal(0, 6)), -30, 30))
    red = rng.uniform(0.5, 1.5) if lat < 31 else rng.uniform(0, 0.6)
    soil = OPT["soil"] * rng.uniform(0.7, 1.3) * (1 + red * REDNESS)
    soil[4] *= rng.uniform(0.88, 1.0)
    reg = dict(seed=R, lat=lat, lon=lon, elev=elev, year=year, D=D, Tn=Tn, T=T, P=P, win=win, snow=snowc, pet=pet,
               T5=np.convolve(T, np.ones(5) / 5)[:D], shift=shift, soil=soil, bucket=rng.uniform(0.7, 1.3),
               irr=rng.uniform(0.4, 0.8) if lat > 32 else rng.uniform(0.2, 0.5), vig=rng.uniform(0.97, 1.03),
               tann=tann, amp=amp, pann=pann, monsoon_doy=cen, spells=spells, dry=dry)
    # platforms, relative orbits (one, or two overlapping near the swath edges) and acquisition dates
    plats = [("S2A", 0, 1.0), ("S2B", 5, 1.0)] if year < 2025 else [("S2B", 5, 1.0), ("S2C", 0, 1.0), ("S2A", 3, 0.5)]
    phase, offa = int(rng.integers(0, 10)), rng.uniform(-140, 140)
    orbits = [(int(rng.integers(1, 144)), offa, 0)]
    if rng.random() < 0.35:
        offa = float(np.sign(offa) or 1) * rng.uniform(100, 140)
        orbits = [(orbits[0][0], offa, 0), (int(rng.integers(1, 144)), offa - np.sign(offa) * 230 * math.cos(phi), 3)]
    cands = [(d, name, orb, off) for name, ph, prob in plats for orb, off, lag in orbits
             for d in range((phase + ph + lag) % 10, ndays, 10) if rng.random() < prob]
    if rng.random() < 0.25:                             # a ground-segment outage
        o0, ol = rng.integers(30, ndays - 60), rng.integers(15, 30)
        kept = [c for c in cands if not o0 <= c[0] < o0 + ol]
        cands = kept if len(kept) >= ndates else cands
    cands.sort(key=lambda c: (c[0], c[1]))
    reg["acq"] = []
    for k in sorted(rng.choice(len(cands), size=min(ndates, len(cands)), replace=False)):
        d, name, orb, off = cands[k]
        z, az = sun(lat, d + 1)
        cc = float(cloud[OFF + d])
        reg["acq"].append(dict(
            i=OFF + d, plat=name, orbit=orb, off=off, sz=z, saz=az, cc=cc if cc > 0.04 else 0.0,
            stratus=cc > 0.6 or mon[OFF + d] > 0.7, cirrus=rng.uniform(0.02, 0.12) if rng.random() < 0.3 else 0.0,
            haze=float(np.clip(aer[OFF + d] * rng.uniform(0.3, 1.0) - 0.01, -0.03, 0.6)),
            hour=10.5 - lon / 15 + off / 7000,
            misreg=(rng.uniform(0.2, 1.0), rng.uniform(0, 2 * math.pi)), hcloud=rng.uniform(0.6, 2.5),
            sky_seed=int(rng.integers(1 << 30))))
    return reg


# ----------------------------------------------------------------------------- crop calendars
BARE = dict(mode=0, start=0, warm=False, twarm=-99.0, till=False, init_full=False, post=True, tb=5, tc=30, tau_e=1e9,
            g0=0.0, k=0.0, lmax=0.3, floor=0.0, bfloor=0.0, tau_sen=1e9, ks=0.0, tau_mat=1e9, acc=0.0, harvest=False,
            deadline=10 ** 6, drop=0.01, resid=0.0, stub=0.0, gpost=0.12, kpost=0.006, chi=0.95, nir=0.95, swir=1.0,
            om=1.0, rice=False, frost=False, season=0, row=-1, main=False, gap=0, tea=False, sen_day=10 ** 6,
            shed=False)
DEFAULT = dict(BARE, post=False, gpost=0.0, tau_e=0.0)


def calibrate(rows, reg):
    """Per crop row: leaf areas giving crops.csv's NDVI levels on this region's soil, and thermal-time
    milestones that reproduce crops.csv's dates in a normal year of this region. The regional calendar
    moves planting and green-up by the full shift, senescence and harvest by a third of it (a late
    spring is a short season), second seasons by that third."""
    soil, Tn, D, cums, lim = reg["soil"][:, None], reg["Tn"], reg["D"], {}, {}
    for r in rows:
        lim[r["system"]] = min(lim.get(r["system"], 30), 358 - (r["hv"] or r["sen"] + 30))
    for r in rows:
        sh_a = int(np.clip(round(0.35 * reg["shift"]), -30, lim[r["system"]]))
        sh_s = reg["shift"] if r["season"] == 1 else sh_a
        tb, tc, nir, chi, om, resid, stub, wai = r["tr"]
        nd = lambda G, B=0.0, R=0.0, fw=0.0: float(  # noqa: E731
            ndvi(surface(G, B, R, fw, 0, 0, chi, 0, nir, r["swir"], om, soil))[0])
        cum = cums.setdefault((tb, tc), np.concatenate([[0], np.cumsum(dev_rate(Tn, tb, tc))]))
        TT = lambda a, b: float(cum[min(max(b, 0), D)] - cum[min(max(a, 0), D)])  # noqa: E731
        rate = lambda a, b: max(TT(a, b) / max(1, b - a), 0.3)  # noqa: E731
        per, kind = r["kind"] == "perennial", r["kind"]
        bfl = wai if per else 0.0
        floor = bisect(lambda g: nd(g, bfl), r["pre"]) if per and r["pre"] > nd(0, bfl) + 0.01 else 0.0
        gpre = bisect(lambda g: nd(g, 0.15), r["pre"]) if kind in ("overwinter", "ratoon") else 0.0
        lmax = max(bisect(lambda g: nd(g, bfl + 0.1), r["peak"]), floor + 0.1)
        lg = max(bisect(lambda g: nd(g, bfl, 0, float(kind == "rice")), 0.5 * (r["pre"] + r["peak"])), floor + 0.05)
        ls = bisect(lambda g: nd(g, bfl + lmax - g), 0.5 * (r["peak"] + r["post"]), 0.0, lmax)
        gpost = 0.0 if per or r["post"] <= nd(0, stub, resid) + 0.01 else bisect(lambda g: nd(g, stub, resid),
                                                                                  r["post"])
        gpost = gpre if kind == "ratoon" else gpost
        di = lambda doy, sh: OFF + int(round(doy + sh)) - 1  # noqa: E731
        gi, si, hi = di(r["gu"], sh_s), di(r["sen"], sh_a), (di(r["hv"], sh_a) if r["hv"] else None)
        kd, lm, lgn = r["rise"] * 1.15, lmax - floor, lg - floor
        base = dict(tb=tb, tc=tc, lmax=lmax, floor=floor, bfloor=bfl, chi=chi, nir=nir, swir=r["swir"], om=om,
                    resid=resid, stub=stub, gpost=gpost, frost=tb >= 10, row=r["idx"], tea=r["name"].startswith("tea"),
                    shed=per)
        if kind in ("overwinter", "ratoon", "perennial"):   # regrowth on 1 January after the winter
            start, te_day = OFF, None
        elif kind == "rice":                                # flooded at flood_start, transplanted 5 days later
            start = di(r["fs"], sh_s)
            te_day = start + 5
        else:
            te_day = gi - int(round(math.log(49 / max(lmax / lg - 1, 1e-3)) / kd))
            start = te_day - 7
        kt, tau_g = kd / rate(gi - 10, gi + 10), TT(start, gi)
        if te_day is None:
            g0 = 0.2 * gpre if gpre > 0 else 0.03 * lm
            lnr = math.log((lm / (gpre or g0) - 1) / max(lm / lgn - 1, 1e-3))
            tau_e = tau_g - lnr / kt
            if tau_e < 0:
                tau_e, kt = 0.0, lnr / max(tau_g, 1.0)
        else:
            tau_e = TT(start, te_day)
            g0 = lmax / (1 + max(lmax / lg - 1, 1e-3) * math.exp(kt * (tau_g - tau_e)))
            if kind == "rice" and not 0.05 <= g0 <= 0.6:
                g0 = float(np.clip(g0, 0.05, 0.6))
                kt = math.log((lmax / g0 - 1) / (lmax / lg - 1)) / max(tau_g - tau_e, 1.0)
        onset = max(si - int(round(math.log(max(lm, 0.05) / max(ls - floor, 0.03)) / r["fall"])), gi + 10)
        tau_sen, ks = TT(start, onset), r["fall"] / rate(onset, si + 1) / 1.2
        r["main"] = dict(base, mode=0, start=start, tau_e=tau_e, g0=g0, k=kt, tau_sen=tau_sen, ks=ks,
                         tau_mat=TT(start, hi - 3) if hi else tau_sen + TT(onset, onset + 40), harvest=hi is not None,
                         drop=0.05 if per else 0.01, rice=kind == "rice", season=r["season"], main=True,
                         till=kind in ("annual", "rice"), warm=kind in ("annual", "rice"),
                         twarm=min(tb + 1, Tn[start] - 1), kpost=0.008, sen_day=onset + 15,   # short days, cold
                         deadline=hi + 40 if hi else 10 ** 6)
        if kind in ("ratoon", "perennial"):                 # last year's canopy, from 1 September
            op = max(onset - 365, 2)
            r["tail"] = dict(base, start=0, init_full=True, k=kt, tau_sen=TT(0, op), ks=ks, kpost=0.03,
                             tau_mat=TT(0, max(hi - 3 - 365, 3)) if hi else TT(0, op) + TT(op, op + 40),
                             harvest=hi is not None, drop=0.05 if per else 0.01, sen_day=op + 15,
                             deadline=max(hi - 365, 3) + 40 if hi else 10 ** 6)
        if kind == "overwinter":                            # sown in autumn, grows to the winter plateau
            a_doy = (270 if "rapeseed" in r["name"] else 283) - reg["shift"] // 2
            for nm, st in (("autumn_prev", OFF - 365 + a_doy - 1), ("autumn_next", OFF + a_doy - 1)):
                r[nm] = dict(base, start=st, till=True, tau_e=TT(st, st + 7), g0=0.03, lmax=gpre * 1.15,
                             k=0.12 / rate(st + 7, st + 37), season=int(nm == "autumn_prev"), kpost=0.0)


def instances_for(rs, rng, late):
    """The sequence of crop instances (region templates + this field's variation) of one field."""
    r1, out = rs[0], []
    vary = dict(k=rng.uniform(0.8, 1.25), acc=rng.uniform(0.0, 1.2), tt=rng.normal(1, 0.035),
                l=rng.lognormal(0, 0.45 if r1["system"] == "fallow" else 0.07), sd=int(rng.integers(-6, 7)),
                dl=int(rng.integers(0, 10)))

    def inst(t, **kw):
        d = dict(DEFAULT, **t)
        d.update(k=d["k"] * vary["k"], acc=vary["acc"], lmax=max(d["floor"] + 0.05, d["lmax"] * vary["l"]),
                 tau_sen=d["tau_sen"] * vary["tt"], tau_mat=d["tau_mat"] * vary["tt"],
                 sen_day=d["sen_day"] + vary["sd"],
                 deadline=d["deadline"] + vary["dl"], **kw)
        return d
    if r1["kind"] in ("annual", "rice", "overwinter"):
        out.append(dict(BARE, row=r1["idx"]))
    if r1["kind"] in ("ratoon", "perennial"):
        out.append(inst(r1["tail"]))
    if r1["kind"] == "overwinter":
        out.append(inst(r1["autumn_prev"], start=r1["autumn_prev"]["start"] + int(rng.normal(0, 4))))
    m = r1["main"]
    out.append(inst(m, start=m["start"] + (int(round(rng.normal(0, 4))) + late if m["till"] else 0)))
    if len(rs) > 1:                                         # second season: sown after the first harvest
        m2 = rs[1]["main"]
        out[-1]["deadline"] = m2["start"] + 15 + vary["dl"]
        out.append(inst(m2, mode=1, start=m2["start"] - 12, gap=int(rng.integers(1, 7))))
        if r1["kind"] == "overwinter" and rng.random() < 0.75:
            an = r1["autumn_next"]
            out.append(inst(an, mode=1, start=an["start"] - 5, gap=int(rng.integers(3, 13))))
    return out


# ----------------------------------------------------------------------------- daily crop model
def simulate(U, I, reg, water, weak, haz, record=False):
    """Daily green (G) and brown (B) leaf area, straw, water and wetness of every unit.
    water/weak/haz switch soil-water stress, designed weakness and hazards on or off."""
    n, D, NI = len(U["cap"]), reg["D"], len(I["start"])
    ptr, last = U["first"].copy(), U["last"]
    C = {k: v[ptr].copy() for k, v in I.items()}
    N = np.where(C["init_full"], C["lmax"] - C["floor"], 0.0)          # leaf area above the evergreen floor
    B, R, W, wet, tau = U["b0"].copy(), U["r0"].copy(), 0.7 * U["cap"], np.zeros(n), np.zeros(n)
    emerged, harvested = C["init_full"].copy(), C["post"].copy()
    mature, hvday, lim = np.full(n, -1), np.full(n, -9999), np.full(n, np.inf)
    Y, gmax = np.zeros(NI), np.zeros(NI)
    ev = {k: np.full(NI, -1) for k in ("start", "emerge", "harvest", "peak")}
    ev["start"][ptr] = 0
    keys = ("G", "B", "R", "fw", "turb", "wet", "chi", "ws")
    out = {k: np.zeros((n, D), np.float32) for k in keys} if record else {}
    out["ptr"] = np.zeros((n, D), np.int32)
    wk_l, wk_c = (U["wk_l"], U["wk_c"]) if weak else (np.ones(n), np.ones(n))
    fo = np.zeros(n, bool)
    for i in range(D):
        nx = np.minimum(ptr + 1, last)                      # next instance: fixed date (waiting for warm, dry
        ok = ~I["warm"][nx] | ((reg["T5"][i] >= I["twarm"][nx]) & (reg["P"][i] < 5)) | (i >= I["start"][nx] + 25)
        sw = (ptr < last) & (((I["mode"][nx] == 0) & (i >= I["start"][nx]) & ok) |   # days) or after the harvest
                             ((I["mode"][nx] == 1) & harvested & (i >= hvday + I["gap"][nx]) & (i >= I["start"][nx])))
        if sw.any():
            s = np.nonzero(sw)[0]
            q = ptr[s] = nx[s]
            for k in C:
                C[k][s] = I[k][q]
            ev["start"][q] = i
            till = C["till"][s]
            N[s] = np.where(C["init_full"][s], C["lmax"][s] - C["floor"][s], np.where(till, 0.0, N[s]))
            B[s], R[s] = np.where(till, 0.15 * B[s], B[s]), np.where(till, 0.3 * R[s], R[s])
            emerged[s], harvested[s], mature[s], lim[s], tau[s] = C["init_full"][s], C["post"][s], -1, np.inf, 0
            wet[s] = np.where(C["rice"][s], 1.0, wet[s])
        T = reg["T"][i]
        rate = dev_rate(T, C["tb"], C["tc"])
        tau += rate
        dro = haz & (i >= U["dr0"]) & (i <= U["dr1"])
        win = np.where(dro, reg["win"][i] * U["drf"], reg["win"][i])
        if haz:    # a drought starts from soil already dried by the weeks before
            W = np.where(i == U["dr0"], np.minimum(W, 0.3 * U["cap"]), W)
        em = ~emerged & ~harvested & (tau >= C["tau_e"])
        if em.any():
            N[em] = np.maximum(N[em], C["g0"][em])
            emerged |= em
            ev["emerge"][ptr[em]] = i
        inseason, fl = emerged & ~harvested, C["floor"]
        G = fl + N
        pet = reg["pet"][i] * np.where(dro, 1.1, 1.0)
        et = pet * (0.3 + 0.8 * (1 - np.exp(-0.5 * G))) * np.clip(W / (0.5 * U["cap"]), 0, 1)
        W = np.clip(W + win - et, 0, U["cap"])
        irr = U["irr"] & inseason & (W < 0.45 * U["cap"]) & ~dro
        W = np.where(irr, 0.9 * U["cap"], W)
        paddy = C["rice"] & ~harvested & (tau < C["tau_sen"] + 0.4 * (C["tau_mat"] - C["tau_sen"]))
        wst = np.where(paddy | (not water), 1.0, np.clip(W / (0.4 * U["cap"]), 0, 1))         # transpiration
        wse = np.where(paddy | (not water), 1.0, np.clip((W / U["cap"] - 0.15) / 0.35, 0, 1))  # leaf expansion
        lc = np.minimum(C["lmax"] * wk_l * U["vig_l"], lim)
        late = i >= C["sen_day"]                           # senescence by warmth, or by short cold days
        sen = inseason & ((tau >= C["tau_sen"]) | late)
        grow = inseason & ~sen
        dN = C["k"] * rate * np.maximum(N, 0.01) * (1 - (fl + N) / lc) * wse     # (regrowth after a frost)
        N = N + np.where(grow, np.maximum(dN, -0.03 * N), 0)
        prog = np.clip((tau - C["tau_sen"]) / np.maximum(C["tau_mat"] - C["tau_sen"], 1.0), 0, 1)
        kse = C["ks"] * rate * (1 + C["acc"] * prog) * (1 + 1.5 * (1 - wst)) + 0.06 * late
        tr = np.where(sen, np.minimum(kse * N, N), 0)
        tr += np.where(inseason & (wst < 0.25), 0.015 * N, 0) + np.where(inseason & C["frost"] & (T < 1.0), N, 0)
        tr += np.where(C["shed"] & ~emerged, 0.05 * N, 0)  # dormant trees keep no leaves from last year
        N, B = N - tr, B + tr
        falling = sen | harvested | (C["shed"] & ~emerged)
        B = C["bfloor"] + (B - C["bfloor"]) * (1 - np.where(falling, C["drop"], 0.003))
        mature = np.where(C["harvest"] & inseason & (mature < 0) & (tau >= C["tau_mat"]), i, mature)
        ready = inseason & (mature >= 0) & (i >= mature + U["delay"])
        hv = C["harvest"] & ~harvested & ((ready & (reg["P"][i] < 3)) | (ready & (i >= mature + U["delay"] + 8)) |
                                          (i >= C["deadline"]))
        if hv.any():                                        # canopy removed; stubble and straw stay
            N[hv], B[hv] = 0.0, C["stub"][hv] * U["stubf"][hv]
            R[hv] = np.maximum(R[hv], C["resid"][hv] * U["stubf"][hv])
            harvested |= hv
            hvday[hv] = ev["harvest"][ptr[hv]] = i
        gp = C["gpost"]                                     # weeds, volunteers or ratoons after the harvest
        regrow = C["kpost"] * rate * (N + 0.01) * (1 - N / np.maximum(gp, 1e-3))
        N = np.where(harvested & (gp > 0), np.maximum(N + regrow, 0), N)
        R = R * (1 - 0.002 * (1 + 2 * wet))
        fw, turb, sub = np.where(paddy, 1.0, 0.0), np.zeros(n), np.zeros(n)
        if haz:
            pa = (i >= U["ps0"]) & (i <= U["ps1"]) & inseason      # pest or hail: leaves lost, no regrowth
            f = U["prat"] ** (1.0 / np.maximum(U["ps1"] - U["ps0"] + 1, 1))
            B, N = np.where(pa, B + 0.3 * N * (1 - f), B), np.where(pa, N * f, N)
            lim = np.where(pa & (i == U["ps1"]), fl + N, lim)
            lim = np.where(i == U["dr1"], np.minimum(lim, 1.2 * (fl + N)), lim)
            fo = (i >= U["fl0"]) & (i <= U["fl1"])                 # flood: turbid water over a submerged crop
            fw, turb, sub = np.where(fo, 1.0, fw), np.where(fo, 1.0, turb), np.where(fo, U["fsub"], sub)
            after = (i == U["fl1"] + 1) & inseason
            B, N = np.where(after, B + 0.5 * N * U["fdmg"], B), np.where(after, N * (1 - U["fdmg"]), N)
            lim = np.where(after, np.minimum(lim, lc * (1 - 0.5 * U["fdmg"])), lim)
        N = np.where(C["tea"] & grow & (i % 20 == 0) & (i > OFF + 90) & (i < OFF + 280), 0.75 * N, N)   # plucking
        wet = np.where(irr | fo, 0.9, np.clip(wet * 0.55 + win / 6, 0, 1))
        G = fl + N
        Y[ptr] += np.where(inseason, (1 - np.exp(-0.5 * G)) * wst ** 0.6, 0)
        upd = inseason & (G > gmax[ptr])
        gmax[ptr[upd]], ev["peak"][ptr[upd]] = G[upd], i
        out["ptr"][:, i] = ptr
        if record:
            chi = C["chi"] * wk_c * (1 - 0.5 * prog * sen) * (0.85 + 0.15 * wst)
            for k, v in zip(keys, (G * (1 - sub), B * (1 - sub), R * (1 - sub), fw, turb, wet, chi, wst)):
                out[k][:, i] = v
    return Y, ev, out


# ----------------------------------------------------------------------------- landscape
def area(p):
    return 0.5 * abs(np.dot(p[:, 0], np.roll(p[:, 1], -1)) - np.dot(p[:, 1], np.roll(p[:, 0], -1)))


def clip(poly, nrm, c):
    """Part of a convex polygon with nrm . p <= c (None if nothing is left)."""
    if poly is None:
        return None
    d, out = poly @ nrm - c, []
    for a in range(len(poly)):
        b = (a + 1) % len(poly)
        if d[a] <= 0:
            out.append(poly[a])
        if (d[a] < 0 < d[b]) or (d[b] < 0 < d[a]):
            out.append(poly[a] + (poly[b] - poly[a]) * (d[a] / (d[a] - d[b])))
    q = np.array(out)
    return q if len(q) >= 3 and area(q) > 1.0 else None


def rot(u, a):
    return np.array([u[0] * math.cos(a) - u[1] * math.sin(a), u[0] * math.sin(a) + u[1] * math.cos(a)])


def frame(poly):
    """Long axis, short axis and their lengths (minimum-area bounding rectangle over the edges)."""
    best = None
    for a in range(len(poly)):
        e = poly[(a + 1) % len(poly)] - poly[a]
        if math.hypot(*e) < 1e-6:
            continue
        u = e / math.hypot(*e)
        v = np.array([-u[1], u[0]])
        lu, lv = np.ptp(poly @ u), np.ptp(poly @ v)
        if best is None or lu * lv < best[0]:
            best = (lu * lv, u, v, lu, lv) if lu >= lv else (lu * lv, v, u, lv, lu)
    return best[1:]


def split(poly, nrm, frac, gap):
    pr = poly @ nrm
    c = pr.min() + frac * np.ptp(pr)
    return clip(poly, nrm, c - gap / 2), clip(poly, -nrm, -(c + gap / 2)), c


def cut_area(poly, nrm, target, gap):
    pr = poly @ nrm
    part = lambda c: clip(poly, nrm, c)  # noqa: E731
    c = bisect(lambda c: area(part(c)) if part(c) is not None else 0.0, target, pr.min(), pr.max(), 30)
    return clip(poly, nrm, c), clip(poly, -nrm, -(c + gap))


def piece_to_size(rng, poly, target, gap, pool):
    """Cut a field of about `target` m2 from a piece (a strip across its long axis, after halving
    pieces that are too wide); the rest goes back to the pool."""
    while True:
        u, v, lu, lv = frame(poly)
        if not (lv > 2.2 * math.sqrt(target) and area(poly) > 2.5 * target):
            break
        a, b, _ = split(poly, rot(v, rng.normal(0, 0.05)), rng.uniform(0.35, 0.65), gap)
        parts = sorted([q for q in (a, b) if q is not None], key=area)
        big = [q for q in parts if area(q) >= 1.03 * target]
        if not big:
            break
        poly = big[0]
        pool.extend(q for q in parts if q is not poly)
    if area(poly) > 1.15 * target:
        f, rest = cut_area(poly, rot(u, rng.normal(0, 0.1)) * rng.choice([-1, 1]), target, gap)
        if f is not None:
            pool.extend([rest] if rest is not None else [])
            return f
    return poly


def subdivide(rng, poly, lo, hi, gap):
    out, stack = [], [poly]
    while stack:
        q = stack.pop()
        if area(q) < rng.uniform(lo, hi):
            out.append(q)
            continue
        a, b, _ = split(q, rot(frame(q)[0], rng.normal(0, 0.03)), rng.uniform(0.4, 0.6), gap)
        stack += [x for x in (a, b) if x is not None]
    return out


def landscape(rng, targets, reg):
    """Blocks between roads, their land use, the parcels cut to the target sizes, and neighbours."""
    npx = int(math.ceil((math.sqrt(targets.sum() / 0.30) + 400) / 40)) * 4
    S, mg = npx * 10.0, 150.0
    stack, blocks, bg = [np.array([[0, 0], [S, 0], [S, S], [0, S]])], [], []
    while stack:
        p = stack.pop()
        a = area(p)
        if a < rng.uniform(0.1e6, 0.6e6):
            blocks.append(p)
            continue
        nrm = rot(frame(p)[0], rng.normal(0, 0.12))
        w = rng.uniform(7, 14) if a > 3e6 else rng.uniform(3, 7)
        t = rng.uniform(3, 6) if w > 5 and rng.random() < 0.5 else 0.0      # tree rows along the road
        p1, p2, c = split(p, nrm, rng.uniform(0.35, 0.65), w + 2 * t)
        if t > 0:
            bg.append((clip(clip(p, nrm, c + w / 2 + t), -nrm, -(c - w / 2 - t)), "trees"))
        if w > 5:
            bg.append((clip(clip(p, nrm, c + w / 2), -nrm, -(c - w / 2)), "asphalt" if w > 9 else "concrete"))
        stack += [q for q in (p1, p2) if q is not None]
    pool, wetness = [], min(1.0, reg["pann"] / 1500)
    for b in blocks:
        x = rng.random()
        if x < 0.05 and area(b) < 0.3e6:
            bg += [(h, rng.choice(["roof_grey", "roof_blue", "roof_red", "roof_grey", "trees", "concrete"]))
                   for h in subdivide(rng, b, 120, 450, rng.uniform(2.5, 4))]
        elif x < 0.05 + 0.05 * wetness:
            bg += [(h, rng.choice(["pond", "pond_algae"])) for h in subdivide(rng, b, 3000, 15000, 4)]
        elif x < 0.08 + 0.05 * wetness:
            bg += [(h, "plastic") for h in subdivide(rng, b, 400, 900, 2)]
        elif x < 0.10 + 0.05 * wetness:
            bg.append((b, "trees"))
        else:
            gap = rng.uniform(0.6, 2.0)
            for q in subdivide(rng, b, 0.8e5, 4e5, gap):   # pieces at the scene edge only hold neighbours
                pool.append((q, gap, area(q) if q.min() >= mg and q.max() <= S - mg else -area(q)))
    parcels, neigh = [], []
    for A in targets:
        ok = [k for k, p in enumerate(pool) if p[2] >= 1.03 * A]
        k = min(ok, key=lambda k: pool[k][2]) if ok else max(range(len(pool)), key=lambda k: pool[k][2])
        q, gap, _ = pool.pop(k)
        rest = []
        parcels.append(piece_to_size(rng, q, A, gap, rest))
        pool += [(r, gap, area(r)) for r in rest]
    for q, gap, _ in pool:
        stack = [q]
        while stack:
            p = stack.pop()
            t = math.exp(rng.uniform(0, math.log(150))) * MU
            if area(p) >= 60:
                rest = []
                neigh.append(p if area(p) <= 1.3 * t else piece_to_size(rng, p, t, gap, rest))
                stack += rest
    return S, npx, parcels, neigh, bg


# ----------------------------------------------------------------------------- sky and sensor
def sky(reg, a, H, W):
    """Cloud opacity, shadow factor, cirrus, haze and SCL detection-threshold fields of one date."""
    rng = np.random.default_rng([reg["seed"], 31, a["sky_seed"]])
    h4, w4, pad = H // 4, W // 4, 48
    shape = (h4 + 2 * pad, w4 + 2 * pad)
    alpha = np.zeros(shape)
    if a["cc"] > 0:
        noise = 0.75 * smooth(rng, shape, 14 if a["stratus"] else 5) + 0.25 * smooth(rng, shape, 1.5)
        alpha = np.clip((noise - np.quantile(noise, 1 - min(a["cc"], 0.999))) / 0.5, 0, 1) ** 0.8
    d = min(a["hcloud"] * 1000 * math.tan(a["sz"]), pad * 40 - 40) / 40.0      # shadow shift (40 m cells)
    r0, c0 = int(round(pad + d * math.cos(a["saz"] + math.pi))), int(round(pad - d * math.sin(a["saz"] + math.pi)))
    cloud, shade = alpha[pad:pad + h4, pad:pad + w4], alpha[r0:r0 + h4, c0:c0 + w4]
    cir = np.zeros((h4, w4))
    if a["cirrus"] > 0:
        streaks = (1.5, 12) if rng.random() < 0.5 else (12, 1.5)
        cir = a["cirrus"] * np.clip(0.5 + 0.5 * smooth(rng, (h4, w4), streaks), 0, 1)
    haze = a["haze"] * (1 + 0.3 * smooth(rng, (h4, w4), 20))
    det = 0.3 + 0.12 * smooth(rng, (h4, w4), 3)
    cloud, shade, cir, haze, det = [ndimage.zoom(x, 4, order=1) for x in (cloud, shade, cir, haze, det)]
    x_track = a["off"] + (np.arange(W) - W / 2) * 0.01                           # km from the ground track
    nodata = np.broadcast_to(np.abs(x_track) > 145.0, (H, W))
    return cloud, 1 - 0.72 * shade * (1 - cloud), cir, haze, det, x_track, nodata, rng


def observe(img, reg, a, H, W):
    """Surface reflectance (7, H, W) -> L2A digital numbers and SCL of one acquisition."""
    cloud, shade, cir, haze, det, x_track, nodata, rng = sky(reg, a, H, W)
    mag, ang = a["misreg"]
    img = np.stack([ndimage.shift(b, (mag * math.sin(ang), mag * math.cos(ang)), order=1, mode="nearest") for b in img])
    c = lambda v: np.asarray(v)[:, None, None]  # noqa: E731
    img *= (1 + 0.35 * (-x_track / 786.0)[None, None, :] * c(BRDF_V)) * c(1 + BRDF_S * (a["sz"] - 0.6)) * shade[None]
    img = img * (1 - 0.4 * c(HAZE) * haze) + 0.12 * c(HAZE) * haze
    img = img * (1 - cir) + cir * c(CIRRUS)
    img = img * (1 - cloud) + cloud * c(OPT["cloud"]) * (0.75 + 0.35 * cloud) * (0.85 + 0.1 * smooth(rng, (H, W), 2))
    img *= c(GAINS[a["plat"]])
    for b in (3, 5, 6):                                 # 20 m bands on the 10 m grid
        img[b] = np.repeat(np.repeat(img[b].reshape(H // 2, 2, W // 2, 2).mean((1, 3)), 2, 0), 2, 1)
    r = img + rng.normal(0, 1, img.shape) * (0.0015 + 0.005 * img)
    dn = np.clip(np.round(r * 10000), 1, 65535).astype(np.uint16)
    dn[:, nodata] = 0
    nd, nw = (r[4] - r[2]) / (r[4] + r[2] + 1e-6), (r[1] - r[4]) / (r[1] + r[4] + 1e-6)
    scl = np.where(nd > 0.33, 4, 5).astype(np.uint8)
    scl[(nw > 0.0) & (r[4] < 0.12)] = 6
    scl[(r[1] > 0.35) & ((r[1] - r[5]) / (r[1] + r[5] + 1e-6) > 0.42)] = 11
    scl[(scl == 5) & (r[0] > 0.12) & (r[2] > 0.16) & (det > 0.36)] = 8    # bright soil taken for cloud
    scl[(haze > 0.35) & (det > 0.4)] = 8
    scl[(scl == 6) & (r[4] < 0.04) & (det > 0.42)] = 3                     # dark water taken for shadow
    scl[(1 - shade > 0.35) & (det < 0.42)] = 3                              # most shadows found
    if rng.random() < 0.65:
        scl[cir > 0.05] = 10
    scl[cloud > det] = 8                                                    # thin cloud edges missed
    scl[(cloud > 0.75) & (det < 0.38)] = 9
    scl = np.repeat(np.repeat(scl[::2, ::2], 2, 0), 2, 1)
    scl[nodata] = 0
    return dn, scl


def write_tif(path, arr, gt, wkt):
    ds = gdal.GetDriverByName("GTiff").Create(path, arr.shape[1], arr.shape[0], 1,
                                              gdal.GDT_UInt16 if arr.dtype == np.uint16 else gdal.GDT_Byte,
                                              ["COMPRESS=DEFLATE", "PREDICTOR=2", "TILED=YES"])
    ds.SetGeoTransform(gt)
    ds.SetProjection(wkt)
    ds.GetRasterBand(1).SetNoDataValue(0)
    ds.GetRasterBand(1).WriteArray(arr)
    ds = None


# ----------------------------------------------------------------------------- fields and their fates
def build_fields(X):
    """Units (0 verges, 1 trees, parcels and their unplanted parts, neighbours), designed fates,
    crop instances, and the polygons to burn. Sizes and crops, geometry and fates use separate streams."""
    ra, rl, rng = (np.random.default_rng([X.args.seed, s]) for s in (1, 2, 3))
    P = X.P = X.args.parcels
    targets = np.sort(np.exp(ra.uniform(math.log(0.3), math.log(300), P)) * MU)[::-1]
    order, psys = ra.permutation(P), [X.systems[k % len(X.systems)] for k in ra.permutation(P)]
    X.S, X.npx, polys, neigh, bg = landscape(rl, targets, X.reg)
    units, burns, X.par = [dict(system="_grass"), dict(system="_trees")], [], []
    for k, poly in enumerate(polys):
        annual = psys[k] != "fallow" and X.rows_of[psys[k]][0]["kind"] not in ("perennial", "ratoon")
        pf = rng.uniform(0.5, 0.85) if annual and rng.random() < 0.05 and area(poly) > 1500 else 1.0
        late = int(rng.integers(15, 36)) if annual and rng.random() < 0.06 else 0
        rec = dict(poly=poly, system=psys[k], unit=len(units), part=-1, pf=pf, late=late, id="p%04d" % (order[k] + 1))
        units.append(dict(system=psys[k], late=late))
        if pf < 1:                                          # partly planted: the rest is weedy bare soil
            f, rest = cut_area(poly, frame(poly)[0] * rng.choice([-1, 1]), pf * area(poly), 0.0)
            rec["part"] = len(units)
            units.append(dict(system="fallow", bare=True))
            burns += [(rest, rec["part"]), (f, rec["unit"])]
        else:
            burns.append((poly, rec["unit"]))
        if rl.random() < 0.12 and area(poly) > 1500:       # L-shaped: a clump of trees or a house in a corner
            v = int(rl.integers(len(poly)))
            pv, e1, e2 = poly[v], poly[(v + 1) % len(poly)] - poly[v], poly[v - 1] - poly[v]
            s = rl.uniform(6, min(25, 0.3 * math.sqrt(area(poly))))
            if min(np.linalg.norm(e1), np.linalg.norm(e2)) > 2.5 * s:
                e1, e2 = e1 / np.linalg.norm(e1) * s, e2 / np.linalg.norm(e2) * s
                what = "trees" if rl.random() < 0.6 else "roof_grey"
                burns.append((np.array([pv, pv + e1, pv + e1 + e2, pv + e2]), what))
                rec["poly"] = np.concatenate([poly[:v], [pv + e2, pv + e1 + e2, pv + e1], poly[v + 1:]])
        X.par.append(rec)
    X.nb = len(neigh)
    for q in neigh:
        units.append(dict(system=X.systems[int(rng.integers(len(X.systems)))]))
    ns = X.ns = len(units)
    sid = dict({nm: ns + k for k, nm in enumerate(STATIC)}, trees=1)
    X.burns = [(p, sid[u] if isinstance(u, str) else u) for p, u in
               bg + [(q, ns - X.nb + k) for k, q in enumerate(neigh)] + burns if p is not None]
    reg = X.reg
    U = X.U = dict(cap=rng.uniform(80, 180, ns) * reg["bucket"], irr=rng.random(ns) < reg["irr"],
                   delay=rng.integers(1, 9, ns), stubf=rng.uniform(0.6, 1.3, ns), b0=rng.uniform(0.1, 0.4, ns),
                   r0=rng.uniform(0.0, 0.4, ns), wk_l=np.ones(ns), wk_c=np.ones(ns), sig=rng.uniform(0.05, 0.12, ns),
                   soilb=rng.uniform(0.85, 1.15, ns), dr0=np.full(ns, 10 ** 6), dr1=np.full(ns, -1), drf=np.ones(ns),
                   ps0=np.full(ns, 10 ** 6), ps1=np.full(ns, -1), prat=np.ones(ns), fl0=np.full(ns, 10 ** 6),
                   fl1=np.full(ns, -1), fsub=np.zeros(ns), fdmg=np.zeros(ns))
    U["sig"][:2] = 0.35
    X.vig = reg["vig"] * rng.normal(1, 0.03, ns)
    U["vig_l"] = X.vig ** 2
    X.weakf, X.cause = np.ones(ns), [""] * ns
    for u in range(2, ns):
        rs = X.rows_of[units[u]["system"]]
        U["irr"][u] |= any(r["kind"] == "rice" for r in rs)
        U["vig_l"][u] *= 0.3 if units[u].get("bare") else 1.0
        if units[u]["system"] != "fallow" and rng.random() < 0.16:   # weakened, no named hazard
            w = rng.uniform(0.75, 0.95)
            c = ["nutrient", "uneven emergence", "weeds", "waterlogging"][int(rng.integers(4))]
            X.weakf[u], X.cause[u], U["wk_l"][u] = w, c, w ** 1.5
            U["wk_c"][u] = 0.55 + 0.45 * w if c == "nutrient" else 1.0
            U["sig"][u] = rng.uniform(0.25, 0.4) if c in ("uneven emergence", "waterlogging") else 0.15
    ilist, U["first"], U["last"] = [], np.zeros(ns, int), np.zeros(ns, int)
    for u in range(ns):
        seq = instances_for(X.rows_of[units[u]["system"]], rng, units[u].get("late", 0))
        U["first"][u], U["last"][u] = len(ilist), len(ilist) + len(seq) - 1
        ilist += seq
    X.I = {k: np.array([d.get(k, DEFAULT[k]) for d in ilist], bool if isinstance(DEFAULT[k], bool) else float)
           for k in DEFAULT}
    for k in ("mode", "start", "gap", "deadline", "row", "season", "sen_day"):
        X.I[k] = X.I[k].astype(int)
    X.units = units


def rasterise(X):
    """Burn the polygons on the 2 m grid; each 10 m pixel becomes weighted (unit, fraction) entries."""
    H = W = X.npx
    utm, wgs = osr.SpatialReference(), osr.SpatialReference()
    utm.ImportFromEPSG(32600 + int((X.reg["lon"] + 180) // 6) + 1)
    wgs.ImportFromEPSG(4326)
    for s in (utm, wgs):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    xc, yc, _ = osr.CoordinateTransformation(wgs, utm).TransformPoint(X.reg["lon"], X.reg["lat"])
    X.xll, X.yll = math.floor((xc - X.S / 2) / 20) * 20.0, math.floor((yc - X.S / 2) / 20) * 20.0
    X.utm, X.wgs, X.gt = utm, wgs, (X.xll, 10.0, 0.0, X.yll + X.S, 0.0, -10.0)
    mem = gdal.GetDriverByName("MEM").Create("", W * F, H * F, 1, gdal.GDT_Int32)
    mem.SetGeoTransform((X.xll, 10.0 / F, 0.0, X.yll + X.S, 0.0, -10.0 / F))
    ods = ogr.GetDriverByName("Memory").CreateDataSource("m")
    lyr = ods.CreateLayer("b", utm, ogr.wkbPolygon)
    lyr.CreateField(ogr.FieldDefn("uid", ogr.OFTInteger))
    for poly, uid in X.burns:
        feat = ogr.Feature(lyr.GetLayerDefn())
        feat.SetField("uid", int(uid))
        feat.SetGeometry(ogr.CreateGeometryFromWkt("POLYGON((" + ",".join(
            "%.3f %.3f" % (x + X.xll, y + X.yll) for x, y in list(poly) + [poly[0]]) + "))"))
        lyr.CreateFeature(feat)
    gdal.RasterizeLayer(mem, [1], lyr, options=["ATTRIBUTE=uid"])
    lab = mem.ReadAsArray().astype(np.int64).reshape(H, F, W, F).transpose(0, 2, 1, 3).reshape(-1)
    NU, ns = X.ns + len(STATIC), X.ns
    uk, cnt = np.unique(np.repeat(np.arange(H * W), F * F) * NU + lab, return_counts=True)
    pix, unit, w = uk // NU, uk % NU, cnt / float(F * F)
    st = unit >= ns
    tab = np.array(list(STATIC.values()))[unit[st] - ns]
    X.static_img = np.stack([np.bincount(pix[st], w[st] * tab[:, b], minlength=H * W) for b in range(7)])
    X.e_pix, X.e_unit, X.e_w = pix[~st], unit[~st], w[~st]
    nrng = np.random.default_rng([X.args.seed, 99])
    n1, n2 = smooth(nrng, (H, W), 2.5).ravel(), smooth(nrng, (H, W), 6).ravel()   # patchiness, soil texture
    X.patch = np.clip(1 + X.U["sig"][X.e_unit] * n1[X.e_pix], 0.1, 2.0)
    X.soil_e = X.reg["soil"][:, None] * (X.U["soilb"][X.e_unit] * (1 + 0.06 * n2[X.e_pix]))[None]


def clear_looks(X):
    """Which parcels each date sees clearly (true cloud, shadow, cirrus, no-data below 5 %)."""
    unit_par = np.full(X.ns, -1)
    for k, rec in enumerate(X.par):
        unit_par[[rec["unit"]] + ([rec["part"]] if rec["part"] >= 0 else [])] = k
    pe = unit_par[X.e_unit]
    m = pe >= 0
    pw = np.bincount(pe[m], X.e_w[m], minlength=X.P)
    X.clear = np.zeros((len(X.reg["acq"]), X.P), bool)
    for k, a in enumerate(X.reg["acq"]):
        cloud, shade, cir, _, _, _, nodata, _ = sky(X.reg, a, X.npx, X.npx)
        bad = ((cloud > 0.02) | (shade < 0.9) | (cir > 0.04) | nodata).ravel()
        X.clear[k] = np.bincount(pe[m], X.e_w[m] * bad[X.e_pix[m]], minlength=X.P) / pw < 0.05
    X.aday = np.array([a["i"] for a in X.reg["acq"]])


def main_inst(X, u, season):
    c = [q for q in range(X.U["first"][u], X.U["last"][u] + 1) if X.I["main"][q] and X.I["season"][q] == season]
    return c[0] if c else None


def time_hazards(X):
    """Place floods, pests and droughts on planted parcels, timed on the unstressed twin so that they
    fall mid-season and, for floods and pests, around clear looks."""
    U, I, reg, evt, twin, D = X.U, X.I, X.reg, X.evt, X.twin, X.reg["D"]
    rng = np.random.default_rng([X.args.seed, 4])
    n_h, X.haz, taken = int(round(X.args.hazard_share * X.P / 3)), {}, set()
    cand = [k for k in rng.permutation(X.P) if X.par[k]["system"] != "fallow"]
    for kind in ("flood", "pest", "drought"):
        got = 0
        for k in cand:
            if got >= n_h or k in taken:
                continue
            u, rs = X.par[k]["unit"], X.rows_of[X.par[k]["system"]]
            seasons = [r["season"] for r in rs if not (kind == "drought" and r["kind"] in ("rice", "perennial"))]
            if not seasons:
                continue
            s = int(rng.choice(seasons))
            q = main_inst(X, u, s)
            a0, a1 = evt["start"][q], (evt["harvest"][q] if evt["harvest"][q] >= 0 else D - 1)
            g, cl = twin["G"][u], X.aday[X.clear[:, k]]
            if kind == "flood":
                rice = np.zeros(D, bool)                    # the rice flooding windows (+- 10 days)
                for qq in range(U["first"][u], U["last"][u] + 1):
                    s0 = evt["start"][qq]
                    if I["rice"][qq] and s0 >= 0:
                        big = np.nonzero(g[s0:] >= 1.0)[0]
                        rice[max(0, s0 - 10):s0 + (big[0] if len(big) else 60) + 10] = True
                pairs = [(x, y) for x, y in zip(cl, cl[1:]) if y - x <= 18 and a0 <= x and y <= a1 and
                         OFF + 90 <= x and y <= OFF + 305 and not rice[x:y + 1].any()]
                if not pairs:
                    continue
                x, y = pairs[int(rng.integers(len(pairs)))]
                f0, f1 = x - int(rng.integers(0, 5)), y + int(rng.integers(1, 7))
                for uu in (u, X.par[k]["part"]):
                    if uu >= 0:
                        U["fl0"][uu], U["fl1"][uu], U["fsub"][uu] = f0, f1, rng.uniform(0.85, 1.0)
                        U["fdmg"][uu] = float(np.clip(0.1 + 0.025 * (f1 - f0), 0.2, 0.85))
                X.haz[k] = dict(type="flood", season=s, q=q, start=f0, end=f1)
            elif kind == "pest":
                gs = g[a0:a1 + 1]
                if gs.max() < 0.5:
                    continue
                pk = int(np.argmax(gs))
                lo = a0 + int(np.nonzero(gs >= 0.5 * gs.max())[0][0])
                hi = a0 + pk + max(3, int(np.nonzero(gs[pk:] >= 0.85 * gs.max())[0][-1]))
                dur = 1 if rng.random() < 0.5 else int(rng.integers(4, 10))      # hail or insects
                days = [d for d in range(lo, hi) if ((cl >= d - 10) & (cl < d)).any() and
                        ((cl >= d + dur) & (cl <= d + dur + 12)).any()] or list(range(lo, hi))
                if not days:
                    continue
                d0, (nir, chi, om), fl = int(rng.choice(days)), X.rows[I["row"][q]]["tr"][2:5], I["floor"][q]
                gb, bb, soil = max(g[d0 - 1], fl + 0.05), twin["B"][u, d0 - 1], reg["soil"][:, None] * U["soilb"][u]
                ndv = lambda G: float(  # noqa: E731
                    ndvi(surface(G, bb + 0.3 * (gb - G), 0, 0, 0, 0, chi, 0, nir, 1, om, soil))[0])
                if ndv(fl) > ndv(gb) - 0.2:                 # an evergreen floor would hide the damage
                    continue
                ga = bisect(ndv, max(ndv(gb) - rng.uniform(0.22, 0.38), ndv(fl) + 0.01), fl, gb)
                U["ps0"][u], U["ps1"][u], U["prat"][u] = d0, d0 + dur - 1, max(0.03, (ga - fl) / max(gb - fl, 1e-3))
                X.haz[k] = dict(type="pest", season=s, q=q, start=d0, end=d0 + dur - 1)
            else:
                e, pkd = evt["emerge"][q], evt["peak"][q]
                if e < 0 or pkd < 0:
                    continue
                w0, w1 = max(a0, e - 15), pkd + int(rng.integers(0, 15))
                U["dr0"][u], U["dr1"][u] = w0, w1       # rain cut to a share of the evaporative demand, no irrigation
                demand, supply = reg["pet"][w0:w1 + 1].mean(), max(reg["win"][w0:w1 + 1].mean(), 0.1)
                U["drf"][u] = min(1.0, rng.uniform(0.1, 0.35) * demand / supply)
                X.haz[k] = dict(type="drought", season=s, q=q, start=w0, end=w1)
            taken.add(k)
            got += 1
    for k in taken:                                         # a hazard-hit parcel is not also weakened by design
        u = X.par[k]["unit"]
        X.weakf[u], X.cause[u], U["wk_l"][u], U["wk_c"][u] = 1.0, "", 1.0, 1.0


# ----------------------------------------------------------------------------- outputs
def write_scenes(X):
    H = W = X.npx
    full, I, reg, args = X.full, X.I, X.reg, X.args
    for sub in ("items", "scenes"):
        os.makedirs(os.path.join(args.out, sub), exist_ok=True)
    wkt, epsg = X.utm.ExportToWkt(), int(X.utm.GetAuthorityCode(None))
    X.to_ll = osr.CoordinateTransformation(X.utm, X.wgs)
    xll, yll, S = X.xll, X.yll, X.S
    foot = [[round(p[0], 7), round(p[1], 7)] for p in
            X.to_ll.TransformPoints([(xll, yll), (xll + S, yll), (xll + S, yll + S), (xll, yll + S), (xll, yll)])]
    bbox = [min(p[0] for p in foot), min(p[1] for p in foot), max(p[0] for p in foot), max(p[1] for p in foot)]
    links, eu = [], X.e_unit
    for a in reg["acq"]:
        i, snow = a["i"], reg["snow"][a["i"]]
        ptr = full["ptr"][eu, i]
        refl = surface(full["G"][eu, i] * X.patch * (1 - 0.6 * snow), full["B"][eu, i], full["R"][eu, i],
                       full["fw"][eu, i], full["turb"][eu, i], full["wet"][eu, i], full["chi"][eu, i], snow,
                       I["nir"][ptr], I["swir"][ptr], I["om"][ptr], X.soil_e)
        img = np.stack([np.bincount(X.e_pix, X.e_w * refl[b], minlength=H * W) for b in range(7)]) + X.static_img
        dn, scl = observe(img.reshape(7, H, W), reg, a, H, W)
        date, hh = datetime.date(reg["year"], 1, 1) + datetime.timedelta(days=i - OFF), a["hour"]
        iid = "%s_MSIL2A_%s_R%03d" % (a["plat"], date.strftime("%Y%m%d"), a["orbit"])
        assets = {}
        for b, name in enumerate(BANDS + ["SCL"]):
            fn = "%s_%s.tif" % (iid, name)
            write_tif(os.path.join(args.out, "scenes", fn), dn[b] if b < 7 else scl, X.gt, wkt)
            assets[name] = {"href": "../scenes/" + fn, "type": "image/tiff; application=geotiff", "roles": ["data"],
                            "gsd": 20 if name in ("B05", "B11", "B12", "SCL") else 10}
        valid = scl > 0
        ccov = 100.0 * float(np.isin(scl, (8, 9, 10))[valid].mean()) if valid.any() else 100.0
        props = {"datetime": "%sT%02d:%02d:%02dZ" % (date.isoformat(), int(hh), int(hh * 60) % 60, int(hh * 3600) % 60),
                 "platform": "sentinel-" + a["plat"][1:].lower(), "constellation": "sentinel-2", "instruments": ["msi"],
                 "processing:level": "L2A", "proj:epsg": epsg, "proj:shape": [H, W],
                 "proj:transform": [10.0, 0.0, xll, 0.0, -10.0, yll + S], "sat:relative_orbit": a["orbit"],
                 "eo:cloud_cover": round(ccov, 2), "view:sun_elevation": round(90 - math.degrees(a["sz"]), 2),
                 "view:sun_azimuth": round(math.degrees(a["saz"]), 2),
                 "view:incidence_angle": round(abs(math.degrees(math.atan(a["off"] / 786.0))), 2)}
        item = {"type": "Feature", "stac_version": "1.0.0", "stac_extensions": [
            "https://stac-extensions.github.io/%s/schema.json" % e
            for e in ("projection/v1.1.0", "eo/v1.1.0", "view/v1.0.0")],
            "id": iid, "geometry": {"type": "Polygon", "coordinates": [foot]}, "bbox": bbox, "properties": props,
            "links": [{"rel": r, "href": "../catalog.json", "type": "application/json"} for r in ("root", "parent")],
            "assets": assets}
        with open(os.path.join(args.out, "items", iid + ".json"), "w") as fh:
            json.dump(item, fh, indent=1)
        links.append({"rel": "item", "href": "./items/%s.json" % iid, "type": "application/geo+json"})
    cat = {"type": "Catalog", "stac_version": "1.0.0", "id": "aviary-g5-s%d-r%d" % (args.seed, args.region_seed),
           "description": "Synthetic Sentinel-2 L2A scenes (weather-driven generator 5), %d" % reg["year"],
           "links": [{"rel": "root", "href": "./catalog.json", "type": "application/json"}] + links}
    with open(os.path.join(args.out, "catalog.json"), "w") as fh:
        json.dump(cat, fh, indent=1)


def parcel_refl(X, k, src):
    """Daily clean reflectance of a parcel (its planted and unplanted parts, no patchiness)."""
    rec, out = X.par[k], 0
    for uu, wt in ((rec["unit"], rec["pf"]), (rec["part"], 1 - rec["pf"])):
        if uu >= 0:
            pt = src["ptr"][uu]
            out = out + wt * surface(src["G"][uu], src["B"][uu], src["R"][uu], src["fw"][uu], src["turb"][uu],
                                     src["wet"][uu], src["chi"][uu], 0, X.I["nir"][pt], X.I["swir"][pt], X.I["om"][pt],
                                     X.reg["soil"][:, None] * X.U["soilb"][uu])
    return out


def check_hazard(X, k, h, nf, nt):
    """Does the simulated parcel meet crops.md's definition of its hazard? (ok, evidence)"""
    U, full, u, q = X.U, X.full, X.par[k]["unit"], h["q"]
    a0, a1 = X.evf["start"][q], (X.evf["harvest"][q] if X.evf["harvest"][q] >= 0 else X.reg["D"] - 1)
    if h["type"] == "flood":
        rr = parcel_refl(X, k, full)
        mn = (rr[1] - rr[5]) / (rr[1] + rr[5])
        looks = [mn[i] > 0 for i, c in zip(X.aday, X.clear[:, k]) if c and h["start"] <= i <= h["end"]]
        ok = any(x and y for x, y in zip(looks, looks[1:]))
        return ok, {"clear_looks": len(looks), "with_water": int(sum(looks))}
    if h["type"] == "pest":
        d0, d1 = h["start"], h["end"]
        before, after = nf[d0 - 1], nf[d1 + 1:min(d1 + 31, a1)].max(initial=0)
        drop = before - nf[d0:d0 + 11].min()
        return drop > 0.15 and after < before - 0.1, {"ndvi_before": round(float(before), 3),
                                                        "ndvi_drop_10d": round(float(drop), 3),
                                                        "ndvi_best_after": round(float(after), 3)}
    seg_f, seg_t = nf[a0:a1 + 1], nt[a0:a1 + 1]
    base = min(seg_f[0], seg_t[0])
    integ = np.clip(seg_f - base, 0, None).sum() / max(np.clip(seg_t - base, 0, None).sum(), 1e-6)
    ok = seg_f.max() <= seg_t.max() - 0.08 and seg_f.max() <= X.rows[X.I["row"][q]]["peak"] - 0.06 and integ <= 0.8
    w0, w1 = U["dr0"][u], min(U["dr1"][u] + 20, a1)
    dry = np.nonzero(full["ws"][u, w0:w1 + 1] < 0.5)[0]    # dated by the days of strong water stress
    if len(dry):
        h["start"], h["end"] = w0 + dry[0], w0 + dry[-1]
    return ok and len(dry) > 0, {"peak_ndvi": round(float(seg_f.max()), 3), "integral_ratio": round(float(integ), 3),
                                 "normal_peak_ndvi": round(float(seg_t.max()), 3)}


def write_truth(X):
    reg, args, evf, full, D = X.reg, X.args, X.evf, X.full, X.reg["D"]
    day = lambda i: (datetime.date(reg["year"], 1, 1) + datetime.timedelta(days=int(i) - OFF)).isoformat()  # noqa
    laea = osr.SpatialReference()
    laea.ImportFromProj4("+proj=laea +lat_0=%.6f +lon_0=%.6f +ellps=WGS84 +units=m +no_defs" % (reg["lat"], reg["lon"]))
    laea.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_eq, feats, truth = osr.CoordinateTransformation(X.wgs, laea), [], []
    for k in sorted(range(X.P), key=lambda k: X.par[k]["id"]):
        rec = X.par[k]
        u = rec["unit"]
        ring = X.to_ll.TransformPoints([(x + X.xll, y + X.yll) for x, y in rec["poly"]])
        ll = [[round(p[0], 8), round(p[1], 8)] for p in ring]
        eq = np.array([p[:2] for p in to_eq.TransformPoints(ll)])     # equal-area: ellipsoidal area
        signed = 0.5 * (np.dot(eq[:, 0], np.roll(eq[:, 1], -1)) - np.dot(eq[:, 1], np.roll(eq[:, 0], -1)))
        ll = ll if signed > 0 else ll[::-1]
        feats.append({"type": "Feature", "properties": {"parcel_id": rec["id"], "system": rec["system"]},
                      "geometry": {"type": "Polygon", "coordinates": [ll + [ll[0]]]}})
        nf, nt = ndvi(parcel_refl(X, k, full)), ndvi(parcel_refl(X, k, X.twin))
        seasons, vals, rw, rk, named, failed, floss = [], [], [], [], [], [], 1.0
        for r in X.rows_of[rec["system"]]:
            q = main_inst(X, u, r["season"])
            a0, a1 = evf["start"][q], (evf["harvest"][q] if evf["harvest"][q] >= 0 else D - 1)
            if a0 < 0:
                seasons.append({"season": r["season"], "crop": r["name"], "sown": False})
                continue
            vals.append(max(r["yld"] * r["price"], 1e-6))
            rw.append(X.Yw[q] / max(X.Yt[q], 1e-6))
            rk.append(X.Yf[q] / max(X.Yk[q], 1e-6))
            pk = a0 + int(np.argmax(nf[a0:a1 + 1]))
            info = {"season": r["season"], "crop": r["name"], "start": day(a0),
                    "emergence": day(evf["emerge"][q]) if evf["emerge"][q] >= 0 else None,
                    "peak": day(pk), "peak_ndvi": round(float(nf[pk]), 3),
                    "harvest": day(evf["harvest"][q]) if evf["harvest"][q] >= 0 else None}
            if r["kind"] == "rice":
                info["flood_window"] = [day(a0), day(a0 + int(np.argmax(full["G"][u, a0:a1 + 1] >= 1.0)))]
            seasons.append(info)
        h = X.haz.get(k)
        if h:
            ok, evid = check_hazard(X, k, h, nf, nt)
            if h["type"] == "flood":
                floss = 1 - 0.3 * X.U["fsub"][u] * min(1.0, (h["end"] - h["start"]) / 10)
            (named if ok else failed).append({"type": h["type"], "season": h["season"], "start": day(h["start"]),
                                              "end": day(h["end"]), "evidence": evid})
        vals = np.array(vals) if vals else np.ones(1)
        r_water = float(np.dot(vals, rw or [1.0]) / vals.sum())
        r_haz = float(np.dot(vals, rk or [1.0]) / vals.sum()) * floss
        stress_raw, r_named, vg = 1.0, 1.0, 1.0
        if rec["system"] != "fallow":
            late_pen = max(0.7, 1 - 0.006 * max(0, rec["late"] - 5))
            stress_raw = X.weakf[u] * r_water * late_pen * rec["pf"] * (1.0 if named else r_haz)
            r_named, vg = (r_haz if named else 1.0), float(X.vig[u])
        truth.append({"parcel_id": rec["id"], "system": rec["system"], "area_m2": round(abs(signed), 2),
                      "area_mu": round(abs(signed) / MU, 4), "hazards": named,
                      "stress": 1.0 if stress_raw >= 0.97 else round(stress_raw, 3),
                      "yield_factor": round(vg * stress_raw * r_named, 3), "weakness": X.cause[u] or None,
                      "water_factor": round(r_water, 3), "late_planting_days": rec["late"],
                      "planted_fraction": round(rec["pf"], 3), "irrigated": bool(X.U["irr"][u]),
                      "unnamed_events": failed, "seasons": seasons,
                      "observations": {"total": len(reg["acq"]), "clear": int(X.clear[:, k].sum())}})
    with open(os.path.join(args.out, "parcels.geojson"), "w") as fh:
        json.dump({"type": "FeatureCollection", "features": feats}, fh)
    with open(os.path.join(args.out, "truth.jsonl"), "w") as fh:
        fh.writelines(json.dumps(t, ensure_ascii=False) + "\n" for t in truth)
    mb = [OFF + (datetime.date(reg["year"], m, 1) - datetime.date(reg["year"], 1, 1)).days for m in range(1, 13)] + [D]
    info = {"seed": args.seed, "region_seed": args.region_seed, "year": reg["year"], "lat": round(reg["lat"], 4),
            "lon": round(reg["lon"], 4), "elevation_m": round(reg["elev"]), "epsg": int(X.utm.GetAuthorityCode(None)),
            "t_annual_normal_c": round(reg["tann"], 2), "t_amplitude_c": round(reg["amp"], 2),
            "rain_annual_normal_mm": round(reg["pann"]), "monsoon_peak_doy": round(reg["monsoon_doy"]),
            "calendar_shift_days": reg["shift"], "irrigation_share": round(reg["irr"], 3),
            "soil": [round(float(x), 4) for x in reg["soil"]], "temperature_spells": reg["spells"],
            "rain_spells": reg["dry"],
            "monthly_t_anomaly_c": [round(float((reg["T"] - reg["Tn"])[a:b].mean()), 2) for a, b in zip(mb, mb[1:])],
            "monthly_rain_mm": [round(float(reg["P"][a:b].sum()), 1) for a, b in zip(mb, mb[1:])],
            "acquisitions": [{"date": day(a["i"]), "platform": a["plat"], "cloud": round(a["cc"], 3),
                              "haze": round(a["haze"], 3), "cirrus": round(a["cirrus"], 3),
                              "misregistration_px": round(a["misreg"][0], 2)} for a in reg["acq"]],
            "units": X.ns + len(STATIC), "neighbour_fields": X.nb}
    with open(os.path.join(args.out, "region.json"), "w") as fh:
        json.dump(info, fh, indent=1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, required=True, help="fields, crops, sizes and fates")
    ap.add_argument("--region-seed", type=int, required=True, help="place, climate, weather, soil, sensors, dates")
    ap.add_argument("--parcels", type=int, default=210)
    ap.add_argument("--dates", type=int, default=48)
    ap.add_argument("--hazard-share", type=float, default=0.1, help="share of parcels hit (flood, drought, pest)")
    ap.add_argument("--spec", default=os.environ.get("AVIARY_SPEC", os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "../../../shared/spec")),
                    help="folder of crops.csv (default: the shared spec beside the repository)")
    t0, X = time.time(), SimpleNamespace(args=ap.parse_args())
    X.rows, X.systems = load_spec(X.args.spec)
    X.rows_of = {}
    for r in X.rows:
        X.rows_of.setdefault(r["system"], []).append(r)
    X.reg = region(X.args.region_seed, X.args.dates)
    calibrate(X.rows, X.reg)
    build_fields(X)
    X.Yt, X.evt, X.twin = simulate(X.U, X.I, X.reg, water=False, weak=False, haz=False, record=True)
    rasterise(X)
    clear_looks(X)
    time_hazards(X)
    X.Yw = simulate(X.U, X.I, X.reg, water=True, weak=False, haz=False)[0]
    X.Yk = simulate(X.U, X.I, X.reg, water=True, weak=True, haz=False)[0]
    X.Yf, X.evf, X.full = simulate(X.U, X.I, X.reg, water=True, weak=True, haz=True, record=True)
    print("%d px, %d units, crop model %.1fs" % (X.npx, X.ns, time.time() - t0), file=sys.stderr)
    write_scenes(X)
    write_truth(X)
    print("done: %d parcels, %d dates, %.1fs" % (X.P, len(X.reg["acq"]), time.time() - t0), file=sys.stderr)


if __name__ == "__main__":
    main()
