#!/usr/bin/python3
"""A plain peer for scene folders: per-parcel index means at 10-day bins, then gradient boosting.

Usage: clean_room_peer.py --train DIR [DIR ...] --test DIR [DIR ...]
Each DIR holds catalog.json, parcels.geojson (with `system` on the training folders) and, for
scoring, truth.jsonl. Per item, a parcel's pixels (centres inside the polygon; all touched ones for
parcels too small to hold a centre) that the SCL calls vegetation, bare soil or water give mean
NDVI, NDWI (green/NIR), NDMI (NIR/SWIR1) and SWIR2; an item counts for a parcel when half its
pixels are clear. Items without SCL use a plain brightness test. Observations are binned by 10
days (median), gaps are filled linearly in time, and XGBoost (fixed settings, not tuned on any
test folder) learns the systems from the training folders' labels.
"""
import argparse
import datetime as dt
import json
import os

import numpy as np
import xgboost as xgb
from osgeo import gdal, ogr, osr

gdal.UseExceptions()
START = dt.date(2025, 11, 1)
NBINS = 43  # 2025-11-01 .. 2026-12-31 in 10-day bins
NFEAT = 4


def parcel_layer(features):
    sr = osr.SpatialReference()
    sr.ImportFromEPSG(4326)
    sr.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    ds = ogr.GetDriverByName("Memory").CreateDataSource("")
    lyr = ds.CreateLayer("p", sr, ogr.wkbPolygon)
    lyr.CreateField(ogr.FieldDefn("i", ogr.OFTInteger))
    for i, f in enumerate(features):
        ft = ogr.Feature(lyr.GetLayerDefn())
        ft.SetField("i", i + 1)
        ft.SetGeometry(ogr.CreateGeometryFromJson(json.dumps(f["geometry"])))
        lyr.CreateFeature(ft)
    return ds, lyr


def labels_on_grid(lyr, ref, n):
    """Parcel index (1..n) per pixel of the reference raster's grid; 0 outside."""
    out = []
    for touched in (False, True):
        mem = gdal.GetDriverByName("MEM").Create("", ref.RasterXSize, ref.RasterYSize, 1, gdal.GDT_Int32)
        mem.SetGeoTransform(ref.GetGeoTransform())
        mem.SetProjection(ref.GetProjection())
        gdal.RasterizeLayer(mem, [1], lyr, options=["ATTRIBUTE=i"] + (["ALL_TOUCHED=TRUE"] if touched else []))
        out.append(mem.ReadAsArray())
    inner, touched = out
    have = np.bincount(inner.ravel(), minlength=n + 1) > 0
    small = ~have[touched]
    return np.where((inner == 0) & small, touched, inner)


def folder_features(folder):
    feats = json.load(open(os.path.join(folder, "parcels.geojson")))["features"]
    n = len(feats)
    _, lyr = parcel_layer(feats)
    cat = json.load(open(os.path.join(folder, "catalog.json")))
    obs = [[[] for _ in range(NBINS)] for _ in range(n)]
    grids = {}
    for link in cat["links"]:
        if link["rel"] != "item":
            continue
        ipath = os.path.join(folder, link["href"])
        item = json.load(open(ipath))
        when = dt.date.fromisoformat(item["properties"]["datetime"][:10])
        b = (when - START).days // 10
        if not 0 <= b < NBINS:
            continue
        assets = item["assets"]
        if not all(k in assets for k in ("B03", "B04", "B08", "B11", "B12")):
            continue
        base = os.path.dirname(ipath)
        ref = gdal.Open(os.path.join(base, assets["B04"]["href"]))
        key = (ref.GetProjection(), ref.GetGeoTransform(), ref.RasterXSize, ref.RasterYSize)
        if key not in grids:
            grids[key] = labels_on_grid(lyr, ref, n)
        lab = grids[key]
        band = {k: gdal.Open(os.path.join(base, assets[k]["href"])).ReadAsArray().astype(np.float64) / 1e4
                for k in ("B02", "B03", "B04", "B08", "B11", "B12") if k in assets}
        valid = band["B04"] > 0
        if "SCL" in assets:
            scl = gdal.Open(os.path.join(base, assets["SCL"]["href"])).ReadAsArray()
            clear = np.isin(scl, (4, 5, 6))
        else:
            clear = (band.get("B02", band["B03"]) < 0.13) & (band["B08"] > 0.03)
        clear &= valid
        eps = 1e-6
        idx = [(band["B08"] - band["B04"]) / (band["B08"] + band["B04"] + eps),
               (band["B03"] - band["B08"]) / (band["B03"] + band["B08"] + eps),
               (band["B08"] - band["B11"]) / (band["B08"] + band["B11"] + eps),
               band["B12"]]
        flat = lab.ravel()
        tot = np.bincount(flat, minlength=n + 1)
        cl = np.bincount(flat, weights=clear.ravel(), minlength=n + 1)
        sums = [np.bincount(flat, weights=(v * clear).ravel(), minlength=n + 1) for v in idx]
        for i in np.nonzero((tot[1:] > 0) & (cl[1:] >= 0.5 * tot[1:]))[0]:
            obs[i][b].append([s[i + 1] / cl[i + 1] for s in sums])
    X = np.full((n, NBINS, NFEAT), np.nan)
    for i in range(n):
        for b in range(NBINS):
            if obs[i][b]:
                X[i, b] = np.median(np.array(obs[i][b]), axis=0)
    for i in range(n):  # fill gaps linearly in time
        for k in range(NFEAT):
            y = X[i, :, k]
            ok = ~np.isnan(y)
            if ok.sum() >= 2:
                X[i, :, k] = np.interp(np.arange(NBINS), np.nonzero(ok)[0], y[ok])
            elif ok.sum() == 1:
                X[i, :, k] = y[ok][0]
    ids = [f["properties"]["parcel_id"] for f in feats]
    systems = [f["properties"].get("system") for f in feats]
    return ids, systems, X.reshape(n, -1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--train", nargs="+", required=True)
    ap.add_argument("--test", nargs="+", required=True)
    args = ap.parse_args()
    Xs, ys = [], []
    for d in args.train:
        _, sysn, X = folder_features(d)
        Xs.append(X)
        ys += sysn
    classes = sorted(set(ys))
    code = {c: i for i, c in enumerate(classes)}
    params = dict(objective="multi:softprob", num_class=len(classes), max_depth=4, eta=0.1,
                  subsample=0.8, colsample_bytree=0.5, tree_method="hist", nthread=1, seed=0)
    model = xgb.train(params, xgb.DMatrix(np.vstack(Xs), label=[code[c] for c in ys]), num_boost_round=300)
    print("trained on %d parcels from %s" % (len(ys), ", ".join(args.train)))
    for d in args.test:
        ids, _, X = folder_features(d)
        truth = {}
        with open(os.path.join(d, "truth.jsonl")) as f:
            for line in f:
                t = json.loads(line)
                truth[t["parcel_id"]] = t["system"]
        pred = [classes[k] for k in model.predict(xgb.DMatrix(X)).argmax(axis=1)]
        right = [p == truth[i] for i, p in zip(ids, pred)]
        print("%s: crop system accuracy %.3f (%d/%d)" % (d, np.mean(right), sum(right), len(right)))
        wrong = {}
        for i, p in zip(ids, pred):
            if p != truth[i]:
                wrong[(truth[i], p)] = wrong.get((truth[i], p), 0) + 1
        print("  top confusions (truth, predicted):", sorted(wrong.items(), key=lambda kv: -kv[1])[:6])


if __name__ == "__main__":
    main()
