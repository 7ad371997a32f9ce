#!/usr/bin/python3
"""A crash sweep: odd variants of one catalog, each assessed and trained on.

Usage: odd_catalogs.py BUILD_DIR BASE_DIR OUT_DIR [--only NAME ...]
BASE_DIR holds catalog.json, parcels.geojson (labelled: `system`) and its items and scenes, on a
UTM grid of the northern hemisphere (any of our generators; `canopy_scenes.py --parcels 30
--dates 24` makes one in two seconds). OUT_DIR gets one copy per variant, changed as a lender's
data may be:
- readings of the same looks, which must give the base's lines: a nested catalog (catalog ->
  collection -> items), `datetime` null with start/end, absolute file:// hrefs, reflectance as
  Float32 of 0..1, all bands in one GeoTIFF (Earth Engine's names), every item twice;
- other places and grids: the southern hemisphere, every other item in the next UTM zone,
  every item on a lon/lat grid, every item at 60 m, times with offsets or without a zone, missing bands;
- scenes with nothing to see: all cloud, all no data, saturated looks, one item, no items,
  looks over three years;
- odd parcels: holes, parts, a bow tie, 20,000 vertices, a polygon over the whole scene,
  swapped axes, no geometry, a coordinate of 1e308, the pole, the antimeridian, parcels astride
  the scenes' edge, bad declared values, no id, a repeated id.

Each variant is assessed with 1 and 2 threads and trained on (default threads). Prints one line
per variant; exits 1 when a run crashed (a signal, or an exit code other than 0 and 1), 1 and 2
threads wrote different lines, or a reading of the same looks did not give the base's lines.
Needs GDAL's Python bindings (/usr/bin/python3).
"""
import argparse
import glob
import json
import os
import shutil
import subprocess
import sys

import numpy as np
from osgeo import gdal, osr

gdal.UseExceptions()
SAME_AS_BASE = {"nested", "datetime_range", "file_uris", "float_reflectance", "multi_band",
                "duplicates"}


def items(d):
    return sorted(glob.glob(f"{d}/items/*.json"))


def edit_json(path, change):
    with open(path) as f:
        o = json.load(f)
    change(o)
    with open(path, "w") as f:
        json.dump(o, f, indent=1)


def band_path(item, band):
    with open(item) as f:
        href = json.load(f)["assets"][band]["href"]
    return os.path.normpath(os.path.join(os.path.dirname(item), href))


def bands_of(item):
    with open(item) as f:
        return list(json.load(f)["assets"])


def rewrite_values(path, change):
    ds = gdal.Open(path, gdal.GA_Update)
    band = ds.GetRasterBand(1)
    band.WriteArray(change(band.ReadAsArray()))
    ds = None


def set_item_links(d, paths, rel="item", into="catalog.json"):
    def change(c):
        c["links"] = [link for link in c["links"] if link["rel"] != "item"] + [
            {"rel": rel, "href": "./" + os.path.relpath(p, d)} for p in paths]
    edit_json(os.path.join(d, into), change)


def warp_all(d, keep, **options):
    """Every band of the items `keep` accepts, warped by gdal.Warp(**options)."""
    for i, it in enumerate(items(d)):
        if not keep(i):
            continue
        for band in bands_of(it):
            p = band_path(it, band)
            gdal.Warp(p + ".w.tif", p, resampleAlg="near" if band == "SCL" else "average",
                      **options)
            os.replace(p + ".w.tif", p)


def v_nested(d):
    its = items(d)
    os.makedirs(f"{d}/coll")
    with open(f"{d}/coll/collection.json", "w") as f:
        json.dump({"type": "Collection", "stac_version": "1.0.0", "id": "c", "description": "c",
                   "license": "proprietary", "extent": {},
                   "links": [{"rel": "item", "href": "../" + os.path.relpath(p, d)}
                             for p in its]}, f)
    set_item_links(d, [])
    edit_json(f"{d}/catalog.json", lambda c: c["links"].append(
        {"rel": "child", "href": "./coll/collection.json"}))


def v_datetime_range(d):
    def change(o):
        p = o["properties"]
        p["start_datetime"] = p["end_datetime"] = p["datetime"]
        p["datetime"] = None
    for it in items(d):
        edit_json(it, change)


