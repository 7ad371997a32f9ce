#!/usr/bin/env python3
"""A second scene generator, built differently from `aviary-simulate satellite simulate`, for held-out
evaluation of the crop model and the hazard detectors, and the second of the two generators the
shipped crop model is trained on (seeds 501-524, region-seeds 21-44: train_shipped_model.sh).
Evaluation uses other seeds and region-seeds; being the same generator, it says less about
scenes made a third way than it did before it was trained on.

It is OURS (written for Aviary, by the same team): a stand-in for the independent scenes that
are kept back, not a replacement for them. What it shares with the product is only the
agronomic reference (crops.csv: which systems exist, their peaks, floors and calendar days;
spectra.csv's vegetation and water end-members). Everything else is made another way:

- curve shape: asymmetric Gaussian seasons (not Beck's double logistic; crops.csv's rise and
  fall rates are not used), harvest as a 10-day linear cut, seasons stretched or shortened;
- calendar: a region-wide shift of up to 25 days either way (times --severity), per-field
  shifts, and a second season shifted on its own in double-cropping systems;
- soils and background: its own soil spectra (dark clay, red laterite, bright sand, loess),
  per-field brightness, grass verges between fields, neighbours touching;
- sensors: Sentinel-2-like scenes at 10 m and Landsat-like ones at 30 m without B05, with
  their own noise and a per-scene gain error;
- atmosphere: unmasked haze (additive path radiance), Gaussian-blob clouds whose mask misses
  some of them, thin cirrus, shadows in a per-scene direction;
- revisits: irregular dates with a rainy-season gap;
- geometry: rotated rectangles of 0.3 to 120 mu on UTM zone 49N, coverage by 2.5 m
  supersampling;
- hazards: floods as a rising and falling water share, droughts that also end the season
  early, pests as a fall over 3 to 10 days.

--severity (0..1, default 0.25) scales how far a region departs from crops.md: its calendar,
peaks, soil, haze, Landsat-like share and rainy-season gap. At 0 the curve shape, geometry,
clouds and field sizes still differ from the product's simulator.

Usage: independent_scenes.py OUT_DIR [--seed N] [--parcels N] [--dates N] [--hazard-share X]
                             [--severity S] [--region-seed R]
Writes OUT_DIR/catalog.json, items/, scenes/, parcels.geojson and truth.jsonl in the formats
of `aviary-simulate satellite simulate` (score with score_assessment.py). Needs python3-gdal, numpy.
"""
import argparse
import csv
import datetime
import json
import math
import os
import sys

import numpy as np
from osgeo import gdal, ogr, osr

gdal.UseExceptions()
HERE = os.path.dirname(os.path.abspath(__file__))
RESOURCES = os.path.join(HERE, "..", "..", "plugins", "satellite", "resources")
BANDS = ["B02", "B03", "B04", "B05", "B08", "B11", "B12"]
EPSG = 32649
ORIGIN = (600000.0, 3380000.0)  # ~112.0E 30.5N, the Jianghan plain
FINE = 2.5  # metres: the supersampling grid every scene is averaged from

# Soil reflectance B02..B12 (not spectra.csv's soil).
SOILS = {
    "dark_clay": [0.050, 0.068, 0.085, 0.110, 0.160, 0.230, 0.195],
    "red_laterite": [0.065, 0.095, 0.165, 0.205, 0.255, 0.335, 0.295],
    "bright_sand": [0.120, 0.160, 0.205, 0.240, 0.290, 0.380, 0.330],
    "loess": [0.090, 0.120, 0.150, 0.180, 0.230, 0.320, 0.285],
}
GRASS_NDVI = 0.5
# Diagnostics only (--ablate): turn one kind of difference off to see what it costs.
ABLATE = set()
# How far the region departs from crops.md (1: the most; see --severity).
SEVERITY = [0.25]
# With --region-seed, the region's own draws (calendar, peaks, soil, rainy season) come from
# this generator, so that several catalogs share one region; the main stream still advances.
REGION_RNG = [None]


