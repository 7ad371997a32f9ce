// The hazard detectors alone: each labelled parcel judged against its TRUE crop system, so
// that crop-model errors do not blur the picture. Prints flood, drought and pest precision
// and recall against truth.jsonl, and (with --list) every miss and false alarm.
// Usage: bench_satellite_hazards DIR [DIR ...] [--list] [--dump-all FILE] [--threads N]
//        [--own-centres] [--no-peer] [--no-regional-drought] [--no-regional-fall]
// --dump-all writes what the judge saw per parcel (JSON lines) for hazard_misses.py;
// --own-centres aligns each parcel on its own green-up instead of the region's calendar;
// --no-peer judges against crops.csv's curves instead of the batch's peer curves
// (RegionPeerCurves, here of the parcels' true crop systems); --no-regional-drought leaves out
// the droughts RegionalDrought finds across the batch (shortfalls shared with neighbours);
// --no-regional-fall keeps the pests RegionalFall takes back (falls a tenth of the batch shares).
// DIR holds catalog.json, parcels.geojson (with properties.system) and truth.jsonl, as
// written by `aviary-simulate satellite simulate` or bench/satellite/independent_scenes.py.
#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "CropCalendar.h"
#include "GeodesicArea.h"
#include "ParcelAssessor.h"
#include "ParcelReader.h"
#include "RegionPeerCurves.h"
#include "RegionalDrought.h"
#include "RegionalFall.h"
#include "SeasonJudge.h"
#include "StacCatalog.h"

using namespace aviary::satellite;
using nlohmann::json;
namespace fs = std::filesystem;

// One parcel as the judge saw it, for offline analysis of misses (--dump-all FILE): its
// observations, the aligned normal curve, the region's peer curve of its crop (when the batch
// had one), the truth and what the judge found.
json parcelDump(const std::string& set, const ParcelResult& r, const CropSystem& system,
                const SeasonJudgement& j, const json& truthHazards,
                const std::vector<double>* peerCurve) {
  json d = {{"set", set},
            {"id", r.parcelId},
            {"system", system.code},
            {"shift", j.shiftDays},
            {"normal", j.normalNdvi},
            {"truth", truthHazards},
            {"index", j.seasonYieldIndex}};
  if (peerCurve) d["peer"] = *peerCurve;
  json obs = json::array();
  for (std::size_t k = 0; k < r.series.observations.size(); ++k) {
    const auto& o = r.series.observations[k];
    auto num = [](double v) { return std::isfinite(v) ? json(v) : json(nullptr); };
    obs.push_back({{"day", o.dayOfYear},
                   {"clear", o.clearFraction},
                   {"purity", o.purity},
                   {"rejected", o.rejected},
                   {"ndvi", num(r.series.indices[k].ndvi)},
                   {"mndwi", num(r.series.indices[k].mndwi)},
                   {"water", num(o.openWater)},
                   {"b03", num(o.reflectance[kB03])},
                   {"b04", num(o.reflectance[kB04])},
                   {"b08", num(o.reflectance[kB08])},
                   {"b11", num(o.reflectance[kB11])},
                   {"b12", num(o.reflectance[kB12])}});
  }
  d["obs"] = obs;
  json found = json::array();
  for (const auto& h : j.hazards)
    found.push_back({{"type", h.type},
                     {"start", h.startDay},
                     {"end", h.endDay},
                     {"severity", h.severity},
                     {"basis", h.basis}});
  d["found"] = found;
  if (j.seasonUnseen()) d["unseen"] = {j.unseenFirstDay, j.unseenLastDay};
  return d;
}

struct Options {
  std::vector<fs::path> dirs;
  bool list = false, indices = false, ownCentres = false, peer = true, regional = true;
  bool sharedFalls = true;
  int threads = 2;
  std::string dump;  // a parcel id whose observations to print
  std::ofstream dumpAll;
};