def v_file_uris(d):
    for it in items(d):
        def change(o, it=it):
            for a in o["assets"].values():
                a["href"] = "file://" + os.path.abspath(os.path.join(os.path.dirname(it), a["href"]))
        edit_json(it, change)


def v_float_reflectance(d):
    for it in items(d):
        for band in bands_of(it):
            if band != "SCL":
                p = band_path(it, band)
                gdal.Translate(p + ".f.tif", p, outputType=gdal.GDT_Float32,
                               scaleParams=[[0, 10000, 0, 1]])
                os.replace(p + ".f.tif", p)


def v_multi_band(d):
    """Each item's reflectance in one GeoTIFF, in Earth Engine's order and names (B2 ... B12),
    where its bands share one grid."""
    for it in items(d):
        bands = [b for b in ("B02", "B03", "B04", "B05", "B08", "B11", "B12") if b in bands_of(it)]
        paths = [band_path(it, b) for b in bands]
        grids = {(ds.RasterXSize, ds.GetGeoTransform()) for ds in map(gdal.Open, paths)}
        if len(grids) != 1:
            continue
        stacked = it.replace(".json", "_stack.tif")
        gdal.Translate(stacked, gdal.BuildVRT("", paths, separate=True))

        def change(o, bands=bands, stacked=stacked):
            for b in bands:
                o["assets"].pop(b)
            o["assets"]["image"] = {"href": os.path.basename(stacked), "eo:bands": [
                {"name": "B" + b[2:] if b[1] == "0" else b} for b in bands]}
        edit_json(it, change)


def v_duplicates(d):
    its = items(d)
    copies = []
    for it in its:
        with open(it) as f:
            o = json.load(f)
        o["id"] += "_b"
        copies.append(it.replace(".json", "_b.json"))
        with open(copies[-1], "w") as f:
            json.dump(o, f)
    set_item_links(d, its + copies)


def v_south(d):
    its = items(d)
    with open(its[0]) as f:
        epsg = json.load(f)["properties"]["proj:epsg"]
    north, south, geo = (osr.SpatialReference() for _ in range(3))
    north.ImportFromEPSG(epsg)
    south.ImportFromEPSG(epsg + 100)
    geo.ImportFromEPSG(4326)
    for s in (north, south, geo):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    top = gdal.Open(band_path(its[0], "B04")).GetGeoTransform()[3]
    shift = 10000000 - 2 * top  # the same place mirrored across the equator, not flipped
    for tif in glob.glob(f"{d}/scenes/*.tif") + glob.glob(f"{d}/items/*.tif"):
        ds = gdal.Open(tif, gdal.GA_Update)
        gt = list(ds.GetGeoTransform())
        gt[3] += shift
        ds.SetGeoTransform(gt)
        ds.SetProjection(south.ExportToWkt())
        ds = None
    for it in its:
        edit_json(it, lambda o: o["properties"].update({"proj:epsg": epsg + 100}))
    to_utm = osr.CoordinateTransformation(geo, north)
    to_geo = osr.CoordinateTransformation(south, geo)

    def move(ring):
        for p in ring:
            x, y, _ = to_utm.TransformPoint(p[0], p[1])
            p[0], p[1], _ = to_geo.TransformPoint(x, y + shift)

    def change(g):
        for f in g["features"]:
            c = f["geometry"]["coordinates"]
            for poly in (c if f["geometry"]["type"] == "MultiPolygon" else [c]):
                for ring in poly:
                    move(ring)
    edit_json(f"{d}/parcels.geojson", change)


def v_two_zones(d):
    with open(items(d)[0]) as f:
        epsg = json.load(f)["properties"]["proj:epsg"]
    warp_all(d, lambda i: i % 2 == 0, dstSRS=f"EPSG:{epsg + 1}")
    for i, it in enumerate(items(d)):
        if i % 2 == 0:
            edit_json(it, lambda o: o["properties"].update({"proj:epsg": epsg + 1}))


def v_lon_lat_grid(d):
    """Every item on a lon/lat grid (EPSG:4326), as Earth Engine exports by default."""
    warp_all(d, lambda i: True, dstSRS="EPSG:4326")
    for it in items(d):
        edit_json(it, lambda o: o["properties"].update({"proj:epsg": 4326}))


def v_coarse_60m(d):
    warp_all(d, lambda i: True, xRes=60, yRes=60)