def region_draw(rng, draw):
    """`draw(rng)` from the region's generator when there is one (the main one advances too)."""
    value = draw(rng)
    return draw(REGION_RNG[0]) if REGION_RNG[0] is not None else value


def load_calendar():
    systems = {}
    with open(os.path.join(RESOURCES, "crops.csv")) as f:
        for row in csv.DictReader(f):
            num = lambda k: float(row[k]) if row[k] else None
            season = {k: num(k) for k in ["pre_ndvi", "peak_ndvi", "post_ndvi", "flood_start_doy",
                                          "flood_end_doy", "greenup_doy", "senescence_doy",
                                          "harvest_doy", "swir_factor", "rise_rate", "fall_rate"]}
            systems.setdefault(row["system"], []).append(season)
    spectra = {}
    with open(os.path.join(RESOURCES, "spectra.csv")) as f:
        for row in csv.DictReader(f):
            spectra[row["endmember"]] = np.array([float(row[b]) for b in BANDS])
    return systems, spectra


def season_curve(s, t, shift, stretch, peak_delta, amplitude, early_end=0.0):
    """An asymmetric Gaussian season on days t: pre before, peak at 55% of the season, post
    after; half-way up at green-up and half-way down at senescence."""
    g = s["greenup_doy"] + shift
    sen = g + (s["senescence_doy"] - s["greenup_doy"]) * stretch - early_end
    tp = g + 0.55 * (sen - g)
    sr = max(4.0, (tp - g) / 1.1774)
    sf = max(4.0, (sen - tp) / 1.1774)
    peak = s["peak_ndvi"] + peak_delta
    pre, post = s["pre_ndvi"], s["post_ndvi"]
    low = min(pre, post)
    rise = pre + (peak - pre) * np.exp(-0.5 * ((t - tp) / sr) ** 2)
    fall = post + (peak - post) * np.exp(-0.5 * ((t - tp) / sf) ** 2)
    v = np.where(t < tp, rise, fall)
    if "shape" in ABLATE:  # crops.md's double logistic instead
        v = pre + (peak - pre) / (1 + np.exp(-s["rise_rate"] * (t - g))) \
            - (peak - post) / (1 + np.exp(-s["fall_rate"] * (t - sen)))
        v = np.maximum(v, low)
    v = np.where(v > low, low + amplitude * (v - low), v)
    if s["harvest_doy"] is not None:
        h = g + (s["harvest_doy"] - s["greenup_doy"]) * stretch - early_end
        cut = np.clip((t - h) / 10.0, 0, 1)
        v = v * (1 - cut) + post * cut
    return v, g, sen


class Field:
    pass


def system_ndvi(f, seasons, t):
    """NDVI of a field's system on days t, and the season index current on each day."""
    values = []
    ends = []
    for k, s in enumerate(seasons):
        shift = f.shift + (f.second_shift if k == 1 else 0)
        amp = f.amplitude * (f.drought_factor if f.drought_season == k else 1)
        early = f.drought_early if f.drought_season == k else 0.0
        v, g, sen = season_curve(s, t, shift, f.stretch, f.peak_delta, amp, early)
        values.append(v)
        if s["harvest_doy"] is not None:
            ends.append(g + (s["harvest_doy"] - s["greenup_doy"]) * f.stretch - early)
        else:
            ends.append(sen + 60)
    if len(seasons) == 1:
        return values[0], np.zeros_like(t, dtype=int)
    idx = (t > ends[0]).astype(int)
    return np.where(idx == 0, values[0], values[1]), idx


def cover_for_ndvi(ndvi, soil, veg):
    sN, sR, vN, vR = soil[4], soil[2], veg[4], veg[2]
    fv = (sR * (1 + ndvi) - sN * (1 - ndvi)) / ((vN - sN) * (1 - ndvi) - (vR - sR) * (1 + ndvi))
    return np.clip(fv, -0.15, 1.0)


