#include <QTemporaryDir>
#include <QtTest>

#include <gdal_priv.h>
#include <ogr_api.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "CsvTable.h"
#include "EqualAreaReference.h"
#include "GeodesicArea.h"
#include "ParcelReader.h"
#include "ParcelResultTable.h"
#include "ParcelsOutsideScenes.h"
#include "PixelCoverage.h"
#include "StacCatalog.h"

using namespace aviary::satellite;

namespace {

std::unique_ptr<OGRGeometry> fromWkt(const char* wkt) {
  OGRGeometry* g = nullptr;
  OGRGeometryFactory::createFromWkt(wkt, nullptr, &g);
  return std::unique_ptr<OGRGeometry>(g);
}

std::string featureCollection(const std::vector<std::string>& features) {
  std::string text = R"({"type":"FeatureCollection","features":[)";
  for (std::size_t i = 0; i < features.size(); ++i) text += (i ? "," : "") + features[i];
  return text + "]}";
}

std::string feature(const std::string& id, const std::string& geometry) {
  return R"({"type":"Feature","properties":{"parcel_id":")" + id + R"("},"geometry":)" + geometry +
         "}";
}

// A square field of 0.001 degrees at 116 E, 35 N, in lon/lat.
const char* const kSquareLonLat =
    R"({"type":"Polygon","coordinates":[[[116,35],[116.001,35],[116.001,35.001],[116,35.001],[116,35]]]})";

// WGS 84 and UTM 50N (the square's zone), both in GIS order, as QGIS exports them.
struct Utm50 {
  OGRSpatialReference wgs84, utm;
  Utm50() {
    wgs84.SetWellKnownGeogCS("WGS84");
    utm.importFromEPSG(32650);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    utm.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  }
};

const Parcel& byId(const std::vector<Parcel>& parcels, const std::string& id) {
  for (const auto& p : parcels)
    if (p.id == id) return p;
  throw std::runtime_error("no parcel " + id);
}

}  // namespace

class TestSatelliteGeometry : public QObject {
  Q_OBJECT

 private slots:
  void geodesicAreaMatchesEqualAreaProjection() {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> lat(-60, 60), lon(-179, 179), size(0.0003, 0.02);
    for (int i = 0; i < 200; ++i) {
      const double cx = lon(rng), cy = lat(rng), r = size(rng);
      OGRLinearRing ring;
      const int n = 5 + i % 7;
      for (int k = 0; k < n; ++k) {
        const double a = 2 * M_PI * k / n, rr = r * (0.6 + 0.4 * ((k * 37 + i) % 5) / 5.0);
        ring.addPoint(cx + rr * std::cos(a), cy + rr * std::sin(a));
      }
      ring.closeRings();
      OGRPolygon polygon;
      polygon.addRing(&ring);
      const double ours = GeodesicArea::squareMetres(polygon);
      const double independent = EqualAreaReference::squareMetres(polygon);
      QVERIFY2(std::fabs(ours - independent) / independent < 1e-4,
               qPrintable(QString("polygon %1: %2 vs %3").arg(i).arg(ours).arg(independent)));
    }
  }

  void holesAreSubtracted() {
    auto withHole = fromWkt(
        "POLYGON((116 35,116.01 35,116.01 35.01,116 35.01,116 35),"
        "(116.002 35.002,116.004 35.002,116.004 35.004,116.002 35.004,116.002 35.002))");
    auto outer = fromWkt("POLYGON((116 35,116.01 35,116.01 35.01,116 35.01,116 35))");
    auto hole = fromWkt(
        "POLYGON((116.002 35.002,116.004 35.002,116.004 35.004,116.002 35.004,116.002 35.002))");
    const double expected = GeodesicArea::squareMetres(*outer) - GeodesicArea::squareMetres(*hole);
    QVERIFY(std::fabs(GeodesicArea::squareMetres(*withHole) - expected) < 1e-6 * expected);
    QCOMPARE(GeodesicArea::mu(6666.7), 6666.7 / (10000.0 / 15.0));
  }