def v_time_formats(d):
    forms = ["{}T03:18:00.123456+08:00", "{}T23:59:59-11:00", "{}", "{}T03:18:00", "{}t03:18:00z"]
    for i, it in enumerate(items(d)):
        def change(o, form=forms[i % len(forms)]):
            o["properties"]["datetime"] = form.format(o["properties"]["datetime"][:10])
        edit_json(it, change)


def v_missing_bands(d):
    drops = [["SCL"], ["B05"], ["B08"], ["B11", "B12"], ["B02", "B03", "B04"], []]
    for i, it in enumerate(items(d)):
        edit_json(it, lambda o, i=i: [o["assets"].pop(b, None) for b in drops[i % len(drops)]])


def v_all_cloud(d):
    for it in items(d):
        if "SCL" in bands_of(it):
            rewrite_values(band_path(it, "SCL"), lambda a: np.full_like(a, 9))
        else:  # without SCL, a cloud is told by its blue
            rewrite_values(band_path(it, "B02"), lambda a: np.full_like(a, 5000))


def v_no_data(d):
    for it in items(d):
        for band in bands_of(it):
            rewrite_values(band_path(it, band), np.zeros_like)


def v_saturated(d):
    for i, it in enumerate(items(d)):
        for band in bands_of(it):
            if band != "SCL" and i % 3 == 0:
                rewrite_values(band_path(it, band), lambda a: np.full_like(a, 65535))


