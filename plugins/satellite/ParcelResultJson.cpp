#include "ParcelResultJson.h"

#include <algorithm>
#include <cmath>

#include "GeodesicArea.h"
#include "SeasonJudge.h"

namespace aviary::satellite {
namespace {

// Divides by a power of ten so that the JSON shows the short decimal (20.15,
// not 20.150000000000002).
double rounded(double v, double step) {
  const double scale = std::round(1 / step);
  return std::round(v * scale) / scale;
}
nlohmann::json number(double v, double step) {
  return std::isfinite(v) ? nlohmann::json(rounded(v, step)) : nlohmann::json(nullptr);
}

// One hazard; `basis` only where the batch, not the parcel alone, showed it.
nlohmann::json hazardJson(const HazardEvent& h) {
  nlohmann::json out = {{"type", h.type},
                        {"start", h.start},
                        {"end", h.end},
                        {"severity", rounded(h.severity, 0.01)}};
  if (!h.basis.empty()) out["basis"] = h.basis;
  return out;
}

}  // namespace

nlohmann::json ParcelResultJson::line(const ParcelResult& r,
                                      const std::vector<std::string>& classes) {
  using nlohmann::json;
  json out = {{"parcel_id", r.parcelId}};
  if (r.areaM2 > 0) {
    out["area_m2"] = rounded(r.areaM2, 0.1);
    out["area_mu"] = rounded(GeodesicArea::mu(r.areaM2), 0.01);
    // The declared area against the polygon's: +0.25 declares a quarter more than it measures.
    if (r.declaredAreaMu && *r.declaredAreaMu > 0) {
      out["declared_area_mu"] = *r.declaredAreaMu;
      out["declared_area_difference"] =
          rounded(*r.declaredAreaMu / GeodesicArea::mu(r.areaM2) - 1, 0.001);
    }
  }
  if (!r.error.empty()) {
    out["error"] = r.error;
    if (!r.warnings.empty()) out["warnings"] = r.warnings;
    return out;
  }
  // An uncertain crop is not named as if it were known: its best guess is kept apart.
  out["system"] = r.uncertain() ? std::string("uncertain") : r.system;
  if (r.uncertain()) out["best_guess"] = r.system;
  out["system_confidence"] = rounded(r.systemConfidence, 0.0001);
  out["flags"] = r.reportedFlags();
  if (!r.referral.empty()) out["referral"] = r.referral;
  if (r.judgement.seasonUnseen())
    out["unseen_spell"] = {{"from", r.judgement.unseenStart},
                           {"to", r.judgement.unseenEnd},
                           {"why", SeasonJudge::unseenReason(r.judgement)}};
  json probabilities = json::object();
  for (std::size_t k = 0; k < classes.size() && k < r.probabilities.size(); ++k)
    if (r.probabilities[k] >= 0.0005)
      probabilities[classes[k]] = rounded(r.probabilities[k], 0.0001);
  out["probabilities"] = probabilities;
  out["condition"] = r.judgement.condition ? json(*r.judgement.condition) : json(nullptr);
  json hazards = json::array();
  for (const auto& h : r.judgement.hazards) hazards.push_back(hazardJson(h));
  out["hazards"] = hazards;
  out["observations"] = {{"total", r.series.total}, {"clear", r.series.clear}};
  out["expected_yield_kg"] = std::round(r.judgement.expectedYieldKg);
  out["expected_value_cny"] = std::round(r.judgement.expectedValueCny);
  out["declared_match"] = r.declaredMatch ? json(*r.declaredMatch) : json(nullptr);
  const Phenology& p = r.series.phenology;
  out["phenology"] = {{"greenup_doy", number(p.greenup, 1)},
                      {"peak_doy", number(p.peak, 1)},
                      {"senescence_doy", number(p.senescence, 1)},
                      {"harvest_doy", number(p.harvest, 1)},
                      {"peak_ndvi", number(p.peakNdvi, 0.001)},
                      {"amplitude", number(p.amplitude, 0.001)},
                      {"integral", number(p.integral, 0.001)},
                      {"flood_signal", number(p.floodSignal, 0.001)},
                      {"season_count", p.seasons}};
  out["yield_index"] = rounded(r.judgement.yieldIndex, 0.001);
  if (!r.warnings.empty()) out["warnings"] = r.warnings;
  return out;
}

nlohmann::json ParcelResultJson::timeSeries(const ParcelResult& r) {
  using nlohmann::json;
  json dates = json::array(), ndvi = json::array(), cloudy = json::array(), normal = json::array(),
       rejected = json::array();
  for (std::size_t i = 0; i < r.series.observations.size(); ++i) {
    const auto& o = r.series.observations[i];
    dates.push_back(o.date);
    ndvi.push_back(number(r.series.indices[i].ndvi, 0.001));
    cloudy.push_back(o.rejected);  // any reason: older readers draw every rejected look alike
    rejected.push_back(o.rejected ? json(o.rejectReason) : json(nullptr));
    normal.push_back(
        r.judgement.normalNdvi.empty()
            ? json(nullptr)
            : json(rounded(
                  r.judgement.normalNdvi[std::clamp(o.dayOfYear, 1, ParcelTimeSeries::kDays) - 1],
                  0.001)));
  }
  json smoothed = json::array();
  for (std::size_t d = 0; d < r.series.ndvi.size(); d += 5)
    smoothed.push_back(number(r.series.ndvi[d], 0.001));
  json hazards = json::array();
  for (const auto& h : r.judgement.hazards) hazards.push_back(hazardJson(h));
  return {{"parcel_id", r.parcelId}, {"system", r.system},
          {"dates", dates},          {"ndvi", ndvi},
          {"normal", normal},        {"cloudy", cloudy},
          {"rejected", rejected},    {"smoothed_every_5_days", smoothed},
          {"hazards", hazards}};
}

}  // namespace aviary::satellite
