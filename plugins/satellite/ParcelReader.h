#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "Parcel.h"

namespace aviary::satellite {

// Reads parcels from a GeoJSON FeatureCollection and checks each one. A bad parcel keeps
// its place with an error; only an unreadable file throws (std::runtime_error). Coordinates
// are WGS 84 [lon, lat] (RFC 7946), unless the file names another CRS in a "crs" member (the
// 2008 draft, as QGIS writes it): they are then transformed to WGS 84.
// readFile() also takes any vector file GDAL reads (Shapefile, GeoPackage: VectorParcelLayer),
// in its layer's CRS; a file is GeoJSON when it is named .geojson or .json.
class ParcelReader {
 public:
  struct Options {
    bool repairInvalid = false;  // MakeValid instead of refusing a self-intersecting polygon
    double maxAreaKm2 = 100.0;
    // The property that holds each parcel's id: the contract's parcel_id, or a register's own
    // (GEO_ID), so that a lender's file is read as it is. Several, comma-separated, make one
    // id joined by '/' (Denmark's field numbers repeat across farms: "Journalnr,Marknr").
    std::string idProperty = "parcel_id";
  };

  static std::vector<Parcel> readFile(const std::filesystem::path& file, const Options& options);
  static std::vector<Parcel> readText(const std::string& geojson, const Options& options);
};

}  // namespace aviary::satellite
