#!/usr/bin/python3
"""Synthetic Sentinel-2-like scenes of a farming landscape, built from a canopy model.

Usage:
    canopy_scenes.py --out DIR --seed N --region-seed R [--parcels 210] [--dates 48]
                     [--hazard-share 0.1]

--region-seed fixes the place (lon/lat in China's farming belt or south Asia), its calendar
shift, soil, rain, sensor quirks and acquisition dates; --seed fixes the fields, their sizes,
crops and fates. Same arguments give identical output.

Writes, per formats.md "Satellite": DIR/catalog.json (static STAC 1.0), DIR/items/*.json,
DIR/scenes/*.tif (one band per DEFLATE GeoTIFF), DIR/parcels.geojson (lon/lat, parcel_id,
system) and DIR/truth.jsonl (parcel_id, system, area_m2, area_mu, hazards, stress,
yield_factor). area_m2 is the ellipsoidal (WGS 84) area, computed by projecting each polygon to
a Lambert azimuthal equal-area projection on the WGS 84 ellipsoid centred on the parcel (GDAL
3.6 has no GetGeodesicArea; for parcels this small the two agree to ~1e-9). Fallow parcels get
yield_factor 1.0 (nothing expected, nothing lost).

What it models (not a linear mix of spectra.csv):
- phenology in leaf-area-index space: per season a double logistic of green LAI whose
  inflections, harvest and peak follow crops.csv (peak/pre NDVI inverted to LAI through the
  canopy model), with a region calendar shift, per-field shift/stretch/peak; senescent (brown)
  leaves, stubble after harvest, tillage, winter-crop re-sowing in autumn, orchard floors;
- canopy reflectance R = Rinf + (Rbg - Rinf) exp(-alpha L), alpha = 2 k Omega sqrt(1 - w)
  (two-stream-like gap-fraction), with plant-form canopy spectra (cereal, broadleaf, tree,
  paddy), crops.csv swir_factor on canopy SWIR, brown-leaf optics;
- background: a region soil (brightness, redness, SWIR shape), rain-driven soil moisture
  darkening, paddy water from flood_start to flood_end then draining;
- landscape: log-uniform 0.3-300 mu fields packed in strips with bunds, paths, roads, ditches,
  tree lines, villages and unsampled neighbour fields, rotated, rasterised at 2.5 m and averaged
  to 10 m (some items at 20 m) so edge pixels mix neighbours; within-field low/high ground;
- atmosphere/sensor: per-date band gain/offset drift, two alternating orbits (view-angle NIR
  change), haze and thin cirrus (sometimes missed by SCL), opaque clouds with soft edges and
  displaced shadows, swath no-data edges, SCL with errors, revisit gaps;
- hazards per crops.md: flood (water over the low part or all of a field, canopy submerged,
  damage after), drought (lower peak, early senescence, drier leaves), pest (sudden canopy loss
  mid-season, no recovery), and weakened fields without a named hazard.
"""
import argparse
import csv
import datetime as dt
import json
import math
import os

import numpy as np
from scipy import ndimage, sparse
from osgeo import gdal, ogr, osr

gdal.UseExceptions()
SPEC = os.path.join(os.environ.get("AVIARY_SPEC", os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "../../../shared/spec")), "crops.csv")
BANDS = ["B02", "B03", "B04", "B05", "B08", "B11", "B12"]
MU = 666.6667
SS = 4          # fine cells per 10 m pixel side (2.5 m)
RES = 10.0
LEVELS = 4      # ground-height classes inside fields (flood the low ones first)

# Plant-form canopy optics: infinite-canopy reflectance, leaf single-scattering albedo,
# extinction k and clumping. Values are plausible canopy figures, not spectra.csv's.
FORMS = {
    "cereal":    (np.array([.026, .070, .026, .110, .450, .215, .105]),
                  np.array([.12, .28, .10, .40, .92, .62, .40]), 0.45, 1.00),
    "broadleaf": (np.array([.022, .078, .021, .125, .560, .225, .100]),
                  np.array([.12, .30, .08, .42, .94, .62, .40]), 0.65, 0.95),
    "tree":      (np.array([.020, .055, .020, .090, .400, .170, .080]),
                  np.array([.11, .25, .08, .38, .90, .58, .36]), 0.50, 0.70),
    "paddy":     (np.array([.024, .068, .024, .100, .430, .180, .085]),
                  np.array([.12, .28, .10, .40, .92, .58, .36]), 0.45, 1.00),
}
BROWN = (np.array([.07, .10, .13, .18, .30, .38, .30]),
         np.array([.30, .40, .50, .60, .75, .78, .70]))
WATER = np.array([.055, .048, .032, .022, .012, .006, .004])
ROAD = np.array([.10, .12, .13, .145, .17, .21, .19])
ROOF = np.array([.09, .09, .11, .13, .16, .22, .20])
CLOUD = np.array([.42, .43, .45, .46, .50, .34, .24])
FORM_OF = {"rice": "paddy", "wheat": "cereal", "maize": "cereal", "sorghum": "cereal",
           "millet": "cereal", "sugarcane": "cereal", "orchard": "tree", "vineyard": "tree",
           "tea": "tree"}
REGIONS = [(114.5, 34.6), (117.2, 36.2), (113.0, 30.6), (104.6, 30.4), (112.6, 28.2),
           (119.4, 32.6), (116.5, 33.2), (108.6, 23.2), (75.6, 30.6), (90.2, 24.2),
           (80.6, 26.6), (102.8, 25.0), (126.2, 45.8), (110.0, 34.4)]


def load_crops():
    """crops.csv rows grouped by system, keeping season order."""
    systems = {}
    with open(SPEC) as f:
        for r in csv.DictReader(f):
            for k in list(r):
                if k not in ("system", "name_zh", "name_en", "group"):
                    r[k] = float(r[k]) if r[k] else None
            name = r["name_en"]
            r["form"] = next((v for k, v in FORM_OF.items() if k in name), "broadleaf")
            systems.setdefault(r["system"], []).append(r)
    return systems