// The options, or false (with the usage printed) for --help or an unknown one.
bool parseOptions(int argc, char** argv, Options& o, bool& help) {
  bool unknown = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--list")
      o.list = true;
    else if (a == "--own-centres")  // align each parcel on its own green-up, not the region's
      o.ownCentres = true;
    else if (a == "--no-peer")
      o.peer = false;
    else if (a == "--no-regional-drought")  // the judge's own droughts only
      o.regional = false;
    else if (a == "--no-regional-fall")  // every pest the judge found, shared or not
      o.sharedFalls = false;
    else if (a == "--indices")
      o.indices = true;
    else if (a == "--dump" && i + 1 < argc)
      o.dump = argv[++i];
    else if (a == "--dump-all" && i + 1 < argc)
      o.dumpAll.open(argv[++i]);
    else if (a == "--threads" && i + 1 < argc)
      o.threads = std::stoi(argv[++i]);
    else if (a == "--help" || a == "-h")
      help = true;
    else if (a.rfind("-", 0) == 0)
      unknown = true;
    else
      o.dirs.push_back(a);
  }
  if (!help && !unknown && !o.dirs.empty()) return true;
  (help ? std::cout : std::cerr)
      << "usage: bench_satellite_hazards DIR [DIR ...] [--list] [--dump-all FILE] "
         "[--threads N] [--own-centres] [--no-peer] [--no-regional-drought] "
         "[--no-regional-fall]\n"
         "Each DIR holds catalog.json, parcels.geojson and truth.jsonl, as "
         "aviary-simulate satellite simulate writes them.\n";
  return false;
}

const std::vector<std::string> kKinds = {"flood", "drought", "pest"};

// Counts over all the sets.
struct Tally {
  std::map<std::string, std::array<int, 3>> pooled;         // tp, fp, fn
  std::map<std::string, std::array<int, 2>> pooledByBasis;  // "kind basis": right, false
};

// --dump: one parcel's looks and what the judge found.
void printParcel(const ParcelResult& r, const CropSystem& system, const SeasonJudgement& j) {
  std::cout << r.parcelId << " " << system.code << " shift " << j.shiftDays << "\n";
  for (std::size_t k = 0; k < r.series.observations.size(); ++k) {
    const auto& o = r.series.observations[k];
    std::cout << "  day " << o.dayOfYear << " clear " << o.clearFraction << " purity " << o.purity
              << (o.rejected ? " rejected " + o.rejectReason : "") << " ndvi "
              << r.series.indices[k].ndvi << " mndwi " << r.series.indices[k].mndwi << " water "
              << o.openWater << " refl";
    for (double v : o.reflectance) std::cout << " " << v;
    std::cout << "\n";
  }
  for (const auto& h : j.hazards)
    std::cout << "  found " << h.type << " " << h.start << ".." << h.end << "\n";
}

// Each labelled parcel of `dir` judged with its true crop, then the batch's shared falls and
// regional droughts, as assess does.
std::vector<ParcelResult> judgeWithTrueCrops(const fs::path& dir, const Options& o,
                                             const std::vector<Parcel>& parcels,
                                             RegionPeerCurves& peers) {
  const auto& calendar = CropCalendar::shipped();
  const ParcelAssessor assessor(StacCatalog::read(dir / "catalog.json").items, calendar,
                                {"", o.threads});
  RegionCalendar::Estimate region;
  auto results = assessor.observe(parcels, &region);
  const std::optional<double> regionShift = o.ownCentres ? std::nullopt : region.sureShift();
  std::vector<std::pair<std::string, const ParcelTimeSeries*>> members;
  for (std::size_t i = 0; i < results.size(); ++i)
    if (results[i].error.empty()) members.emplace_back(parcels[i].system, &results[i].series);
  peers = RegionPeerCurves::build(o.peer ? members : decltype(members){});
  std::cout << dir.filename().string() << ": region " << region.describe() << "; "
            << peers.describe() << "\n";
  for (std::size_t i = 0; i < results.size(); ++i) {
    ParcelResult& r = results[i];
    const CropSystem* system = calendar.find(parcels[i].system);
    if (!r.error.empty() || !system) continue;
    r.system = system->code;
    r.judgement = SeasonJudge::judge(r.series, *system, GeodesicArea::mu(r.areaM2), assessor.year(),
                                     365, regionShift, peers.curve(system->code));
  }
  if (o.sharedFalls) RegionalFall::clear(results);
  if (o.regional) RegionalDrought::find(results, calendar, assessor.year());
  return results;
}

