#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "DocumentReading.h"

namespace aviary {

// Scores readings against simulator truth: kind accuracy and key-field exact match on the
// good photos, re-shoot recall on the faulty ones and false re-shoots on the good ones.
class ReadingScorer {
 public:
  void add(const nlohmann::json& truth, const DocumentReading& reading);

  int goodPhotos = 0;
  int kindCorrect = 0;
  int keyFields = 0;
  int keyFieldsExact = 0;
  int faultyPhotos = 0;
  int faultyCaught = 0;
  int falseReshoots = 0;
  int errors = 0;
  std::vector<std::string> mistakes;  // one line per wrong kind, field or re-shoot decision
  std::map<std::string, std::pair<int, int>> fieldsByKind;   // exact, total
  std::map<std::string, std::pair<int, int>> fieldsByField;  // "kind.field": exact, total

  double kindAccuracy() const { return goodPhotos ? double(kindCorrect) / goodPhotos : 0.0; }
  double keyFieldExactMatch() const { return keyFields ? double(keyFieldsExact) / keyFields : 0.0; }
  double reshootRecall() const { return faultyPhotos ? double(faultyCaught) / faultyPhotos : 1.0; }
  double falseReshootRate() const { return goodPhotos ? double(falseReshoots) / goodPhotos : 0.0; }
  std::string summary() const;
  // Numbers compare numerically ("298.0" equals "298"), everything else as text.
  static bool sameValue(const std::string& read, const std::string& truth);
};

}  // namespace aviary