def make_fields(rng, systems, n, hazard_share):
    codes = list(systems)
    sev = SEVERITY[0]
    region_shift = region_draw(rng, lambda r: r.uniform(-25, 25)) * sev
    region_stretch = 1 + (region_draw(rng, lambda r: r.uniform(0.9, 1.12)) - 1) * sev
    region_peak = region_draw(rng, lambda r: r.uniform(-0.06, 0.04)) * sev
    if "calendar" in ABLATE:
        region_shift, region_stretch = 0.0, 1.0
    if "peaks" in ABLATE:
        region_peak = 0.0
    fields = []
    for i in range(n):
        f = Field()
        f.id = "q%04d" % (i + 1)
        f.system = codes[i % len(codes)] if i < len(codes) * (n // len(codes)) else \
            codes[rng.integers(len(codes))]
        f.shift = region_shift + float(np.clip(rng.normal(0, 5 + 2 * sev), -15, 15))
        f.second_shift = float(rng.uniform(-10, 10)) * sev
        f.stretch = region_stretch * rng.uniform(0.95, 1.05)
        f.peak_delta = region_peak + float(np.clip(rng.normal(0, 0.03), -0.06, 0.06))
        if "calendar" in ABLATE:
            f.shift, f.second_shift, f.stretch = f.shift / 7 * 5 / 1.5, 0.0, 1.0
        if "peaks" in ABLATE:
            f.peak_delta = f.peak_delta / 1.2
        f.amplitude = rng.uniform(0.75, 0.95) if rng.random() < 0.25 else 1.0
        f.stress = f.amplitude
        f.drought_season = -1
        f.drought_factor = 1.0
        f.drought_early = 0.0
        f.hazards = []
        f.mu = math.exp(rng.uniform(math.log(0.3), math.log(120)))
        f.aspect = rng.uniform(1, 4)
        f.angle = rng.uniform(-25, 25)
        f.soil_gain = 1 + (rng.uniform(0.85, 1.15) - 1) * sev
        f.nir_gain = 1 + (rng.uniform(0.92, 1.08) - 1) * sev
        if "soil" in ABLATE:
            f.soil_gain, f.nir_gain = 1.0, 1.0
        seasons = systems[f.system]
        if f.system != "fallow":
            draw = rng.random()
            k = int(rng.integers(len(seasons)))
            s = seasons[k]
            shift = f.shift + (f.second_shift if k == 1 else 0)
            g = s["greenup_doy"] + shift
            sen = g + (s["senescence_doy"] - s["greenup_doy"]) * f.stretch
            if draw < hazard_share:
                start = g + rng.uniform(0, max(5, sen - g - 10))
                if s["flood_end_doy"] is not None:
                    start = max(start, s["flood_end_doy"] + shift + 20)
                f.hazards.append({"type": "flood", "season": k, "start": start,
                                  "end": start + rng.uniform(18, 40),
                                  "water": rng.uniform(0.6, 0.95)})
            elif draw < 2 * hazard_share:
                f.drought_season = k
                f.drought_factor = rng.uniform(0.4, 0.65)
                f.drought_early = rng.uniform(0, 15)
                f.hazards.append({"type": "drought", "season": k, "start": g, "end": sen})
            elif draw < 3 * hazard_share:
                day = g + 12 + rng.uniform(0, max(5, sen - g - 30))
                f.hazards.append({"type": "pest", "season": k, "start": day,
                                  "end": day + rng.uniform(3, 10),
                                  "drop": rng.uniform(0.2, 0.4)})
        fields.append(f)
    return fields


def field_state(f, seasons, spectra, soil, t):
    """Reflectance (7 bands) of the field on day t, before atmosphere and noise."""
    tt = np.array([t], dtype=float)
    v, idx = system_ndvi(f, seasons, tt)
    v = float(v[0])
    k = int(idx[0])
    s = seasons[k]
    low = min(s["pre_ndvi"], s["post_ndvi"])
    water = 0.0
    shift = f.shift + (f.second_shift if k == 1 else 0)
    if s["flood_start_doy"] is not None and s["flood_start_doy"] + shift <= t <= s["flood_end_doy"] + shift:
        water = 0.8
    for h in f.hazards:
        if h["type"] == "pest" and h["season"] == k and t > h["start"]:
            harvest = s["harvest_doy"]
            if harvest is None or t <= s["greenup_doy"] + shift + (harvest - s["greenup_doy"]) * f.stretch:
                frac = min(1.0, (t - h["start"]) / max(1.0, h["end"] - h["start"]))
                v = max(min(low, 0.14), v - h["drop"] * frac)
        if h["type"] == "flood" and h["start"] <= t <= h["end"]:
            ramp = min(1.0, (t - h["start"]) / 4.0, (h["end"] - t) / 4.0)
            water = max(water, h["water"] * max(0.3, ramp))
    soil_f = soil * f.soil_gain
    veg = spectra["vegetation"].copy()
    veg[4] *= f.nir_gain
    veg[5] *= s["swir_factor"]
    veg[6] *= s["swir_factor"]
    fv = cover_for_ndvi(v, soil_f, veg) * (1 - water)
    return fv * veg + water * spectra["water"] + (1 - fv - water) * soil_f


def rectangle(cx, cy, area, aspect, angle):
    w = math.sqrt(area * aspect)
    h = area / w
    a = math.radians(angle)
    pts = []
    for dx, dy in [(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)]:
        pts.append((cx + dx * math.cos(a) - dy * math.sin(a), cy + dx * math.sin(a) + dy * math.cos(a)))
    pts.append(pts[0])
    return pts


def layout(rng, fields):
    """Shelf-packs the rotated rectangles with 5-15 m verges; returns the extent."""
    for f in fields:
        f.area_plan = f.mu * 10000 / 15
        w = math.sqrt(f.area_plan * f.aspect)
        h = f.area_plan / w
        a = math.radians(abs(f.angle))
        f.box = (w * math.cos(a) + h * math.sin(a), w * math.sin(a) + h * math.cos(a))
    order = sorted(range(len(fields)), key=lambda i: -fields[i].box[1])
    total = sum((f.box[0] + 12) * (f.box[1] + 12) for f in fields)
    row_width = max(max(f.box[0] for f in fields) + 20, 1.15 * math.sqrt(total))
    x = y = shelf = 0.0
    for i in order:
        f = fields[i]
        gap = rng.uniform(5, 15)
        if x + f.box[0] + gap > row_width:
            x = 0.0
            y += shelf
            shelf = 0.0
        cx = ORIGIN[0] + x + gap + f.box[0] / 2
        cy = ORIGIN[1] - y - gap - f.box[1] / 2
        f.utm = rectangle(cx, cy, f.area_plan, f.aspect, f.angle)
        x += f.box[0] + gap
        shelf = max(shelf, f.box[1] + gap)
    return ORIGIN[0] - 60, ORIGIN[1] - y - shelf - 60, ORIGIN[0] + row_width + 60, ORIGIN[1] + 60


def rasterise(fields, extent):
    """The field index (-1 = verge) of every 2.5 m cell."""
    x0, y0, x1, y1 = extent
    width = int(math.ceil((x1 - x0) / 30.0)) * 12
    height = int(math.ceil((y1 - y0) / 30.0)) * 12
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    ds = gdal.GetDriverByName("MEM").Create("", width, height, 1, gdal.GDT_Int32)
    ds.SetGeoTransform((x0, FINE, 0, y1, 0, -FINE))
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).Fill(-1)
    vec = ogr.GetDriverByName("Memory").CreateDataSource("")
    layer = vec.CreateLayer("fields", srs, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("idx", ogr.OFTInteger))
    for i, f in enumerate(fields):
        ring = ogr.Geometry(ogr.wkbLinearRing)
        for px, py in f.utm:
            ring.AddPoint_2D(px, py)
        poly = ogr.Geometry(ogr.wkbPolygon)
        poly.AddGeometry(ring)
        feat = ogr.Feature(layer.GetLayerDefn())
        feat.SetField("idx", i)
        feat.SetGeometry(poly)
        layer.CreateFeature(feat)
    gdal.RasterizeLayer(ds, [1], layer, options=["ATTRIBUTE=idx"])
    return ds.GetRasterBand(1).ReadAsArray(), (x0, y1)


