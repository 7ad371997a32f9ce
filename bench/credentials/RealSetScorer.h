#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "DocumentReading.h"

namespace aviary {

// Scores readings of a folder of documents nobody here made against its truth.jsonl:
// per kind (right kind) and per field (exact after normalisation: dates as ISO, amounts as
// numbers, names and codes without spaces, case or full-width punctuation), plus re-shoot
// requests and errors (every document in these folders is legible). Records that name an
// "image" instead of a "file" are OCR lines: each truth line must appear in the text read.
class RealSetScorer {
 public:
  struct Tally {
    int right = 0, total = 0;
    void add(bool ok) { right += ok, ++total; }
  };

  void addDocument(const nlohmann::json& truth, const DocumentReading& reading);
  // `text` is every line read, top to bottom, joined by newlines.
  void addLines(const nlohmann::json& truth, const std::string& text);
  std::string report() const;

  // The form both truth and reading are compared in; "" when the value cannot be read as
  // its field's type (a truth value that does not normalise is itself reported).
  static std::string normalise(const std::string& field, const std::string& value);
  static std::string normaliseText(const std::string& text);

  Tally documents, kinds, fields, reshoots, errors, records, lines;
  std::map<std::string, Tally> byKind;   // kind right, per truth kind
  std::map<std::string, Tally> byField;  // "kind.field"
  std::vector<std::string> mistakes;
};

}  // namespace aviary
