#!/usr/bin/python3
"""A plain peer for local-label training, like the one issue #16 compares with: GDAL + numpy
read each parcel's band means per date (cloud masked with the SCL), a fixed-length vector per
parcel, and gradient boosting (XGBoost, Debian's python3-xgboost; no Aviary code).

Usage: peer_baseline.py --test DIR LABELLED_DIR [LABELLED_DIR ...] [--step DAYS] [--cache DIR]
                        [--rounds N] [--depth N] [--eta X]
e.g. peer_baseline.py --test reg_84 reg_81 reg_82 reg_83 (the figures in
plugins/satellite/resources/models/satellite_crop_model.md; defaults fixed beforehand).
Each DIR holds catalog.json and parcels.geojson (properties.system; truth.jsonl is used when
present). Prints accuracy and macro-F1 on the test catalog.

Reading: an item's pixel is clear when its SCL is 2, 4, 5, 6 or 7 (as the product's
SceneStack; all pixels when it has no SCL) and no band is 0 (no data). A parcel's value on a
date is the mean of its clear pixels whose centres fall inside the polygon (the pixel under
its centroid for a parcel smaller than a pixel), none when fewer than half are clear (the
peer's own rule; no haze or residual-cloud screening, no unmixing, no smoothing).
Catalogs have their own dates, so each parcel's series (seven bands, NDVI, NDWI, NDMI) is
interpolated linearly onto one grid of days of the year (every --step days); the vector is
those values. Needs python3-gdal, numpy, python3-xgboost.
"""
import argparse
import datetime
import json
import os
import sys

import numpy as np
import xgboost as xgb
from osgeo import gdal, ogr, osr

gdal.UseExceptions()
BANDS = ["B02", "B03", "B04", "B05", "B08", "B11", "B12"]
CLEAR_SCL = (2, 4, 5, 6, 7)


def load_parcels(d):
    g = json.load(open(os.path.join(d, "parcels.geojson")))
    truth = {}
    tf = os.path.join(d, "truth.jsonl")
    if os.path.exists(tf):
        for line in open(tf):
            t = json.loads(line)
            truth[t["parcel_id"]] = t["system"]
    out = []
    for f in g["features"]:
        pid = f["properties"]["parcel_id"]
        system = truth.get(pid, f["properties"].get("system"))
        out.append((pid, system, json.dumps(f["geometry"])))
    return out


def parcel_masks(parcels, ds, cache):
    """Per parcel, the flat indices of its pixels on this dataset's grid (cached per grid)."""
    key = (ds.GetProjection(), ds.GetGeoTransform(), ds.RasterXSize, ds.RasterYSize)
    if key in cache:
        return cache[key]
    srs = osr.SpatialReference()
    srs.ImportFromWkt(ds.GetProjection())
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    wgs = osr.SpatialReference()
    wgs.ImportFromEPSG(4326)
    wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_grid = osr.CoordinateTransformation(wgs, srs)
    mem = ogr.GetDriverByName("Memory").CreateDataSource("")
    layer = mem.CreateLayer("p", srs, ogr.wkbUnknown)
    layer.CreateField(ogr.FieldDefn("idx", ogr.OFTInteger))
    centroids = []
    for k, (_, _, geom) in enumerate(parcels):
        g = ogr.CreateGeometryFromJson(geom)
        g.Transform(to_grid)
        feat = ogr.Feature(layer.GetLayerDefn())
        feat.SetField("idx", k + 1)
        feat.SetGeometry(g)
        layer.CreateFeature(feat)
        c = g.Centroid()
        centroids.append((c.GetX(), c.GetY()))
    w, h = ds.RasterXSize, ds.RasterYSize
    target = gdal.GetDriverByName("MEM").Create("", w, h, 1, gdal.GDT_Int32)
    target.SetGeoTransform(ds.GetGeoTransform())
    target.SetProjection(ds.GetProjection())
    gdal.RasterizeLayer(target, [1], layer, options=["ATTRIBUTE=idx"])
    ids = target.GetRasterBand(1).ReadAsArray().ravel()
    order = np.argsort(ids, kind="stable")
    bounds = np.searchsorted(ids[order], np.arange(len(parcels) + 2))
    gt = ds.GetGeoTransform()
    masks = []
    for k in range(len(parcels)):
        pix = order[bounds[k + 1]:bounds[k + 2]]
        if len(pix) == 0:  # smaller than a pixel: the pixel under its centroid
            x, y = centroids[k]
            col, row = int((x - gt[0]) / gt[1]), int((y - gt[3]) / gt[5])
            pix = np.array([row * w + col]) if 0 <= col < w and 0 <= row < h else pix
        masks.append(pix)
    cache[key] = masks
    return masks