  void partialPixelsGetTheirExactFraction() {
    // Compare every pixel with GEOS's intersection area of the pixel square.
    const std::array<double, 6> gt{500000, 10, 0, 4000000, 0, -10};
    const char* shapes[] = {
        "POLYGON((500013 3999987,500077 3999941,500031 3999903,500013 3999987))",
        "POLYGON((500003.3 3999996.1,500091.7 3999992.4,500088.2 3999911.9,500051 3999950,"
        "500009.4 3999905.5,500003.3 3999996.1),(500040 3999980,500060 3999980,500050 3999965,"
        "500040 3999980))",
        "MULTIPOLYGON(((500001 3999999,500019 3999999,500019 3999981,500001 3999981,500001 "
        "3999999)),"
        "((500055.5 3999955.5,500064.5 3999955.5,500064.5 3999944.5,500055.5 3999955.5)))",
        // crosses the raster's left edge: only the part inside is kept
        "POLYGON((499985 3999985,500025 3999985,500025 3999945,499985 3999945,499985 3999985))"};
    for (const char* wkt : shapes) {
      auto geometry = fromWkt(wkt);
      QVERIFY(geometry);
      const PixelCoverage c = PixelCoverage::compute(*geometry, gt, 20, 20);
      QVERIFY(!c.empty());
      double total = 0;
      for (int row = 0; row < c.height; ++row)
        for (int col = 0; col < c.width; ++col) {
          const double x = gt[0] + (c.x0 + col) * gt[1], y = gt[3] + (c.y0 + row) * gt[5];
          OGRLinearRing ring;
          ring.addPoint(x, y);
          ring.addPoint(x + 10, y);
          ring.addPoint(x + 10, y - 10);
          ring.addPoint(x, y - 10);
          ring.closeRings();
          OGRPolygon pixel;
          pixel.addRing(&ring);
          std::unique_ptr<OGRGeometry> cut(geometry->Intersection(&pixel));
          const double expected = cut ? OGR_G_Area(OGRGeometry::ToHandle(cut.get())) / 100 : 0;
          QVERIFY2(std::fabs(c.fraction(col, row) - expected) < 1e-5,
                   qPrintable(QString("%1 pixel %2,%3: %4 vs %5")
                                  .arg(wkt)
                                  .arg(col)
                                  .arg(row)
                                  .arg(c.fraction(col, row))
                                  .arg(expected)));
          total += expected;
        }
      QVERIFY(std::fabs(c.insidePixels - total) < 1e-4);
    }
    // A polygon wholly outside the raster covers nothing.
    auto outside =
        fromWkt("POLYGON((600000 3999987,600077 3999941,600031 3999903,600000 3999987))");
    QVERIFY(PixelCoverage::compute(*outside, gt, 20, 20).empty());
  }

  void badParcelsGetErrorsAndTheRestCarryOn() {
    const std::string good = kSquareLonLat;
    const auto parcels = ParcelReader::readText(
        featureCollection({
            feature("good", good),
            feature("empty", R"({"type":"Polygon","coordinates":[]})"),
            feature("null", "null"),
            feature(
                "unclosed",
                R"({"type":"Polygon","coordinates":[[[116,35],[116.001,35],[116.001,35.001],[116,35.001]]]})"),
            feature(
                "bowtie",
                R"({"type":"Polygon","coordinates":[[[116,35],[116.001,35.001],[116.001,35],[116,35.001],[116,35]]]})"),
            feature(
                "huge",
                R"({"type":"Polygon","coordinates":[[[116,35],[116.2,35],[116.2,35.2],[116,35.2],[116,35]]]})"),
            feature(
                "latlon",
                R"({"type":"Polygon","coordinates":[[[35,116],[35.001,116],[35.001,116.001],[35,116]]]})"),
            feature("point", R"({"type":"Point","coordinates":[116,35]})"),
            R"({"type":"Feature","properties":{},"geometry":)" + good + "}",
            feature("good", good),
        }),
        {});
    QCOMPARE(parcels.size(), std::size_t(10));
    // The same id again: the first stands, the second says which feature has it.
    QVERIFY(parcels[0].error.empty() && parcels[0].lonLat);
    QVERIFY2(parcels[9].error.find("id of feature 1") != std::string::npos,
             parcels[9].error.c_str());
    QVERIFY(!parcels[9].lonLat);
    QVERIFY(byId(parcels, "good").error.empty());
    QVERIFY(byId(parcels, "good").areaM2 > 9000 && byId(parcels, "good").areaM2 < 11000);
    auto expectError = [&](const std::string& id, const std::string& part) {
      const Parcel& p = byId(parcels, id);
      QVERIFY2(p.error.find(id) != std::string::npos, p.error.c_str());
      QVERIFY2(p.error.find(part) != std::string::npos, p.error.c_str());
      QVERIFY(!p.lonLat);
    };
    expectError("empty", "empty polygon");
    expectError("null", "empty polygon");
    expectError("unclosed", "unclosed");
    expectError("bowtie", "Self-intersection");
    expectError("huge", "larger than 100 km");
    expectError("latlon", "outside lon/lat range");
    expectError("point", "not a Polygon");
    expectError("#9", "parcel_id");

    // With repair the bow-tie becomes a valid multipolygon with a warning.
    const auto repaired = ParcelReader::readText(
        featureCollection({feature(
            "bowtie",
            R"({"type":"Polygon","coordinates":[[[116,35],[116.001,35.001],[116.001,35],[116,35.001],[116,35]]]})")}),
        {true, 100});
    QVERIFY(repaired[0].error.empty());
    QVERIFY(repaired[0].lonLat && repaired[0].lonLat->IsValid());
    QCOMPARE(repaired[0].warnings.size(), std::size_t(1));
    QVERIFY(repaired[0].areaM2 > 4000 && repaired[0].areaM2 < 6000);
  }