// One set's hazards against its truth.jsonl, printed and added to `tally`.
void scoreSet(const fs::path& dir, Options& o, Tally& tally) {
  const auto& calendar = CropCalendar::shipped();
  std::map<std::string, std::set<std::string>> truth;
  std::map<std::string, json> truthHazards;
  std::ifstream in(dir / "truth.jsonl");
  std::string line;
  while (std::getline(in, line)) {
    const json t = json::parse(line);
    auto& set = truth[t["parcel_id"].get<std::string>()];
    truthHazards[t["parcel_id"].get<std::string>()] = t["hazards"];
    for (const auto& h : t["hazards"]) set.insert(h["type"].get<std::string>());
  }
  const auto parcels = ParcelReader::readFile(dir / "parcels.geojson", {});
  RegionPeerCurves peers;
  const auto results = judgeWithTrueCrops(dir, o, parcels, peers);
  std::map<std::string, std::array<int, 3>> counts;
  std::array<int, 2> unseen{0, 0};  // planted parcels, those whose season went unseen
  for (std::size_t i = 0; i < results.size(); ++i) {
    const ParcelResult& r = results[i];
    const CropSystem* system = calendar.find(parcels[i].system);
    if (!r.error.empty() || !system) continue;
    const SeasonJudgement& j = r.judgement;
    unseen[0] += system->planted();
    unseen[1] += j.seasonUnseen();
    std::set<std::string> found;
    for (const auto& h : j.hazards) found.insert(h.type);
    if (r.parcelId == o.dump) printParcel(r, *system, j);
    const auto& expected = truth[r.parcelId];
    if (o.dumpAll.is_open())
      o.dumpAll << parcelDump(dir.filename().string(), r, *system, j, truthHazards[r.parcelId],
                              peers.curve(system->code))
                << "\n";
    if (o.indices && system->planted()) {
      std::cout << "INDEX " << r.parcelId << " " << system->code << " " << expected.count("drought")
                << " " << found.count("drought");
      for (double y : j.seasonYieldIndex) std::cout << " " << y;
      std::cout << "\n";
    }
    std::set<std::pair<std::string, std::string>> byBasis;  // kind, basis
    for (const auto& h : j.hazards) byBasis.insert({h.type, h.basis.empty() ? "own" : h.basis});
    for (const auto& [kind, basis] : byBasis)
      ++tally.pooledByBasis[kind + " " + basis][expected.count(kind) ? 0 : 1];
    for (const auto& kind : kKinds) {
      const bool e = expected.count(kind), f = found.count(kind);
      auto& c = counts[kind];
      c[0] += e && f;
      c[1] += f && !e;
      c[2] += e && !f;
      if (o.list && e != f) {
        std::cout << dir.filename().string() << " " << r.parcelId << " " << system->code
                  << (f ? " false " : " missed ") << kind << " mu " << GeodesicArea::mu(r.areaM2)
                  << " shift " << j.shiftDays << (j.seasonUnseen() ? " unseen" : "") << " index";
        for (double y : j.seasonYieldIndex) std::cout << " " << y;
        std::cout << "\n";
      }
    }
  }
  std::cout << dir.string() << ":";
  for (const auto& kind : kKinds) {
    const auto& c = counts[kind];
    for (int k = 0; k < 3; ++k) tally.pooled[kind][k] += c[k];
    std::cout << "  " << kind << " " << c[0] << "/" << c[1] << "/" << c[2];
  }
  std::cout << "  (found/false/missed)  season_unseen " << unseen[1] << "/" << unseen[0] << "\n";
}

int main(int argc, char** argv) try {
  Options options;
  bool help = false;
  if (!parseOptions(argc, argv, options, help)) return help ? 0 : 2;
  Tally tally;
  for (const fs::path& dir : options.dirs) scoreSet(dir, options, tally);
  for (const auto& kind : kKinds) {
    const auto& c = tally.pooled[kind];
    std::cout << kind << ": precision " << static_cast<double>(c[0]) / std::max(1, c[0] + c[1])
              << " recall " << static_cast<double>(c[0]) / std::max(1, c[0] + c[2]) << " (" << c[0]
              << " found, " << c[1] << " false, " << c[2] << " missed)\n";
  }
  // What each kind of evidence is worth: crops.csv's curve (own), the region's peer curve
  // (peers), the neighbours' shared shortfall (regional). Parcels, right / false.
  for (const auto& [key, c] : tally.pooledByBasis)
    std::cout << "  by basis, " << key << ": " << c[0] << " right, " << c[1] << " false\n";
  return 0;
} catch (const std::exception& e) {
  std::cerr << "bench_satellite_hazards: " << e.what()
            << " (each DIR needs catalog.json, parcels.geojson and truth.jsonl)\n";
  return 1;
}
