#include "DocumentReadingJson.h"

#include <cstdio>

#include "DocumentCatalog.h"

namespace aviary {

std::string DocumentReadingJson::hashHex(std::uint64_t hash) {
  char buffer[20];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(hash));
  return buffer;
}

nlohmann::json DocumentReadingJson::toJson(const DocumentReading& reading) {
  if (!reading.error.empty()) return {{"file", reading.file}, {"error", reading.error}};
  nlohmann::json fields = nlohmann::json::object();
  const KindSpec* kind = DocumentCatalog::find(reading.kind);
  for (const auto& [name, field] : reading.fields) {
    nlohmann::json value = field.value;
    const FieldSpec* spec = kind ? kind->findField(name) : nullptr;
    if (spec &&
        (spec->type == FieldSpec::Type::Amount || spec->type == FieldSpec::Type::AmountWords ||
         spec->type == FieldSpec::Type::Number)) {
      try {
        std::size_t used = 0;
        const double number = std::stod(field.value, &used);
        if (used == field.value.size()) value = number;
      } catch (const std::exception&) {
        // Not a number after all: keep the text so the reader can see it.
      }
    }
    fields[name] = {{"value", value}, {"confidence", std::round(field.confidence * 1000) / 1000}};
  }
  nlohmann::json checks = nlohmann::json::array();
  for (const auto& check : reading.checks)
    checks.push_back({{"name", check.name}, {"passed", check.passed}, {"detail", check.detail}});
  nlohmann::json out = {
      {"file", reading.file},
      {"kind", reading.kind},
      {"confidence", std::round(reading.confidence * 1000) / 1000},
      {"fields", fields},
      {"checks", checks},
      {"quality", {{"ok", reading.qualityOk}, {"problems", reading.qualityProblems}}},
      {"reshoot", reading.reshoot ? nlohmann::json(*reading.reshoot) : nlohmann::json(nullptr)}};
  for (const auto& [metric, value] : reading.qualityMetrics)
    out["quality"]["metrics"][metric] = std::round(value * 1000) / 1000;
  if (reading.hasPerceptualHash) out["perceptual_hash"] = hashHex(reading.perceptualHash);
  return out;
}

}  // namespace aviary