# ---------------------------------------------------------------- region (--region-seed)
def make_region(rs):
    """Place, calendar, soil, weather and sensor quirks fixed by the region seed."""
    rng = np.random.default_rng([7, rs])
    lon, lat = REGIONS[rng.integers(len(REGIONS))]
    lon += rng.uniform(-0.6, 0.6)
    lat += rng.uniform(-0.5, 0.5)
    zone = int((lon + 180) // 6) + 1
    base = np.array([.080, .110, .140, .170, .220, .300, .260])
    bright = rng.uniform(0.65, 1.35)
    red = rng.uniform(-0.25, 0.35)          # iron-rich soils: more red, less blue
    tilt = np.array([-0.8, -0.3, 0.6, 0.5, 0.2, 0.0, 0.0]) * red
    swir = np.array([1, 1, 1, 1, 1, rng.uniform(.85, 1.2), rng.uniform(.75, 1.25)])
    soil = np.clip(base * bright * (1 + tilt) * swir, 0.02, 0.6)
    return {
        "rng_seed": rs, "lon": lon, "lat": lat, "epsg": 32600 + zone,
        "year": int(rng.integers(2021, 2026)),
        "shift": float(rng.uniform(-1, 1) * rng.uniform(0, 30)),
        "soil": soil, "angle": rng.uniform(-25, 25),
        "rain_base": rng.uniform(0.03, 0.12), "monsoon": rng.uniform(0.05, 0.4),
        "gain_bias": 1 + rng.normal(0, 0.02, 7), "noise": rng.uniform(0.002, 0.006),
        "haze_level": rng.uniform(0.05, 0.35), "cloudiness": rng.uniform(0.15, 0.45),
        "orbit_nir": rng.uniform(0.02, 0.06), "scl_miss": rng.uniform(0.1, 0.4),
    }


def make_weather(region, days):
    """Daily rain and a bucket soil-moisture index (0 dry .. 1 saturated) over `days`."""
    rng = np.random.default_rng([11, region["rng_seed"]])
    doy = np.arange(days.min() - 30, days.max() + 1)
    p = region["rain_base"] + region["monsoon"] * np.exp(-0.5 * ((doy % 365 - 200) / 45) ** 2)
    rain = np.where(rng.random(doy.size) < p, rng.gamma(1.5, 8, doy.size), 0.0)
    m = np.zeros(doy.size)
    for i in range(1, doy.size):  # drains over a few days, each rainy day refills
        m[i] = min(1.0, m[i - 1] * math.exp(-1 / 3.5) + rain[i] / 25)
    return {"doy": doy, "rain": rain, "moist": m}


def make_dates(region, n):
    """n acquisition days (DOY of the crop year, negative = year before), Nov 1 .. Dec 31."""
    rng = np.random.default_rng([13, region["rng_seed"]])
    start = (dt.date(region["year"] - 1, 11, 1) - dt.date(region["year"], 1, 1)).days
    cand = np.arange(start + rng.integers(5), 366, 5)
    keep = np.ones(cand.size, bool)
    for _ in range(rng.integers(2, 5)):     # revisit gaps: ground segment / tasking holes
        g0 = rng.uniform(start, 330)
        keep &= ~((cand >= g0) & (cand < g0 + rng.uniform(14, 30)))
    cand = cand[keep]
    pick = np.sort(rng.choice(cand, size=min(n, cand.size), replace=False))
    return pick


# ---------------------------------------------------------------- landscape (--seed)
def field_areas(rng, n):
    """Log-uniform field areas, 0.3 to 300 mu, in m2."""
    return np.exp(rng.uniform(math.log(0.3), math.log(300), n)) * MU


def pack_strips(rng, items, width):
    """Packs (area, tag) items into strips of similar-sized fields; returns strip dicts."""
    order = sorted(items, key=lambda it: -it[0])
    strips, i = [], 0
    while i < len(order):
        a0 = order[i][0]
        depth = math.sqrt(a0 * rng.uniform(1.2, 3.5)) + 2.0   # longer than wide, + bunds
        row, x = [], 0.0
        while i < len(order) and order[i][0] > a0 / 2.5:
            w = order[i][0] / (depth - 2.0) + 2.0
            if row and x + w > width:
                break
            row.append((x, w, order[i][1]))
            x += w
            i += 1
        strips.append({"depth": depth, "fields": row, "used": x})
    rng.shuffle(strips)
    return strips


def make_layout(rng, n_parcels, systems):
    """Objects (kind, system, local polygon) of the landscape, parcels flagged."""
    names = sorted(systems)
    labels = [names[i % len(names)] for i in range(n_parcels)]   # roughly even crops
    rng.shuffle(labels)
    items = [(a, ("parcel", labels[i])) for i, a in enumerate(field_areas(rng, n_parcels))]
    n_nb = int(n_parcels * rng.uniform(0.35, 0.6))
    for a in field_areas(rng, n_nb):
        kind = "village" if rng.random() < 0.06 else "field"
        items.append((a, (kind, str(rng.choice(names)))))
    total = sum(a for a, _ in items)
    width = max(math.sqrt(total) * 1.1, 1000.0)
    objs, y = [], 0.0
    for st in pack_strips(rng, items, width):
        y = add_strip(rng, objs, st, y, width, names)
    return objs, width, y


def quad(x0b, x1b, x0t, x1t, y0, y1):
    return [(x0b, y0), (x1b, y0), (x1t, y1), (x0t, y1), (x0b, y0)]


def add_strip(rng, objs, st, y, width, names):
    """Adds a strip's gap (road/path/ditch, maybe trees), bund base and fields; returns new y."""
    r = rng.random()
    gap, kind = ((rng.uniform(5, 9), "road") if r < 0.2 else
                 (rng.uniform(3, 6), "ditch") if r < 0.3 else (rng.uniform(1.5, 3), "path"))
    objs.append({"kind": kind, "poly": quad(0, width, 0, width, y, y + gap)})
    if kind != "path" and rng.random() < 0.3:
        objs.append({"kind": "treeline", "poly": quad(0, width, 0, width, y, y + 3)})
    y += gap
    d = st["depth"]
    objs.append({"kind": "path", "poly": quad(0, width, 0, width, y, y + d)})
    fields = list(st["fields"])
    if width - st["used"] > 4:          # fill the strip's end with a neighbour field
        fields.append((st["used"], width - st["used"], ("field", str(rng.choice(names)))))
    bounds = [(f[0], f[0]) for f in fields] + [(width, width)]
    for k in range(1, len(fields)):     # skewed shared boundaries: fields are quadrilaterals
        x = fields[k][0]
        j = min(3.0, 0.15 * min(fields[k - 1][1], fields[k][1]))
        bounds[k] = (x + rng.uniform(-j, j), x + rng.uniform(-j, j))
    for k, (x, w, (kind, system)) in enumerate(fields):
        b = rng.uniform(0.3, 1.0)       # bund half-width
        poly = quad(bounds[k][0] + b, bounds[k + 1][0] - b, bounds[k][1] + b,
                    bounds[k + 1][1] - b, y + b, y + d - b)
        objs.append({"kind": kind, "system": system, "poly": poly})
    return y + d


# ---------------------------------------------------------------- geometry and raster
def place(region, objs, width, height):
    """Rotates the local layout about its centre into UTM metres; returns the 20 m-snapped grid."""
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    utm = osr.SpatialReference()
    utm.ImportFromEPSG(region["epsg"])
    utm.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    cx, cy, _ = osr.CoordinateTransformation(srs, utm).TransformPoint(region["lon"], region["lat"])
    a = math.radians(region["angle"])
    ca, sa = math.cos(a), math.sin(a)
    for o in objs:
        p = np.array(o["poly"]) - (width / 2, height / 2)
        o["utm"] = np.c_[cx + p[:, 0] * ca - p[:, 1] * sa, cy + p[:, 0] * sa + p[:, 1] * ca]
    allp = np.vstack([o["utm"] for o in objs])
    x0 = math.floor((allp[:, 0].min() - 60) / 20) * 20
    y1 = math.ceil((allp[:, 1].max() + 60) / 20) * 20
    nx = int(math.ceil((allp[:, 0].max() + 60 - x0) / 20)) * 2
    ny = int(math.ceil((y1 - allp[:, 1].min() + 60) / 20)) * 2
    return {"x0": x0, "y1": y1, "nx": nx, "ny": ny, "utm": utm, "wgs": srs}


def rasterise(grid, objs):
    """Object id of every 2.5 m cell (0 = background grass), later objects on top."""
    fine = RES / SS
    ds = gdal.GetDriverByName("MEM").Create("", grid["nx"] * SS, grid["ny"] * SS, 1, gdal.GDT_Int32)
    ds.SetGeoTransform((grid["x0"], fine, 0, grid["y1"], 0, -fine))
    ds.SetProjection(grid["utm"].ExportToWkt())
    mem = ogr.GetDriverByName("Memory").CreateDataSource("")
    lyr = mem.CreateLayer("o", grid["utm"], ogr.wkbPolygon)
    lyr.CreateField(ogr.FieldDefn("oid", ogr.OFTInteger))
    for i, o in enumerate(objs):
        ring = ogr.Geometry(ogr.wkbLinearRing)
        for x, y in o["utm"]:
            ring.AddPoint_2D(float(x), float(y))
        g = ogr.Geometry(ogr.wkbPolygon)
        g.AddGeometry(ring)
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetField("oid", i + 1)
        f.SetGeometry(g)
        lyr.CreateFeature(f)
    gdal.RasterizeLayer(ds, [1], lyr, options=["ATTRIBUTE=oid"])
    return ds.GetRasterBand(1).ReadAsArray()


def smooth_noise(rng, shape, sigma):
    """Unit-variance Gaussian random field with correlation length ~sigma pixels."""
    z = ndimage.gaussian_filter(rng.standard_normal(shape), sigma, mode="wrap")
    return (z - z.mean()) / (z.std() + 1e-9)


def mixing_matrix(rng, grid, ids, nobj):
    """Sparse (pixels x zones) area fractions; zone = object x ground-height level."""
    ny, nx = grid["ny"], grid["nx"]
    height = smooth_noise(rng, (ny, nx), 6)
    lev = np.digitize(height, np.quantile(height, [0.25, 0.5, 0.75]))
    lev_f = np.repeat(np.repeat(lev, SS, 0), SS, 1)
    zone = ids.astype(np.int64) * LEVELS + lev_f
    pix = (np.arange(ny * SS)[:, None] // SS) * nx + (np.arange(nx * SS)[None, :] // SS)
    key = pix.ravel() * (nobj * LEVELS) + zone.ravel()
    uk, cnt = np.unique(key, return_counts=True)
    m = sparse.csr_matrix((cnt / SS ** 2, (uk // (nobj * LEVELS), uk % (nobj * LEVELS))),
                          shape=(ny * nx, nobj * LEVELS))
    return m, np.bincount(zone.ravel(), minlength=nobj * LEVELS)


def lonlat_polys(grid, objs):
    """Parcel rings in lon/lat and their ellipsoidal areas (local LAEA on WGS 84)."""
    tr = osr.CoordinateTransformation(grid["utm"], grid["wgs"])
    for o in objs:
        if o["kind"] != "parcel":
            continue
        ll = [tr.TransformPoint(float(x), float(y))[:2] for x, y in o["utm"]]
        o["lonlat"] = [[round(a, 8), round(b, 8)] for a, b in ll]
        lon = np.mean([p[0] for p in ll[:-1]])
        lat = np.mean([p[1] for p in ll[:-1]])
        laea = osr.SpatialReference()
        laea.ImportFromProj4("+proj=laea +lat_0=%f +lon_0=%f +ellps=WGS84 +units=m" % (lat, lon))
        laea.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        t2 = osr.CoordinateTransformation(grid["wgs"], laea)
        ring = ogr.Geometry(ogr.wkbLinearRing)
        for a, b in o["lonlat"]:
            ring.AddPoint_2D(*t2.TransformPoint(a, b)[:2])
        g = ogr.Geometry(ogr.wkbPolygon)
        g.AddGeometry(ring)
        o["area_m2"] = g.GetArea()


# ---------------------------------------------------------------- canopy model
def canopy(lg, lb, bg, rg, wg, k):
    """Reflectance of a green+brown canopy of LAI lg+lb over background bg (.., 7).

    R = Rinf + (Rbg - Rinf) exp(-alpha L): the gap fraction exp(-k L) seen twice (down and
    up), softened by leaf scattering (alpha = 2 k sqrt(1 - w)), so NIR saturates slowly and
    red fast - unlike a linear mix in NDVI.
    """
    lai = lg + lb
    f = (lg / np.maximum(lai, 1e-6))[..., None]
    rinf = f * rg + (1 - f) * BROWN[0]
    w = f * wg + (1 - f) * BROWN[1]
    alpha = 2 * k[..., None] * np.sqrt(1 - w)
    return rinf + (bg - rinf) * np.exp(-alpha * lai[..., None])


def ndvi_of(r):
    return (r[..., 4] - r[..., 2]) / (r[..., 4] + r[..., 2] + 1e-9)


def lai_for_ndvi(form, soil, wood=0.0):
    """Inverse of NDVI(green LAI) over dry region soil, per plant form (LAI 0..7), and the
    form's effective extinction (to work in ground-cover space)."""
    rg, wg, k, om = FORMS[form]
    lai = np.linspace(0, 7, 141)
    n = ndvi_of(canopy(lai, np.full(lai.shape, wood), soil, rg, wg, np.full(lai.shape, k * om)))
    n = np.maximum.accumulate(n)

    def inv(target):
        if target <= n[0] + 0.02:
            return 0.0
        return float(np.interp(target, n + np.arange(n.size) * 1e-7, lai))
    return inv, k * om


def sig(x):
    return 1 / (1 + np.exp(-np.clip(x, -50, 50)))


# ---------------------------------------------------------------- phenology and fates
def season_curves(t, r, si, fate, sh, invk):
    """Green and brown LAI of one season row r on days t for a field with fate `fate`.

    The double logistic runs in ground-cover space c = 1 - exp(-k L) (what a canopy shows
    the sensor), then becomes LAI; its inflections are crops.csv's, shifted and stretched."""
    inv, ke = invk
    cov = lambda lai: 1 - np.exp(-ke * lai)
    lai_of = lambda c: -np.log(1 - np.clip(c, 0, 0.999)) / ke
    s = fate["stretch"]
    dr = fate.get("drought") if fate.get("hz_season") == si else None
    mult, early, fall = (dr if dr else (1.0, 0.0, 1.0))   # drought hits one season
    gu = r["greenup_doy"] + sh
    sd = gu + (r["senescence_doy"] - r["greenup_doy"]) * s - fate["early"] - early
    rr, fr = r["rise_rate"] / s, r["fall_rate"] / s * fall
    lpre = inv(r["pre_ndvi"])
    lmax = max(inv(r["peak_ndvi"] + fate["dpeak"]) * fate["lai_mult"] * mult, lpre + 0.05)
    if r["system"] == "fallow":                  # weeds: thin, patchy cover
        lmax = fate["weeds"] * 1.3
    cpre, cmax = cov(lpre), cov(lmax)
    if r["harvest_doy"] is None:                 # orchard/tea: canopy returns to its floor
        c = cpre + (cmax - cpre) * (sig(rr * (t - gu)) - sig(fr * (t - sd)))
        return lai_of(c), np.full(t.shape, fate["wood"]), None
    lend = 0.05 * lmax
    cend = cov(lend)

    def standing(tt):
        up, down = sig(rr * (tt - gu)), sig(fr * (tt - sd))
        c = np.maximum(cpre + (cmax - cpre) * up - (cmax - cend) * down, min(cpre, cend))
        return lai_of(c), 0.6 * (lmax - lend) * up * down   # dead leaves stay on the plant
    g, b = standing(t)
    hv = gu + (r["harvest_doy"] - r["greenup_doy"]) * s
    gh, bh = standing(np.array([hv]))
    after = t > hv
    dtau = np.maximum(t - hv, 0)
    g = np.where(after, gh * np.exp(-dtau / 2) + fate["weeds"] * (1 - np.exp(-dtau / 40)), g)
    res = fate["residue"] * np.where(dtau < fate["till"], 1.0, 0.15)
    b = np.where(after, bh * np.exp(-dtau / 2) + res, b)
    return g, b, hv


def field_curves(t, rows, fate, region, invs):
    """Green LAI, brown LAI, background water fraction, season index of a field over t."""
    sh = region["shift"] + fate["shift"]
    g = np.zeros(t.shape)
    b = np.zeros(t.shape)
    fw = np.zeros(t.shape)
    season = np.zeros(t.shape, int)
    prev_hv = -1e9
    for si, r in enumerate(rows):
        gs, bs, hv = season_curves(t, r, si, fate, sh, invs[r["form"]])
        cur = t > prev_hv
        season[cur] = si
        g = np.where(cur, np.maximum(gs, g), g)   # last season's weeds persist
        if prev_hv > -1e9:   # stubble of the last season lies under the next one's start
            b = np.where(cur, np.maximum(bs, b), b)
        else:
            b = bs
        if r["flood_start_doy"] is not None:
            fs, fe = r["flood_start_doy"] + sh, r["flood_end_doy"] + sh
            sd = r["senescence_doy"] + sh
            wet = np.where((t >= fs - 6) & (t < fs), 0.35, 0.0)            # puddling
            wet = np.where((t >= fs) & (t <= fe), 1.0, wet)
            wet = np.where((t > fe) & (t < sd - 20), 0.7 * np.exp(-(t - fe) / 18), wet)
            fw = np.maximum(fw, wet)
        prev_hv = hv if hv is not None else prev_hv
    first = rows[0]
    if first["harvest_doy"] is not None and first["pre_ndvi"] > 0.25 and first["greenup_doy"] < 100:
        lpre = invs[first["form"]][0](first["pre_ndvi"])   # winter crop: sown in October
        g = np.where(t < first["greenup_doy"] + sh - 40,
                     lpre * sig(0.08 * (t - (-70 + sh))), g)
        resow = lpre * sig(0.08 * (t - (300 + sh)))
        g = np.where(t > prev_hv + 15, np.maximum(g, resow), g)
    return g, b, fw, season


def pick_hazards(rng, fates, share):
    """Chooses, per hazard type, share of the eligible parcels (crops that can have it)."""
    ok = {"flood": lambda s: s not in ("fallow", "tea"),
          "drought": lambda s: s not in ("fallow", "rice_single", "rice_double"),
          "pest": lambda s: s != "fallow"}
    for kind, can in ok.items():
        idx = [i for i, f in enumerate(fates) if can(f["system"])]
        n = int(round(share * len(idx)))
        for i in rng.choice(idx, size=n, replace=False) if n else []:
            fates[i]["hz"][kind] = True


def make_fate(rng, system, rows, is_parcel):
    """Per-field deviations from the normal season, and weakness without a named hazard."""
    tree = rows[0]["harvest_doy"] is None
    f = {"system": system, "parcel": is_parcel, "hz": {},
         "shift": float(np.clip(rng.normal(0, 6), -15, 15)), "stretch": rng.uniform(0.92, 1.1),
         "dpeak": float(np.clip(rng.normal(0, 0.03), -0.06, 0.05)), "lai_mult": 1.0,
         "early": 0.0, "weeds": rng.uniform(0.0, 0.25),
         "residue": rng.uniform(0.2, 0.9), "till": rng.uniform(4, 60),
         "wood": rng.uniform(0.3, 0.8) if tree else 0.0, "stress": 1.0, "swir": 1.0,
         "soil": rng.uniform(0.88, 1.12), "vigour": rng.normal(0, 0.06, LEVELS)}
    if system == "fallow":
        f["weeds"] = rng.choice([rng.uniform(0.0, 0.06), rng.uniform(0.08, 0.3)])
    elif rng.random() < 0.14:            # weakened: poor seed, soil or management
        f["stress"] = rng.uniform(0.75, 0.95)
        f["lai_mult"] = f["stress"] ** 1.6
        f["early"] = (1 - f["stress"]) * 40
    f["yield"] = 1.0 if system == "fallow" else float(
        np.clip(rng.normal(1.0, 0.03) + 1.2 * f["dpeak"], 0.85, 1.12) * f["stress"] ** 1.3)
    return f


def hazard_plans(rng, f, rows, region):
    """Dates and strengths of the hazards chosen for a field; adjusts its fate."""
    sh = region["shift"] + f["shift"]
    f["hz_season"] = si = int(rng.integers(len(rows)))
    r = rows[si]
    gu = r["greenup_doy"] + sh
    hv = gu + ((r["harvest_doy"] or 290 - sh) - r["greenup_doy"]) * f["stretch"]
    sd = gu + (r["senescence_doy"] - r["greenup_doy"]) * f["stretch"] - f["early"]
    end = hv if r["harvest_doy"] else 400       # damage lasts to this season's harvest
    plans = []
    if f["hz"].get("drought"):           # a season-long shortfall
        m = rng.uniform(0.4, 0.72)
        f["drought"] = (m, rng.uniform(8, 25), 1.3)
        f["swir"] = 1.15
        f["yield"] *= m ** 0.8
        plans.append({"type": "drought", "start": gu - 25, "end": sd - f["drought"][1]})
        sd -= f["drought"][1]
    if f["hz"].get("pest"):              # sudden loss mid-season, no recovery
        tp = rng.uniform(gu + 12, max(gu + 14, min(sd, hv - 25)))
        dur = rng.uniform(3, 9)
        loss = rng.uniform(0.45, 0.85)
        f["yield"] *= 1 - 0.8 * loss
        f["pest"] = (tp, dur, loss, end)
        plans.append({"type": "pest", "start": tp, "end": tp + dur})
    if f["hz"].get("flood"):             # standing water over the low part or all of it
        lo, hi = (gu + 5, hv - 15) if r["harvest_doy"] else (120 + sh, 270 + sh)
        fs = rng.uniform(lo, max(lo + 1, hi - 10))
        dur = rng.uniform(5, 25)
        nlev = int(rng.integers(1, LEVELS + 1))
        sub = rng.uniform(0.6, 1.0)
        dmg = min(0.8, dur / 30 * sub)
        f["flood"] = (fs, fs + dur, nlev, sub, dmg, end)
        f["yield"] *= 1 - dmg * nlev / LEVELS * 0.8
        plans.append({"type": "flood", "start": fs, "end": fs + dur})
    return plans


def apply_pest(t, g, b, f):
    """Green canopy lost over a few days becomes brown debris that slowly falls."""
    if "pest" not in f:
        return g, b
    tp, dur, loss, end = f["pest"]
    step = loss * sig((t - tp - dur / 2) / (dur / 6)) * (t <= end)
    lost = g * step
    return g - lost, b + 0.6 * lost * np.exp(-np.maximum(t - tp, 0) / 25)


FORM_NAMES = list(FORMS)
OTHER = {  # non-crop objects: form, peak green LAI of a seasonal hump, brown LAI, cover
    "background": ("cereal", 1.6, 0.5, None), "road": ("cereal", 0.0, 0.0, ROAD),
    "path": ("cereal", 0.6, 0.3, None), "ditch": ("broadleaf", 1.2, 0.3, WATER),
    "treeline": ("tree", 3.0, 0.6, None), "village": ("tree", 0.8, 0.3, ROOF),
}


def object_curves(t, objs, fates, systems, region, invs):
    """Per object and date: green LAI, brown LAI, water fraction, form index, SWIR factor."""
    n, nd = len(objs) + 1, t.size
    g, b, fw = np.zeros((n, nd)), np.zeros((n, nd)), np.zeros((n, nd))
    form = np.zeros((n, nd), int)
    swir = np.ones((n, nd))
    hump = sig(0.05 * (t - 100)) - sig(0.05 * (t - 300))
    kinds = ["background"] + [o["kind"] for o in objs]
    for i, kind in enumerate(kinds):
        if kind in OTHER:
            fname, lg, lb, cover = OTHER[kind]
            g[i] = 0.2 * lg + 0.8 * lg * hump
            b[i] = lb
            fw[i] = 1.0 if kind == "ditch" else 0.0
            form[i] = FORM_NAMES.index(fname)
            continue
        f = fates[i]
        rows = systems[f["system"]]
        gi, bi, fwi, season = field_curves(t, rows, f, region, invs)
        gi, bi = apply_pest(t, gi, bi, f)
        g[i], b[i], fw[i] = gi, bi, fwi
        form[i] = [FORM_NAMES.index(rows[s]["form"]) if rows[s]["flood_start_doy"] is None
                   else FORM_NAMES.index("paddy") for s in season]
        swir[i] = [rows[s]["swir_factor"] * (f["swir"] if s == f.get("hz_season") else 1)
                   for s in season]
    return g, b, fw, form, swir


def zone_curves(t, curves, fates, counts):
    """Expands object curves to object x ground-level zones: vigour and floods by level."""
    g, b, fw, form, swir = (np.repeat(a, LEVELS, axis=0) for a in curves)
    wet = np.zeros_like(g)
    for i, f in fates.items():
        zs = np.arange(i * LEVELS, (i + 1) * LEVELS)
        g[zs] *= np.clip(1 + f["vigour"], 0.7, 1.3)[:, None]
        if "flood" not in f:
            continue
        fs, fe, nlev, sub, dmg, end = f["flood"]
        present = [z for z in zs if counts[z] > 0]
        for z in present[:nlev]:         # the lowest ground goes under first
            on = (t >= fs) & (t <= fe)
            g[z] = np.where(on, g[z] * (1 - sub), np.where((t > fe) & (t <= end),
                                                                g[z] * (1 - dmg), g[z]))
            b[z] = np.where(on, b[z] * (1 - sub), b[z])
            fw[z] = np.where(on, np.maximum(fw[z], flood_water_share(t, fs, fe)), fw[z])
            wet[z] = np.where((t > fe) & (t < fe + 12), 1.0, 0.0)
    return g, b, fw, form, swir, wet


def flood_water_share(t, fs, fe):
    """Open-water share of a flooded zone: full at the crest, receding at the end."""
    return np.clip(1.0 - np.maximum(t - (fe - 3), 0) / 6, 0.5, 1.0)


# ---------------------------------------------------------------- rendering
def zone_statics(objs, fates, region):
    """Per-zone dry soil spectrum, impervious cover spectrum and its share."""
    n = len(objs) + 1
    soil = np.tile(region["soil"], (n, 1))
    cover = np.zeros((n, 7))
    share = np.zeros(n)
    for i, o in enumerate(objs, start=1):
        if i in fates:
            soil[i] *= fates[i]["soil"]
        elif o["kind"] in OTHER and OTHER[o["kind"]][3] is not None and o["kind"] != "ditch":
            cover[i] = OTHER[o["kind"]][3]
            share[i] = 1.0 if o["kind"] == "road" else 0.7
        elif o["kind"] == "path":
            soil[i] *= 1.15                  # compacted, dry
    rep = lambda a: np.repeat(a, LEVELS, axis=0)
    return rep(soil), rep(cover), rep(share)


def zone_spectra(d, zc, st, moist):
    """Surface reflectance of every zone on date index d."""
    g, b, fw, form, swir, wet = (a[:, d] for a in zc)
    soil, cover, share = st
    m = np.maximum(moist, wet)[:, None]
    dark = np.array([.32, .32, .32, .32, .30, .45, .50])     # water darkens SWIR most
    bg = ((1 - fw - share)[:, None].clip(0) * soil * (1 - m * dark)
          + fw[:, None] * WATER + share[:, None] * cover)
    rg = np.stack([FORMS[f][0] for f in FORM_NAMES])[form]
    rg[:, 5:] *= swir[:, None]
    wg = np.stack([FORMS[f][1] for f in FORM_NAMES])[form]
    k = np.array([FORMS[f][2] * FORMS[f][3] for f in FORM_NAMES])[form]
    return canopy(g, b, bg, rg, wg, k)


def atmosphere(rng, surf, region, d, season_cloud):
    """Haze, cirrus, clouds, shadows, gain drift and noise on one date; returns TOA-ish
    reflectance and the truth layers (cloud opacity, shadow, cirrus) the SCL will judge."""
    ny, nx, _ = surf.shape
    tau = region["haze_level"] * rng.lognormal(0, 0.5)
    hz = 1 + 0.3 * smooth_noise(rng, (ny, nx), 25)[..., None]
    path = tau * np.array([.05, .04, .028, .022, .014, .004, .002]) * hz
    trans = 1 - 0.25 * tau * np.array([1.2, 1, .8, .7, .5, .2, .1])
    cir = np.zeros((ny, nx))
    if rng.random() < 0.25:
        cir = rng.uniform(0.005, 0.04) * np.clip(smooth_noise(rng, (ny, nx), 30), 0, None)
    cover = float(np.clip(rng.beta(0.6, 1.4) * season_cloud * 2.2, 0, 1))
    opa = np.zeros((ny, nx))
    if cover > 0.02:
        # cloud fields of 0.3-3 km with ragged small-scale edges
        z = smooth_noise(rng, (ny, nx), rng.uniform(10, 35)) + 0.3 * smooth_noise(rng, (ny, nx), 3)
        thr = np.quantile(z, 1 - cover)
        opa = sig((z - thr) / 0.15)
    h = rng.uniform(40, 150)                 # cloud height x tan(zenith), in pixels
    az = math.radians(rng.uniform(130, 160))
    sh = ndimage.shift(opa, (h * math.cos(az), -h * math.sin(az)), order=0, mode="constant")
    shade = 1 - 0.7 * sh[..., None] * np.array([.85, .9, .95, 1, 1, 1, 1])
    toa = surf * trans * shade + path + cir[..., None] * np.array([1, 1, 1, 1, 1, .9, .8])
    cloud = CLOUD * (0.9 + 0.1 * smooth_noise(rng, (ny, nx), 3)[..., None])
    toa = (1 - opa[..., None]) * toa + opa[..., None] * cloud
    orbit = 1 + (region["orbit_nir"] if d % 2 else -region["orbit_nir"]) * np.array(
        [0.2, 0.2, 0.2, 0.6, 1, 0.6, 0.4])
    gain = region["gain_bias"] * orbit * (1 + rng.normal(0, 0.012, 7))
    toa = toa * gain + rng.normal(0, 0.002, 7)
    toa += rng.standard_normal(toa.shape) * region["noise"] * (1 + 2 * toa)
    return toa, opa, sh, cir


def scene_classes(rng, toa, opa, shadow, cir, region):
    """SCL as a processor would guess it: misses thin cloud edges and some cirrus, calls
    some shadow water or vegetation, flags some bright ground as cloud."""
    b03, b04, b08, b11 = toa[..., 1], toa[..., 2], toa[..., 4], toa[..., 5]
    ndvi = (b08 - b04) / (b08 + b04 + 1e-6)
    mndwi = (b03 - b11) / (b03 + b11 + 1e-6)
    scl = np.where(ndvi > 0.33, 4, 5).astype(np.uint8)
    scl[(mndwi > 0.05) & (b08 < 0.13)] = 6
    q = rng.uniform(0.5, 1.0) * (1 - region["scl_miss"] * rng.random())
    blob = smooth_noise(rng, opa.shape, 4)
    scl[(shadow > 0.5) & (sig(blob) < q)] = 3
    if rng.random() > region["scl_miss"]:
        scl[cir > 0.012] = 10
    scl[(toa[..., 0] > 0.22) & (opa < 0.3) & (rng.random(opa.shape) < 0.5)] = 8
    cut = rng.uniform(0.35, 0.65)
    scl[opa > cut] = 8
    scl[opa > 0.85] = 9
    return scl


def write_tif(path, arr, grid, res, dtype):
    drv = gdal.GetDriverByName("GTiff")
    ds = drv.Create(path, arr.shape[1], arr.shape[0], 1, dtype, options=["COMPRESS=DEFLATE"])
    ds.SetGeoTransform((grid["x0"], res, 0, grid["y1"], 0, -res))
    ds.SetProjection(grid["utm"].ExportToWkt())
    ds.GetRasterBand(1).WriteArray(arr)
    ds.GetRasterBand(1).SetNoDataValue(0)
    ds = None


def write_item(out, name, date, grid, toa, scl, res):
    """One STAC item: seven uint16 bands and SCL on one grid."""
    ny, nx = scl.shape
    dn = np.clip(np.round(toa * 10000), 1, 65535).astype(np.uint16)
    dn[scl == 0] = 0
    assets = {}
    for bi, band in enumerate(BANDS):
        write_tif(os.path.join(out, "scenes", "%s_%s.tif" % (name, band)), dn[..., bi], grid,
                  res, gdal.GDT_UInt16)
        assets[band] = {"href": "../scenes/%s_%s.tif" % (name, band),
                        "type": "image/tiff; application=geotiff", "roles": ["data"]}
    write_tif(os.path.join(out, "scenes", "%s_SCL.tif" % name), scl, grid, res, gdal.GDT_Byte)
    assets["SCL"] = {"href": "../scenes/%s_SCL.tif" % name,
                     "type": "image/tiff; application=geotiff", "roles": ["data"]}
    x0, y1 = grid["x0"], grid["y1"]
    x1, y0 = x0 + nx * res, y1 - ny * res
    tr = osr.CoordinateTransformation(grid["utm"], grid["wgs"])
    ring = [list(tr.TransformPoint(x, y)[:2]) for x, y in
            [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]]
    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
    item = {"type": "Feature", "stac_version": "1.0.0", "id": name,
            "stac_extensions": ["https://stac-extensions.github.io/projection/v1.1.0/schema.json"],
            "geometry": {"type": "Polygon", "coordinates": [ring]},
            "bbox": [min(lons), min(lats), max(lons), max(lats)],
            "properties": {"datetime": date.strftime("%Y-%m-%dT%H:%M:%SZ"),
                           "proj:epsg": grid["epsg"], "proj:shape": [ny, nx],
                           "proj:transform": [res, 0, x0, 0, -res, y1], "gsd": res},
            "links": [{"rel": "root", "href": "../catalog.json"},
                      {"rel": "parent", "href": "../catalog.json"}],
            "assets": assets}
    with open(os.path.join(out, "items", name + ".json"), "w") as f:
        json.dump(item, f, indent=1)
    return "./items/%s.json" % name


def coarsen(a):
    """2 x 2 block mean: a 20 m item from the 10 m rendering."""
    ny, nx = a.shape[:2]
    return a.reshape(ny // 2, 2, nx // 2, 2, *a.shape[2:]).mean(axis=(1, 3))


def render_dates(out, region, grid, dates, weather, m, zc, st):
    """Renders and writes every acquisition; returns catalog links."""
    rng = np.random.default_rng([31, region["rng_seed"]])
    ny, nx = grid["ny"], grid["nx"]
    tex = 1 + 0.02 * smooth_noise(rng, (ny, nx, 7), (1.2, 1.2, 0)) \
        + 0.01 * rng.standard_normal((ny, nx, 7))       # sub-field texture, fixed in time
    links = []
    for d, doy in enumerate(dates):
        moist = float(np.interp(doy, weather["doy"], weather["moist"]))
        surf = np.asarray(m @ zone_spectra(d, zc, st, moist)).reshape(ny, nx, 7) * tex
        season_cloud = region["cloudiness"] * (
            0.7 + 0.8 * math.exp(-0.5 * ((doy % 365 - 200) / 50) ** 2)
            + 0.6 * min(1.0, weather["rain"][weather["doy"] == doy].sum() / 10))
        toa, opa, sh, cir = atmosphere(rng, surf, region, d, season_cloud)
        res = RES
        if rng.random() < 0.12:
            toa, opa, sh, cir, res = coarsen(toa), coarsen(opa), coarsen(sh), coarsen(cir), 20.0
        scl = scene_classes(rng, toa, opa, sh, cir, region)
        if rng.random() < 0.1:                       # edge of the swath
            yy, xx = np.mgrid[0:scl.shape[0], 0:scl.shape[1]] / np.array(scl.shape)[:, None, None]
            a = rng.uniform(0, 2 * math.pi)
            v = xx * math.cos(a) + yy * math.sin(a)
            scl[v > np.quantile(v, rng.uniform(0.6, 0.95))] = 0
        when = dt.datetime(region["year"], 1, 1, 3, 0) + dt.timedelta(
            days=int(doy), minutes=int(rng.integers(0, 40)))
        name = "S2_%s_%03d" % (when.strftime("%Y%m%d"), d)
        links.append(write_item(out, name, when, grid, toa, scl, res))
    return links


def day(region, doy):
    return (dt.date(region["year"], 1, 1) + dt.timedelta(days=int(round(doy)))).isoformat()


def write_vectors(out, region, objs, fates):
    """parcels.geojson and truth.jsonl."""
    feats, truth = [], []
    for i, o in enumerate(objs, start=1):
        if o["kind"] != "parcel":
            continue
        f = fates[i]
        pid = "p%04d" % len(feats)
        feats.append({"type": "Feature", "properties": {"parcel_id": pid, "system": f["system"]},
                      "geometry": {"type": "Polygon", "coordinates": [o["lonlat"]]}})
        hz = [{"type": p["type"], "start": day(region, p["start"]), "end": day(region, p["end"])}
              for p in f["plans"]]
        truth.append({"parcel_id": pid, "system": f["system"], "area_m2": round(o["area_m2"], 3),
                      "area_mu": round(o["area_m2"] / MU, 4), "hazards": hz,
                      "stress": round(f["stress"], 4), "yield_factor": round(f["yield"], 4)})
    with open(os.path.join(out, "parcels.geojson"), "w") as fh:
        json.dump({"type": "FeatureCollection", "features": feats}, fh)
    with open(os.path.join(out, "truth.jsonl"), "w") as fh:
        for t in truth:
            fh.write(json.dumps(t) + "\n")


def make_fates(rng, objs, systems, region, share):
    fates = {}
    for i, o in enumerate(objs, start=1):
        if o["kind"] in ("parcel", "field"):
            fates[i] = make_fate(rng, o["system"], systems[o["system"]], o["kind"] == "parcel")
    parcels = [f for f in fates.values() if f["parcel"]]
    pick_hazards(rng, parcels, share)
    for f in fates.values():
        f["plans"] = hazard_plans(rng, f, systems[f["system"]], region)
    return fates


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--region-seed", type=int, required=True)
    ap.add_argument("--parcels", type=int, default=210)
    ap.add_argument("--dates", type=int, default=48)
    ap.add_argument("--hazard-share", type=float, default=0.1)
    a = ap.parse_args()
    for sub in ("items", "scenes"):
        os.makedirs(os.path.join(a.out, sub), exist_ok=True)
    systems = load_crops()
    region = make_region(a.region_seed)
    dates = make_dates(region, a.dates)
    weather = make_weather(region, dates)
    rng = np.random.default_rng([21, a.seed])
    objs, width, height = make_layout(rng, a.parcels, systems)
    grid = place(region, objs, width, height)
    grid["epsg"] = region["epsg"]
    ids = rasterise(grid, objs)
    m, counts = mixing_matrix(rng, grid, ids, len(objs) + 1)
    lonlat_polys(grid, objs)
    fates = make_fates(rng, objs, systems, region, a.hazard_share)
    invs = {f: lai_for_ndvi(f, region["soil"], 0.55 if f == "tree" else 0.0) for f in FORMS}
    t = dates.astype(float)
    curves = object_curves(t, objs, fates, systems, region, invs)
    zc = zone_curves(t, curves, fates, counts)
    st = zone_statics(objs, fates, region)
    links = render_dates(a.out, region, grid, dates, weather, m, zc, st)
    cat = {"type": "Catalog", "stac_version": "1.0.0", "id": "canopy-scenes",
           "description": "canopy_scenes.py seed %d region-seed %d" % (a.seed, a.region_seed),
           "links": [{"rel": "root", "href": "./catalog.json"}]
           + [{"rel": "item", "href": h, "type": "application/geo+json"} for h in links]}
    with open(os.path.join(a.out, "catalog.json"), "w") as f:
        json.dump(cat, f, indent=1)
    write_vectors(a.out, region, objs, fates)


if __name__ == "__main__":
    main()