  void parcelsInAProjectedCrsAreTransformed() {
    // A QGIS export in UTM 50N, the CRS named in the file (GeoJSON's 2008 "crs" member): the
    // same field as in lon/lat, the same area.
    const std::string lonLat = kSquareLonLat;
    const auto reference = ParcelReader::readText(featureCollection({feature("f", lonLat)}), {});
    Utm50 crs;
    OGRSpatialReference &wgs84 = crs.wgs84, &utm = crs.utm;
    std::unique_ptr<OGRCoordinateTransformation> toUtm(
        OGRCreateCoordinateTransformation(&wgs84, &utm));
    std::string ring;
    for (const auto& [lon, lat] : std::vector<std::pair<double, double>>{
             {116, 35}, {116.001, 35}, {116.001, 35.001}, {116, 35.001}, {116, 35}}) {
      double x = lon, y = lat;
      QVERIFY(toUtm->Transform(1, &x, &y));
      ring += (ring.empty() ? "[" : ",[") + std::to_string(x) + "," + std::to_string(y) + "]";
    }
    const std::string utmPolygon = R"({"type":"Polygon","coordinates":[[)" + ring + "]]}";
    auto withCrs = [&](const std::string& name) {
      std::string text = featureCollection({feature("f", utmPolygon)});
      return text.insert(1, R"("crs":{"type":"name","properties":{"name":")" + name + R"("}},)");
    };
    const auto projected = ParcelReader::readText(withCrs("urn:ogc:def:crs:EPSG::32650"), {});
    QVERIFY2(projected[0].error.empty(), projected[0].error.c_str());
    QVERIFY(std::fabs(projected[0].areaM2 / reference[0].areaM2 - 1) < 1e-6);
    OGREnvelope box;
    projected[0].lonLat->getEnvelope(&box);
    QVERIFY(std::fabs(box.MinX - 116) < 1e-6 && std::fabs(box.MinY - 35) < 1e-6);
    // Without the member the same numbers are no lon/lat: the parcel says so.
    const auto bare = ParcelReader::readText(featureCollection({feature("f", utmPolygon)}), {});
    QVERIFY(bare[0].error.find("outside lon/lat range") != std::string::npos);
    // WGS 84 named explicitly changes nothing; a CRS PROJ does not know stops the file.
    std::string named = featureCollection({feature("f", lonLat)});
    named.insert(1,
                 R"("crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},)");
    QCOMPARE(ParcelReader::readText(named, {})[0].areaM2, reference[0].areaM2);
    // A file or URL is not read as a CRS.
    for (const char* name : {"EPSG:999999", "/etc/hostname", "http://127.0.0.1:1/crs.wkt"}) {
      try {
        ParcelReader::readText(withCrs(name), {});
        QFAIL(name);
      } catch (const std::runtime_error& e) {
        QVERIFY2(std::string(e.what()).find("EPSG:4326") != std::string::npos, e.what());
      }
    }
  }

  void aRegistersOwnIdPropertyCanBeNamed() {
    // Registers keep their ids under their own names (Austria's GEO_ID, Denmark's Marknr).
    const std::string square = kSquareLonLat;
    const std::string text = featureCollection(
        {R"({"type":"Feature","properties":{"GEO_ID":106806035,"SNAR_CODE":"717"},"geometry":)" +
         square + "}"});
    const auto unnamed = ParcelReader::readText(text, {});
    QVERIFY2(unnamed[0].error.find("(its properties: GEO_ID, SNAR_CODE)") != std::string::npos &&
                 unnamed[0].error.find("--id-field") != std::string::npos,
             unnamed[0].error.c_str());
    ParcelReader::Options options;
    options.idProperty = "GEO_ID";
    const auto named = ParcelReader::readText(text, options);
    QVERIFY2(named[0].error.empty(), named[0].error.c_str());
    QCOMPARE(named[0].id, std::string("106806035"));
    QVERIFY(named[0].areaM2 > 9000 && named[0].areaM2 < 10500);
    // Two properties make one id where one alone repeats across farms.
    options.idProperty = "GEO_ID,SNAR_CODE";
    QCOMPARE(ParcelReader::readText(text, options)[0].id, std::string("106806035/717"));
    options.idProperty = " GEO_ID, SNAR_CODE ";  // as people type a list
    QCOMPARE(ParcelReader::readText(text, options)[0].id, std::string("106806035/717"));
    options.idProperty = "GEO_ID,FS_KENNUNG";  // one missing: no id
    QVERIFY(ParcelReader::readText(text, options)[0].error.find("FS_KENNUNG") != std::string::npos);
  }

  void parcelsFromShapefilesAndGeoPackages() {
    // A register as lenders keep it: a Shapefile in UTM 50N with upper-case and cut field
    // names, and a GeoPackage in lon/lat. They read as the GeoJSON of the same fields.
    GDALAllRegister();
    QTemporaryDir dir;
    const std::string lonLat = kSquareLonLat;
    const auto reference = ParcelReader::readText(featureCollection({feature("f", lonLat)}), {});
    Utm50 crs;
    OGRSpatialReference &wgs84 = crs.wgs84, &utm = crs.utm;
    auto square = [&](OGRCoordinateTransformation* to) {
      auto ring = std::make_unique<OGRLinearRing>();
      for (const auto& [lon, lat] : std::vector<std::pair<double, double>>{
               {116, 35}, {116.001, 35}, {116.001, 35.001}, {116, 35.001}, {116, 35}}) {
        double x = lon, y = lat;
        if (to) to->Transform(1, &x, &y);
        ring->addPoint(x, y);
      }
      OGRPolygon polygon;
      polygon.addRingDirectly(ring.release());
      return polygon;
    };
    auto write = [&](const char* driverName, const std::string& file, const char* layerName,
                     OGRSpatialReference* crs,
                     const std::vector<std::pair<const char*, OGRFieldType>>& fields,
                     const std::function<void(OGRFeature&, int)>& fill, OGRPolygon polygon,
                     int count, GDALDataset* into = nullptr) {
      GDALDatasetUniquePtr created;
      if (!into) {
        GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driverName);
        created.reset(driver->Create(file.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        into = created.get();
      }
      OGRLayer* layer = into->CreateLayer(layerName, crs, wkbPolygon, nullptr);
      for (const auto& [name, type] : fields) {
        OGRFieldDefn field(name, type);
        layer->CreateField(&field);
      }
      for (int i = 0; i < count; ++i) {
        OGRFeature feature(layer->GetLayerDefn());
        fill(feature, i);
        feature.SetGeometry(&polygon);
        QVERIFY(layer->CreateFeature(&feature) == OGRERR_NONE);
      }
    };
    std::unique_ptr<OGRCoordinateTransformation> toUtm(
        OGRCreateCoordinateTransformation(&wgs84, &utm));
    const std::string shp = dir.filePath("register.shp").toStdString();
    write(
        "ESRI Shapefile", shp, "register", &utm,
        {{"PARCEL_ID", OFTString}, {"declared_a", OFTReal}},
        [](OGRFeature& f, int i) {
          f.SetField(0, ("s" + std::to_string(i)).c_str());
          f.SetField(1, 2.5);
        },
        square(toUtm.get()), 2);
    const auto fromShapefile = ParcelReader::readFile(shp, {});
    QCOMPARE(fromShapefile.size(), std::size_t(2));
    QCOMPARE(fromShapefile[1].id, std::string("s1"));
    QVERIFY2(fromShapefile[0].error.empty(), fromShapefile[0].error.c_str());
    QVERIFY(std::fabs(fromShapefile[0].areaM2 / reference[0].areaM2 - 1) < 1e-6);
    QCOMPARE(fromShapefile[0].declaredAreaMu, 2.5);
    OGREnvelope box;
    fromShapefile[0].lonLat->getEnvelope(&box);
    QVERIFY(std::fabs(box.MinX - 116) < 1e-6 && std::fabs(box.MinY - 35) < 1e-6);

    // Integer ids in a GeoPackage; a repeated one is refused as in GeoJSON.
    const std::string gpkg = dir.filePath("register.gpkg").toStdString();
    write(
        "GPKG", gpkg, "fields", &wgs84, {{"parcel_id", OFTInteger}},
        [](OGRFeature& f, int i) { f.SetField(0, i < 2 ? 7 + i : 7); }, square(nullptr), 3);
    const auto fromGeoPackage = ParcelReader::readFile(gpkg, {});
    QCOMPARE(fromGeoPackage.size(), std::size_t(3));
    QCOMPARE(fromGeoPackage[0].id, std::string("7"));
    QCOMPARE(fromGeoPackage[0].areaM2, reference[0].areaM2);
    QVERIFY(fromGeoPackage[2].error.find("has the id of feature 1") != std::string::npos);

    // A second polygon layer: the reader asks which one; a file GDAL cannot read says what to give.
    {
      GDALDatasetUniquePtr open(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
      write(
          "GPKG", gpkg, "roads", &wgs84, {}, [](OGRFeature&, int) {}, square(nullptr), 1,
          open.get());
    }
    const std::string notes = dir.filePath("register.txt").toStdString();
    std::ofstream(notes) << "field 7: maize\n";
    for (const auto& [file, expected] : std::vector<std::pair<std::string, std::string>>{
             {gpkg, "ogr2ogr"},
             {notes, "GeoPackage"},
             {dir.filePath("none.shp").toStdString(), "no such file"}}) {
      try {
        ParcelReader::readFile(file, {});
        QFAIL(file.c_str());
      } catch (const std::runtime_error& e) {
        QVERIFY2(std::string(e.what()).find(expected) != std::string::npos, e.what());
      }
    }
  }

  void resultsGoToASpreadsheetAndAMap() {
    const std::string square = kSquareLonLat;
    const auto parcels = ParcelReader::readText(
        featureCollection(
            {feature("a", square), feature("b", R"({"type":"Point","coordinates":[1,2]})")}),
        {});
    QVERIFY(parcels[0].error.empty() && !parcels[1].error.empty());
    const std::vector<nlohmann::json> lines = {
        nlohmann::json::parse(
            R"({"parcel_id":"a","area_mu":15.0,"system":"maize_spring","flags":["season_unseen","mixed_pixels"],
                "hazards":[{"type":"flood","start":"2026-06-01","end":"2026-06-20","severity":0.5}],
                "observations":{"clear":30,"total":48},"probabilities":{"maize_spring":0.9},
                "referral":"check the field, then decide"})"),
        {{"parcel_id", "b"}, {"error", parcels[1].error}}};
    const ParcelResultTable table(lines);
    std::ostringstream csv;
    table.writeCsv(csv);
    const auto sheet = aviary::CsvTable::parse(csv.str());
    QVERIFY(sheet.problems().empty());
    QCOMPARE(sheet.rowCount(), std::size_t(2));
    QCOMPARE(sheet.header().front(), std::string("parcel_id"));
    QCOMPARE(sheet.columnIndex("probabilities_maize_spring"), -1);
    auto cell = [&](std::size_t row, const char* column) {
      return sheet.row(row)[sheet.columnIndex(column)];
    };
    QCOMPARE(cell(0, "flags"), std::string("season_unseen mixed_pixels"));
    QCOMPARE(cell(0, "hazards"), std::string("flood 2026-06-01..2026-06-20 0.5"));
    QCOMPARE(cell(0, "hazard_count"), std::string("1"));
    QCOMPARE(cell(0, "observations_clear"), std::string("30"));
    QCOMPARE(cell(0, "referral"), std::string("check the field, then decide"));  // quoted comma
    QCOMPARE(cell(1, "error"), parcels[1].error);
    QCOMPARE(cell(1, "system"), std::string());

    std::ostringstream map;
    table.writeGeoJson(map, parcels);
    const auto reread = ParcelReader::readText(map.str(), {});  // the map is parcels again
    QCOMPARE(reread.size(), std::size_t(2));
    QCOMPARE(reread[0].areaM2, parcels[0].areaM2);
    QVERIFY(reread[1].error.find("geometry is null") != std::string::npos);
    const auto collection = nlohmann::json::parse(map.str());
    QCOMPARE(collection["features"][0]["properties"]["system"].get<std::string>(),
             std::string("maize_spring"));
  }

  void parcelsOfAnotherPlaceAreToldWhereTheScenesAre() {
    // A scene over Denmark (EPSG:4326 here; any CRS GDAL knows) and parcels written [lat, lon].
    GDALAllRegister();
    QTemporaryDir dir;
    const std::string tif = dir.filePath("B04.tif").toStdString();
    {
      GDALDatasetUniquePtr raster(GetGDALDriverManager()->GetDriverByName("GTiff")->Create(
          tif.c_str(), 100, 100, 1, GDT_UInt16, nullptr));
      double transform[6] = {10.0, 0.01, 0, 56.0, 0, -0.01};
      raster->SetGeoTransform(transform);
      OGRSpatialReference wgs84;
      wgs84.SetWellKnownGeogCS("WGS84");
      raster->SetSpatialRef(&wgs84);
    }
    SceneItem item;
    item.id = "s1";
    item.assets["B04"] = tif;
    auto square = [](double x, double y) {
      return R"({"type":"Polygon","coordinates":[[[)" + std::to_string(x) + "," +
             std::to_string(y) + "],[" + std::to_string(x + 0.001) + "," + std::to_string(y) +
             "],[" + std::to_string(x + 0.001) + "," + std::to_string(y + 0.001) + "],[" +
             std::to_string(x) + "," + std::to_string(y + 0.001) + "],[" + std::to_string(x) + "," +
             std::to_string(y) + "]]]}";
    };
    auto outsideAll = [](const std::vector<Parcel>& parcels) {
      std::vector<ParcelResult> results(parcels.size());
      for (std::size_t i = 0; i < parcels.size(); ++i)
        results[i].error = ParcelsOutsideScenes::errorFor(parcels[i].id);
      return results;
    };
    const auto swapped = ParcelReader::readText(
        featureCollection({feature("a", square(55.5, 10.5)), feature("b", square(55.6, 10.4))}),
        {});
    const std::string told = ParcelsOutsideScenes::describe(swapped, outsideAll(swapped), {item});
    QVERIFY2(told.find("none of the 2 parcels") != std::string::npos &&
                 told.find("first scene at lon 10.000..11.000, lat 55.000..56.000") !=
                     std::string::npos &&
                 told.find("lon and lat swapped") != std::string::npos,
             told.c_str());
    const auto elsewhere =
        ParcelReader::readText(featureCollection({feature("c", square(116, 35))}), {});
    const std::string other =
        ParcelsOutsideScenes::describe(elsewhere, outsideAll(elsewhere), {item});
    QVERIFY2(other.find("of one place") != std::string::npos, other.c_str());
    // One parcel inside is enough to say nothing: the others' own errors stand.
    auto some = outsideAll(swapped);
    some[1].error.clear();
    QVERIFY(ParcelsOutsideScenes::describe(swapped, some, {item}).empty());
  }

  void datesAreValidated() {
    int year = 0, doy = 0;
    std::string date;
    QVERIFY(StacCatalog::parseDatetime("2026-03-01T02:30:00Z", year, doy, date));
    QCOMPARE(doy, 60);
    QCOMPARE(date, std::string("2026-03-01"));
    QVERIFY(StacCatalog::parseDatetime("2024-12-31T23:59:59.5+08:00", year, doy, date));
    QCOMPARE(doy, 366);
    QVERIFY(!StacCatalog::parseDatetime("2026-02-30T00:00:00Z", year, doy, date));
    QVERIFY(!StacCatalog::parseDatetime("yesterday", year, doy, date));
    QVERIFY(!StacCatalog::parseDatetime("2026-13-01T00:00:00Z", year, doy, date));
  }
};

QTEST_GUILESS_MAIN(TestSatelliteGeometry)
#include "TestSatelliteGeometry.moc"
