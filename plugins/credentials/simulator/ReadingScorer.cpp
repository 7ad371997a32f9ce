#include "ReadingScorer.h"

#include <cstdio>

namespace aviary {

bool ReadingScorer::sameValue(const std::string& read, const std::string& truth) {
  if (read == truth) return true;
  try {
    std::size_t usedRead = 0, usedTruth = 0;
    const double a = std::stod(read, &usedRead);
    const double b = std::stod(truth, &usedTruth);
    return usedRead == read.size() && usedTruth == truth.size() && std::abs(a - b) < 0.005;
  } catch (const std::exception&) {
    return false;
  }
}

void ReadingScorer::add(const nlohmann::json& truth, const DocumentReading& reading) {
  const std::string file = truth.value("file", "");
  const std::string kind = truth.value("kind", "");
  const bool faulty = truth.value("reshoot_expected", false);
  if (faulty) {
    ++faultyPhotos;
    if (reading.reshoot)
      ++faultyCaught;
    else
      mistakes.push_back(file + ": " + truth.value("fault", "") + " not caught");
    return;
  }
  ++goodPhotos;
  if (!reading.error.empty()) {
    ++errors;
    mistakes.push_back(file + ": error " + reading.error);
  }
  if (reading.reshoot) {
    ++falseReshoots;
    mistakes.push_back(file + ": false re-shoot (" + *reading.reshoot + ")");
  }
  if (reading.kind == kind)
    ++kindCorrect;
  else
    mistakes.push_back(file + ": kind " + reading.kind + " instead of " + kind);
  for (const auto& key : truth.at("key_fields")) {
    const std::string name = key.get<std::string>();
    const std::string expected = truth.at("fields").value(name, "");
    const std::string read = reading.fieldValue(name);
    ++keyFields;
    auto& perKind = fieldsByKind[kind];
    auto& perField = fieldsByField[kind + "." + name];
    ++perKind.second;
    ++perField.second;
    if (sameValue(read, expected)) {
      ++keyFieldsExact;
      ++perKind.first;
      ++perField.first;
    } else if (reading.kind == kind) {
      mistakes.push_back(file + ": " + name + " '" + read + "' instead of '" + expected + "'");
    }
  }
}

std::string ReadingScorer::summary() const {
  char buffer[400];
  std::snprintf(buffer, sizeof buffer,
                "kind accuracy %.3f (%d/%d good photos), key-field exact match %.3f (%d/%d), "
                "re-shoot recall %.3f (%d/%d), false re-shoots %.3f (%d/%d), errors %d",
                kindAccuracy(), kindCorrect, goodPhotos, keyFieldExactMatch(), keyFieldsExact,
                keyFields, reshootRecall(), faultyCaught, faultyPhotos, falseReshootRate(),
                falseReshoots, goodPhotos, errors);
  return buffer;
}

}  // namespace aviary
