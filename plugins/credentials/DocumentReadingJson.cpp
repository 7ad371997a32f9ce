#include "DocumentReadingJson.h"

#include <cmath>
#include <cstdio>

#include "ChineseAmount.h"
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
  for (const auto& check : reading.checks) {
    checks.push_back({{"name", check.name}, {"passed", check.passed}, {"detail", check.detail}});
    if (check.unverified) checks.back()["unverified"] = true;
  }
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

DocumentReading DocumentReadingJson::fromJson(const nlohmann::json& json) {
  DocumentReading reading;
  reading.file = json.value("file", "");
  reading.error = json.value("error", "");
  reading.kind = json.value("kind", "unknown");
  reading.confidence = json.value("confidence", 0.0);
  if (json.contains("fields") && json["fields"].is_object())
    for (const auto& [name, field] : json["fields"].items()) {
      const nlohmann::json value =
          field.is_object() ? field.value("value", nlohmann::json()) : field;
      ExtractedField extracted;
      if (value.is_string())
        extracted.value = value.get<std::string>();
      else if (value.is_number())
        extracted.value = ChineseAmount::toFigures(std::llround(value.get<double>() * 100.0));
      else
        continue;
      if (value.is_number_integer()) extracted.value = std::to_string(value.get<long long>());
      extracted.confidence = field.is_object() ? field.value("confidence", 0.0) : 0.0;
      reading.fields[name] = extracted;
    }
  if (json.contains("checks") && json["checks"].is_array())
    for (const auto& check : json["checks"])
      reading.checks.push_back({check.value("name", ""), check.value("passed", true),
                                check.value("detail", ""), check.value("unverified", false)});
  if (json.contains("reshoot") && json["reshoot"].is_string())
    reading.reshoot = json["reshoot"].get<std::string>();
  if (json.contains("quality") && json["quality"].is_object())
    reading.qualityOk = json["quality"].value("ok", true);
  return reading;
}

}  // namespace aviary