def blocks(a, k):
    h, w = a.shape[-2] // k, a.shape[-1] // k
    return a[..., : h * k, : w * k].reshape(a.shape[:-2] + (h, k, w, k)).mean(axis=(-3, -1))


def blob_clouds(rng, shape, cover):
    """Cloud optical thickness 0..1 from Gaussian blobs until `cover` of the scene is cloudy."""
    h, w = shape
    field = np.zeros(shape, dtype=np.float32)
    if cover <= 0.01:
        return field
    yy, xx = np.mgrid[0:h, 0:w]
    for _ in range(200):
        if (field > 0.3).mean() >= cover:
            break
        r = rng.uniform(0.05, 0.25) * max(h, w)
        cy, cx = rng.uniform(0, h), rng.uniform(0, w)
        field += np.exp(-(((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * r * r))).astype(np.float32)
    return np.clip(field, 0, 1.5)


def write_tif(path, array, gt, dtype):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    ds = gdal.GetDriverByName("GTiff").Create(path, array.shape[1], array.shape[0], 1, dtype,
                                              options=["TILED=YES", "COMPRESS=DEFLATE"])
    ds.SetGeoTransform(gt)
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).SetNoDataValue(0)
    ds.GetRasterBand(1).WriteArray(array)
    ds = None


def equal_area(lonlat_ring):
    env_lon = [p[0] for p in lonlat_ring]
    env_lat = [p[1] for p in lonlat_ring]
    src = osr.SpatialReference()
    src.ImportFromEPSG(4326)
    src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    dst = osr.SpatialReference()
    dst.ImportFromProj4("+proj=cea +ellps=WGS84 +lon_0=%.8f +lat_ts=0" % (sum(env_lon) / len(env_lon)))
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for lon, lat in lonlat_ring:
        ring.AddPoint_2D(lon, lat)
    poly = ogr.Geometry(ogr.wkbPolygon)
    poly.AddGeometry(ring)
    poly.Segmentize(0.000005)
    poly.Transform(osr.CoordinateTransformation(src, dst))
    return poly.GetArea()


