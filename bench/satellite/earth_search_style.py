#!/usr/bin/python3
"""Rewrites a catalog that follows formats.md the way public STAC servers serve Sentinel-2 L2A
(Earth Search v1), to check that `assess` reads such a catalog as it reads the original:

- assets keyed by common name (blue, green, red, rededge1, nir, swir16, swir22, scl), with
  eo:bands, plus a thumbnail and a "blue-jp2" copy that must not be taken for blue;
- B05, B11, B12 and SCL of 10 m items on a 20 m grid, as Sentinel-2 stores them;
- stored values 10000 x reflectance + 1000 (processing baseline 04.00), declared in
  raster:bands as scale 0.0001 and offset -0.1;
- proj:code "EPSG:n" (projection extension v2) instead of proj:epsg.

Usage: earth_search_style.py SOURCE_DIR OUT_DIR [--same-grid] [--no-offset]
OUT_DIR gets catalog.json, items/, scenes/; parcels and truth are copied alongside.
--same-grid keeps every band on the source grid (--coarse=B11,B12: only those coarser);
--no-offset stores 10000 x reflectance.
"""
import json
import os
import shutil
import sys

import numpy as np
from osgeo import gdal

gdal.UseExceptions()
COMMON = {"B02": "blue", "B03": "green", "B04": "red", "B05": "rededge1", "B08": "nir",
          "B11": "swir16", "B12": "swir22", "SCL": "scl"}
COARSE = {"B05", "B11", "B12", "SCL"}
OFFSET = 1000


def write(source, out, band, coarse, offset):
    """The band with the baseline-04.00 offset, on a 2x coarser grid when `coarse`."""
    ds = gdal.Open(source)
    data = ds.GetRasterBand(1).ReadAsArray()
    gt = list(ds.GetGeoTransform())
    if band != "SCL" and offset:
        data = np.where(data > 0, data.astype(np.int32) + OFFSET, 0).astype(np.uint16)
    mem = gdal.GetDriverByName("MEM").Create("", ds.RasterXSize, ds.RasterYSize, 1,
                                             ds.GetRasterBand(1).DataType)
    mem.SetGeoTransform(gt)
    mem.SetProjection(ds.GetProjection())
    mem.GetRasterBand(1).WriteArray(data)
    options = {"format": "GTiff"}
    if coarse and abs(gt[1]) < 15:  # only 10 m items: Sentinel-2 stores these bands at 20 m
        options.update(xRes=gt[1] * 2, yRes=-gt[5] * 2,
                       resampleAlg="mode" if band == "SCL" else "average")
    gdal.Translate(out, mem, **options)


def main():
    if len(sys.argv) < 3 or sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        sys.exit(0 if len(sys.argv) > 1 and sys.argv[1] in ("-h", "--help") else 2)
    src, dst = sys.argv[1], sys.argv[2]
    if not os.path.exists(os.path.join(src, "catalog.json")):
        sys.exit("%s has no catalog.json: give a folder that holds a catalog" % src)
    coarse_bands = set() if "--same-grid" in sys.argv else COARSE
    for arg in sys.argv[3:]:
        if arg.startswith("--coarse="):
            coarse_bands = set(arg[9:].split(","))
    offset = "--no-offset" not in sys.argv
    os.makedirs(os.path.join(dst, "items"), exist_ok=True)
    os.makedirs(os.path.join(dst, "scenes"), exist_ok=True)
    for name in ("parcels.geojson", "truth.jsonl"):
        if os.path.exists(os.path.join(src, name)):
            shutil.copy(os.path.join(src, name), dst)
    catalog = json.load(open(os.path.join(src, "catalog.json")))
    links = []
    for link in catalog["links"]:
        if link["rel"] != "item":
            continue
        item_file = os.path.normpath(os.path.join(src, link["href"]))
        item = json.load(open(item_file))
        assets = {"thumbnail": {"href": "../scenes/none.jpg", "roles": ["thumbnail"],
                                "type": "image/jpeg"}}
        for band, asset in item["assets"].items():
            source = os.path.normpath(os.path.join(os.path.dirname(item_file), asset["href"]))
            out = "%s_%s.tif" % (item["id"], COMMON[band])
            write(source, os.path.join(dst, "scenes", out), band, band in coarse_bands, offset)
            entry = {"href": "../scenes/" + out, "roles": ["data"],
                     "type": "image/tiff; application=geotiff; profile=cloud-optimized",
                     "eo:bands": [{"name": COMMON[band], "common_name": COMMON[band]}]}
            if band != "SCL":
                entry["raster:bands"] = [{"nodata": 0, "data_type": "uint16",
                                          "scale": 0.0001, "offset": -0.1 if offset else 0.0}]
            assets[COMMON[band]] = entry
            if band == "B02":
                assets["blue-jp2"] = dict(entry, href="../scenes/missing_blue.jp2")
        props = dict(item["properties"])
        props["proj:code"] = "EPSG:%d" % props.pop("proj:epsg")
        item.update(assets=assets, properties=props)
        json.dump(item, open(os.path.join(dst, "items", item["id"] + ".json"), "w"), indent=1)
        links.append({"rel": "item", "href": "items/%s.json" % item["id"]})
    catalog["links"] = [l for l in catalog["links"] if l["rel"] != "item"] + links
    json.dump(catalog, open(os.path.join(dst, "catalog.json"), "w"), indent=1)


if __name__ == "__main__":
    main()