def v_one_item(d):
    set_item_links(d, items(d)[len(items(d)) // 2:][:1])


def v_no_items(d):
    set_item_links(d, [])


def v_three_years(d):
    its = items(d)
    later = []
    for k in (1, 2):
        for it in its:
            with open(it) as f:
                o = json.load(f)
            dt = o["properties"]["datetime"]
            day = dt[5:10] if dt[5:10] != "02-29" else "02-28"
            o["properties"]["datetime"] = f"{int(dt[:4]) + k}-{day}{dt[10:]}"
            o["id"] += f"_y{k}"
            later.append(it.replace(".json", f"_y{k}.json"))
            with open(later[-1], "w") as f:
                json.dump(o, f)
    set_item_links(d, its + later)


def west_edge(raster):
    """The longitude of the middle of a raster's western edge."""
    ds = gdal.Open(raster)
    gt = ds.GetGeoTransform()
    geo = osr.SpatialReference()
    geo.ImportFromEPSG(4326)
    geo.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    own = ds.GetSpatialRef()
    own.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    lon, _, _ = osr.CoordinateTransformation(own, geo).TransformPoint(
        gt[0], gt[3] + gt[5] * ds.RasterYSize / 2)
    return lon


def v_odd_parcels(d):
    with open(f"{d}/parcels.geojson") as f:
        g = json.load(f)
    given = g["features"]
    ring = given[0]["geometry"]["coordinates"][0]
    cx = sum(p[0] for p in ring[:-1]) / (len(ring) - 1)
    cy = sum(p[1] for p in ring[:-1]) / (len(ring) - 1)
    lons = [p[0] for f in given for p in f["geometry"]["coordinates"][0]]
    lats = [p[1] for f in given for p in f["geometry"]["coordinates"][0]]
    w, s, e, n = min(lons) - 0.1, min(lats) - 0.1, max(lons) + 0.1, max(lats) + 0.1

    def polygon(*rings):
        return {"type": "Polygon", "coordinates": list(rings)}

    def feature(pid, geometry, **props):
        return {"type": "Feature", "properties": dict(parcel_id=pid, **props),
                "geometry": geometry}

    t = np.linspace(0, 2 * np.pi, 20000)
    circle = [[cx + 0.003 * np.cos(a), cy + 0.003 * np.sin(a)] for a in t[:-1]]
    square = [[cx, cy], [cx + 1e-3, cy], [cx + 1e-3, cy + 1e-3], [cx, cy + 1e-3], [cx, cy]]
    west = min(west_edge(band_path(it, "B04")) for it in items(d))  # squares astride it
    astride = [[[x - cx + west - inside, y] for x, y in square] for inside in (2e-4, 8e-4)]
    g["features"] = given + [
        feature("hole", polygon(ring, [[cx, cy], [cx + 1e-5, cy], [cx, cy + 1e-5], [cx, cy]])),
        feature("multi", {"type": "MultiPolygon", "coordinates": [
            [ring], [given[5]["geometry"]["coordinates"][0]]]}),
        feature("degenerate", polygon([[cx, cy]] * 4)),
        feature("line_like", polygon([[cx, cy], [cx + 1e-3, cy], [cx + 2e-3, cy], [cx, cy]])),
        feature("bowtie", polygon([[cx, cy], [cx + 1e-3, cy + 1e-3], [cx + 1e-3, cy],
                                   [cx, cy + 1e-3], [cx, cy]])),
        feature("many_vertices", polygon(circle + [circle[0]])),
        feature("covers_scene", polygon([[w, s], [e, s], [e, n], [w, n], [w, s]])),
        feature("swapped_axes", polygon([[p[1], p[0]] for p in ring])),
        feature("no_geometry", None),
        feature("empty_ring", polygon([])),
        feature("huge_coordinate", polygon([[cx, cy], [1e308, cy], [cx, 1e308], [cx, cy]])),
        feature("pole", polygon([[0, 89.9], [120, 89.9], [-120, 89.9], [0, 89.9]])),
        feature("antimeridian", polygon([[179.99, 10], [-179.99, 10], [-179.99, 10.01],
                                         [179.99, 10.01], [179.99, 10]])),
        feature("mostly_inside", polygon(astride[0])),
        feature("mostly_outside", polygon(astride[1])),
        feature("declared_bad", polygon(ring), declared_system="no_such_crop",
                declared_area_mu=-5),
        feature("", polygon(square)),
        dict(given[1]),  # a repeated id
    ]
    with open(f"{d}/parcels.geojson", "w") as f:
        json.dump(g, f)


def run(args, log):
    with open(log, "w") as err:
        return subprocess.run(args, stdout=subprocess.DEVNULL, stderr=err).returncode


def lines(path):
    try:
        with open(path) as f:
            return f.read().splitlines()
    except FileNotFoundError:
        return []


def check(aviary, d):
    """One line on variant `d`, and whether it failed."""
    cat, par = os.path.join(d, "catalog.json"), os.path.join(d, "parcels.geojson")
    codes = []
    for threads in (1, 2):
        codes.append(run([aviary, "satellite", "assess", "--catalog", cat, "--parcels", par,
                          "--threads", str(threads), "--out", f"{d}.assess{threads}.jsonl"],
                         f"{d}.assess{threads}.err"))
    codes.append(run([aviary, "satellite", "train", "--catalog", cat, "--parcels", par,
                      "--out", f"{d}.model.ubj"], f"{d}.train.err"))
    out = lines(f"{d}.assess1.jsonl")
    crashed = [c for c in codes if c not in (0, 1)]
    threads_differ = out != lines(f"{d}.assess2.jsonl")
    return out, codes, crashed, threads_differ


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("build_dir")
    parser.add_argument("base_dir")
    parser.add_argument("out_dir")
    parser.add_argument("--only", nargs="*", default=None)
    a = parser.parse_args()
    aviary = os.path.join(a.build_dir, "bin", "aviary")
    variants = {name[2:]: fn for name, fn in globals().items() if name.startswith("v_")}
    os.makedirs(a.out_dir, exist_ok=True)
    base = os.path.join(a.out_dir, "base")
    if os.path.exists(base):
        shutil.rmtree(base)
    shutil.copytree(a.base_dir, base)
    base_lines, *_ = check(aviary, base)
    failed = False
    for name, make in variants.items():
        if a.only and name not in a.only:
            continue
        d = os.path.join(a.out_dir, name)
        if os.path.exists(d):
            shutil.rmtree(d)
        shutil.copytree(a.base_dir, d)
        make(d)
        out, codes, crashed, threads_differ = check(aviary, d)
        errors = sum('"error"' in line for line in out)
        differs = name in SAME_AS_BASE and out != base_lines
        bad = bool(crashed) or threads_differ or differs
        failed |= bad
        print(f"{'FAIL' if bad else 'ok  '} {name:18s} assess {codes[0]}/{codes[1]} "
              f"({len(out)} lines, {errors} errors) train {codes[2]}"
              + (" CRASHED" if crashed else "") + (" threads differ" if threads_differ else "")
              + (" not the base's lines" if differs else ""), flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