def scene_dates(rng, n):
    """Irregular revisits: a rainy-season gap of 25-45 days with no scene at all."""
    gap_start = region_draw(rng, lambda r: r.uniform(150, 230))
    gap_len = region_draw(rng, lambda r: r.uniform(25, 45)) * SEVERITY[0] if "gap" not in ABLATE else 0.0
    days = []
    while len(days) < n:
        d = rng.uniform(1, 365)
        if gap_start <= d <= gap_start + gap_len:
            continue
        if all(abs(d - e) >= 2 for e in days):
            days.append(d)
    return sorted(int(round(d)) for d in days)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--parcels", type=int, default=210)
    ap.add_argument("--dates", type=int, default=48)
    ap.add_argument("--hazard-share", type=float, default=0.1)
    ap.add_argument("--year", type=int, default=2026)
    ap.add_argument("--severity", type=float, default=0.25,
                    help="how far regions depart from crops.md, 0..1 (default 0.25; 1 is harsh)")
    ap.add_argument("--region-seed", type=int, default=None,
                    help="draw the region (calendar, peaks, soil, rainy season) from this seed, "
                         "so that catalogs of different --seed share it")
    ap.add_argument("--ablate", default="",
                    help="diagnostics: comma list of shape,calendar,peaks,soil,haze,sensor,gap")
    args = ap.parse_args()
    ABLATE.update(a for a in args.ablate.split(",") if a)
    SEVERITY[0] = args.severity
    if args.region_seed is not None:
        REGION_RNG[0] = np.random.default_rng(7919 * args.region_seed + 3)
    rng = np.random.default_rng(1000003 * args.seed + 7)
    systems, spectra = load_calendar()
    out = args.out_dir
    os.makedirs(os.path.join(out, "items"), exist_ok=True)
    os.makedirs(os.path.join(out, "scenes"), exist_ok=True)

    soil_name = list(SOILS)[int(region_draw(rng, lambda r: r.integers(len(SOILS))))]
    soil = spectra["soil"] + (np.array(SOILS[soil_name]) - spectra["soil"]) * SEVERITY[0]
    if "soil" in ABLATE:
        soil_name, soil = "spectra.csv", spectra["soil"]
    fields = make_fields(rng, systems, args.parcels, args.hazard_share)
    extent = layout(rng, fields)
    labels, (x0, y1) = rasterise(fields, extent)
    texture = rng.normal(1.0, 0.04, labels.shape).astype(np.float32)
    grass_cover = cover_for_ndvi(GRASS_NDVI, soil, spectra["vegetation"])
    verge = grass_cover * spectra["vegetation"] + (1 - grass_cover) * soil

    utm = osr.SpatialReference()
    utm.ImportFromEPSG(EPSG)
    wgs = osr.SpatialReference()
    wgs.ImportFromEPSG(4326)
    wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_wgs = osr.CoordinateTransformation(utm, wgs)
    for f in fields:
        f.lonlat = [to_wgs.TransformPoint(px, py)[:2] for px, py in f.utm]
        f.area_m2 = equal_area(f.lonlat)

    catalog = {"type": "Catalog", "stac_version": "1.0.0", "id": "independent-%d" % args.seed,
               "description": "Scenes from bench/satellite/independent_scenes.py (not the product's simulator)",
               "links": [{"rel": "root", "href": "./catalog.json"}]}
    mean_cover = []
    for doy in scene_dates(rng, args.dates):
        landsat = rng.random() < 0.25 * SEVERITY[0] and "sensor" not in ABLATE
        k = 12 if landsat else 4
        res = FINE * k
        noise = 0.008 if landsat else 0.003 + 0.002 * SEVERITY[0]
        gain = rng.normal(1.0, 0.025 * SEVERITY[0], 7)
        haze = rng.exponential(0.012) * SEVERITY[0] * np.array([1.0, 0.7, 0.5, 0.35, 0.2, 0.05, 0.03])
        if "haze" in ABLATE:
            haze = haze * 0
        if "sensor" in ABLATE:
            noise, gain = 0.003, gain * 0 + 1
        refl = np.empty((7,) + labels.shape, dtype=np.float32)
        table = np.array([field_state(f, systems[f.system], spectra, soil, doy) for f in fields] + [verge])
        for b in range(7):
            refl[b] = table[labels, b] * texture
        coarse = blocks(refl, k)
        shape = coarse.shape[1:]
        cover = float(np.clip(rng.beta(0.7, 1.6), 0, 0.9))
        clouds = blob_clouds(rng, shape, cover)
        mean_cover.append(float((clouds > 0.3).mean()))
        cirrus = rng.random() < 0.2 * SEVERITY[0] and "haze" not in ABLATE
        dy, dx = int(rng.integers(-6, 7)), int(rng.integers(-6, 7))
        shadow = np.roll(np.roll(clouds > 0.3, dy, axis=0), dx, axis=1) & (clouds <= 0.3)
        cloud_refl = spectra["cloud"]
        alpha = np.clip(clouds, 0, 1)[None]
        if cirrus:
            alpha = np.clip(alpha + 0.12, 0, 1)
        r = coarse * (1 - alpha) + alpha * cloud_refl[:, None, None]
        r = np.where(shadow[None], r * rng.uniform(0.25, 0.45), r)
        r = (r + haze[:, None, None]) * gain[:, None, None]
        r = r * (1 + rng.normal(0, noise, r.shape)) + rng.normal(0, noise / 2, r.shape)
        ndvi = (r[4] - r[2]) / (r[4] + r[2] + 1e-9)
        mndwi = (r[1] - r[5]) / (r[1] + r[5] + 1e-9)
        scl = np.where(mndwi > 0, 6, np.where(ndvi > 0.3, 4, 5)).astype(np.uint8)
        thick = clouds > 0.3
        flagged = thick & (rng.random(shape) > 0.08)  # the mask misses 8% of the cloud
        scl = np.where(flagged, np.where(clouds > 0.6, 9, 8), scl)
        if cirrus:
            scl = np.where((~flagged) & (rng.random(shape) < 0.5), 10, scl)
        scl = np.where(shadow & (rng.random(shape) < 0.7), 3, scl).astype(np.uint8)
        dn = np.clip(np.round(r * 10000), 1, 65535).astype(np.uint16)
        date = (datetime.date(args.year, 1, 1) + datetime.timedelta(days=doy - 1)).isoformat()
        sensor = "L8LIKE" if landsat else "S2LIKE"
        item_id = "IND_%d_%s_%s" % (args.seed, date, sensor)
        gt = (x0, res, 0, y1, 0, -res)
        assets = {}
        for b, name in enumerate(BANDS):
            if landsat and name == "B05":
                continue
            fn = "%s_%s.tif" % (item_id, name)
            write_tif(os.path.join(out, "scenes", fn), dn[b], gt, gdal.GDT_UInt16)
            assets[name] = {"href": "../scenes/" + fn, "type": "image/tiff; application=geotiff"}
        fn = "%s_SCL.tif" % item_id
        write_tif(os.path.join(out, "scenes", fn), scl, gt, gdal.GDT_Byte)
        assets["SCL"] = {"href": "../scenes/" + fn, "type": "image/tiff; application=geotiff"}
        item = {"type": "Feature", "stac_version": "1.0.0", "id": item_id, "geometry": None,
                "properties": {"datetime": date + "T03:10:00Z", "proj:epsg": EPSG,
                               "eo:cloud_cover": round(100 * mean_cover[-1], 1)},
                "assets": assets, "links": []}
        with open(os.path.join(out, "items", item_id + ".json"), "w") as fh:
            json.dump(item, fh)
        catalog["links"].append({"rel": "item", "href": "./items/%s.json" % item_id})
    with open(os.path.join(out, "catalog.json"), "w") as fh:
        json.dump(catalog, fh, indent=1)

    features = []
    with open(os.path.join(out, "truth.jsonl"), "w") as truth:
        for f in fields:
            features.append({"type": "Feature",
                             "properties": {"parcel_id": f.id, "system": f.system,
                                            "declared_system": f.system,
                                            "declared_area_mu": round(f.area_m2 / 666.667, 1)},
                             "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in f.lonlat]]}})
            factor = f.stress
            hazards = []
            for h in f.hazards:
                start = min(365, max(1, h["start"]))
                end = min(365, max(1, h["end"]))
                hazards.append({"type": h["type"], "season": h["season"] + 1,
                                "start": (datetime.date(args.year, 1, 1) + datetime.timedelta(days=int(start) - 1)).isoformat(),
                                "end": (datetime.date(args.year, 1, 1) + datetime.timedelta(days=int(end) - 1)).isoformat()})
                factor *= {"flood": 0.8, "drought": f.drought_factor, "pest": 1 - h.get("drop", 0)}[h["type"]]
            truth.write(json.dumps({"parcel_id": f.id, "system": f.system, "area_m2": f.area_m2,
                                    "area_mu": f.area_m2 / (10000 / 15), "planting_shift_days": f.shift,
                                    "peak_delta": f.peak_delta, "stress": f.stress,
                                    "yield_factor": factor if f.system != "fallow" else 0.0,
                                    "hazards": hazards, "soil": soil_name}) + "\n")
    with open(os.path.join(out, "parcels.geojson"), "w") as fh:
        json.dump({"type": "FeatureCollection", "features": features}, fh)
    print("independent scenes: %d parcels, %d scenes, soil %s, mean cloud %.2f in %s"
          % (len(fields), len(mean_cover), soil_name, sum(mean_cover) / len(mean_cover), out),
          file=sys.stderr)


if __name__ == "__main__":
    main()