def read_catalog(d, parcels):
    """(days of year, values[parcel, date, channel]) with NaN where not seen clearly."""
    cat = json.load(open(os.path.join(d, "catalog.json")))
    days, series, cache = [], [], {}
    for link in cat["links"]:
        if link.get("rel") != "item":
            continue
        path = os.path.normpath(os.path.join(d, link["href"]))
        item = json.load(open(path))
        when = datetime.datetime.fromisoformat(item["properties"]["datetime"].replace("Z", "+00:00"))
        arrays, ref = {}, None
        for name in BANDS + ["SCL"]:
            if name not in item["assets"]:
                continue
            ds = gdal.Open(os.path.normpath(os.path.join(os.path.dirname(path),
                                                         item["assets"][name]["href"])))
            arrays[name] = ds.GetRasterBand(1).ReadAsArray().ravel()
            ref = ref or ds
        masks = parcel_masks(parcels, ref, cache)
        bands = np.stack([arrays[b].astype(float) / 1e4 if b in arrays
                          else np.full(ref.RasterXSize * ref.RasterYSize, np.nan) for b in BANDS], 1)
        clear = np.isin(arrays["SCL"], CLEAR_SCL) if "SCL" in arrays else np.ones(len(bands), bool)
        clear &= ~np.any(bands == 0, axis=1)
        values = np.full((len(parcels), len(BANDS)), np.nan)
        for k, pix in enumerate(masks):
            if len(pix) == 0:
                continue
            ok = pix[clear[pix]]
            if len(ok) * 2 >= len(pix) and len(ok) > 0:
                values[k] = bands[ok].mean(0)
        days.append(when.timetuple().tm_yday)
        series.append(values)
    order = np.argsort(days)
    return np.array(days)[order], np.stack(series, 1)[:, order]


def with_indices(v):
    b = {n: v[..., i] for i, n in enumerate(BANDS)}
    with np.errstate(divide="ignore", invalid="ignore"):
        ndvi = (b["B08"] - b["B04"]) / (b["B08"] + b["B04"])
        ndwi = (b["B03"] - b["B08"]) / (b["B03"] + b["B08"])
        ndmi = (b["B08"] - b["B11"]) / (b["B08"] + b["B11"])
    return np.concatenate([v, ndvi[..., None], ndwi[..., None], ndmi[..., None]], -1)


def vectors(days, values, grid):
    """Each parcel's channels interpolated onto `grid` (days of year), flattened."""
    v = with_indices(values)
    out = np.full((v.shape[0], len(grid), v.shape[2]), np.nan)
    for p in range(v.shape[0]):
        for c in range(v.shape[2]):
            ok = np.isfinite(v[p, :, c])
            if ok.sum() >= 2:
                out[p, :, c] = np.interp(grid, days[ok], v[p, ok, c])
    return out.reshape(v.shape[0], -1)


def dataset(d, grid, cache_dir):
    parcels = load_parcels(d)
    cached = cache_dir and os.path.join(cache_dir, os.path.basename(os.path.normpath(d)) + ".npz")
    if cached and os.path.exists(cached):
        z = np.load(cached)
        days, values = z["days"], z["values"]
    else:
        days, values = read_catalog(d, parcels)
        if cached:
            np.savez(cached, days=days, values=values)
    return vectors(days, values, grid), [p[1] for p in parcels]


def macro_f1(y, p, classes):
    f1 = []
    for c in range(len(classes)):
        tp = np.sum((p == c) & (y == c))
        fp, fn = np.sum((p == c) & (y != c)), np.sum((p != c) & (y == c))
        if tp + fp + fn:
            f1.append(2 * tp / (2 * tp + fp + fn))
    return float(np.mean(f1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--test", required=True)
    ap.add_argument("labelled", nargs="+")
    ap.add_argument("--step", type=int, default=10)
    ap.add_argument("--cache", default=None)
    ap.add_argument("--rounds", type=int, default=300)
    ap.add_argument("--depth", type=int, default=4)
    ap.add_argument("--eta", type=float, default=0.1)
    args = ap.parse_args()
    if args.cache:
        os.makedirs(args.cache, exist_ok=True)
    grid = np.arange(args.step / 2, 366, args.step)
    xs, ys = [], []
    for d in args.labelled:
        x, y = dataset(d, grid, args.cache)
        xs.append(x)
        ys += y
    xt, yt = dataset(args.test, grid, args.cache)
    classes = sorted(set(ys) | set(yt))
    code = {c: i for i, c in enumerate(classes)}
    x, y = np.concatenate(xs), np.array([code[c] for c in ys])
    # XGBoost wants labels 0..k-1 of the classes present in training.
    present = sorted(set(y))
    remap = {c: i for i, c in enumerate(present)}
    train = xgb.DMatrix(x, label=np.array([remap[c] for c in y]), missing=np.nan)
    params = {"objective": "multi:softprob", "num_class": len(present), "max_depth": args.depth,
              "eta": args.eta, "subsample": 0.8, "colsample_bytree": 0.6, "tree_method": "hist",
              "nthread": 2, "seed": 1}
    booster = xgb.train(params, train, num_boost_round=args.rounds)
    prob = booster.predict(xgb.DMatrix(xt, missing=np.nan))
    pred = np.array(present)[prob.argmax(1)]
    yt = np.array([code[c] for c in yt])
    print("peer: %d labelled, %d test, %d features: accuracy %.3f, macro-F1 %.3f"
          % (len(y), len(yt), x.shape[1], np.mean(pred == yt), macro_f1(yt, pred, classes)))


if __name__ == "__main__":
    sys.exit(main())
