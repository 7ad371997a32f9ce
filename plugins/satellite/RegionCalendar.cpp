#include "RegionCalendar.h"

#include <algorithm>
#include <cstdio>

#include "FeatureColumn.h"

namespace aviary::satellite {
namespace {

constexpr const char* kShiftPrefix = "fit_shift_";
constexpr const char* kDates[] = {"greenup", "peak_day", "senescence", "harvest"};

bool isSystemShift(const std::string& name) {
  return name.rfind(kShiftPrefix, 0) == 0;
}

}  // namespace

std::string RegionCalendar::Estimate::describe() const {
  char text[200];
  if (sure())
    std::snprintf(text, sizeof text,
                  "region calendar: %+.0f days against crops.csv (+/- %.1f, from %d parcels)",
                  shift, standardError, parcels);
  else
    std::snprintf(text, sizeof text,
                  "region calendar unsure (%d well-fitted parcels, %d needed, or their shifts "
                  "disagree): crops are judged without it, and crops that differ only by "
                  "their dates may come out uncertain",
                  parcels, kMinParcels);
  return text;
}

RegionCalendar::Estimate RegionCalendar::estimate(
    const std::vector<const std::vector<float>*>& rows, const std::vector<std::string>& names) {
  const std::size_t shiftAt = featureColumn(names, "fit_best_shift"),
                    errorAt = featureColumn(names, "fit_best_error"),
                    amplitudeAt = featureColumn(names, "amplitude");
  std::vector<double> shifts;
  for (const auto* row : rows) {
    const float shift = (*row)[shiftAt], error = (*row)[errorAt], amplitude = (*row)[amplitudeAt];
    if (std::isfinite(shift) && error <= kWellFitted && amplitude >= kPlantedAmplitude)
      shifts.push_back(shift);
  }
  Estimate e;
  e.parcels = static_cast<int>(shifts.size());
  if (shifts.empty()) return e;
  std::sort(shifts.begin(), shifts.end());
  const auto median = [](const std::vector<double>& v) {
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  };
  e.shift = median(shifts);
  std::vector<double> deviations;
  for (double s : shifts) deviations.push_back(std::abs(s - e.shift));
  std::sort(deviations.begin(), deviations.end());
  // The median's standard error from the robust spread (1.4826 MAD is sigma; the median of
  // n normal draws has 1.2533 sigma / sqrt(n)).
  e.standardError = 1.2533 * 1.4826 * std::max(1.0, median(deviations)) / std::sqrt(shifts.size());
  return e;
}

std::vector<std::string> RegionCalendar::featureNames(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const auto& n : names)
    if (isSystemShift(n)) out.push_back("region_" + n);
  for (const char* d : kDates) out.push_back(std::string("region_") + d);
  return out;
}

std::vector<float> RegionCalendar::features(const std::vector<float>& row,
                                            const std::vector<std::string>& names,
                                            const Estimate& e) {
  std::vector<float> out;
  const bool sure = e.sure();
  for (std::size_t j = 0; j < names.size(); ++j)
    if (isSystemShift(names[j])) out.push_back(sure ? row[j] - static_cast<float>(e.shift) : NAN);
  for (const char* d : kDates)
    out.push_back(sure ? row[featureColumn(names, d)] - static_cast<float>(e.shift) : NAN);
  return out;
}

}  // namespace aviary::satellite
