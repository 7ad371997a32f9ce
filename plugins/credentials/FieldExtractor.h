#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ExtractedField.h"
#include "KindSpec.h"
#include "OcrLine.h"

namespace aviary {

// Reads a kind's key fields from OCR lines: finds each printed label (also when OCR split a
// label from its value or joined two labels on one line), takes the text up to the next
// label, and normalises it (ISO dates, amounts as numbers, codes repaired by checksum).
class FieldExtractor {
 public:
  static std::map<std::string, ExtractedField> extract(const KindSpec& kind,
                                                       const std::vector<OcrLine>& lines);
  // The normalised value, or nullopt if `raw` does not hold a value of that type.
  static std::optional<std::string> normalise(const FieldSpec& field, const std::string& raw);
  // Repairs one OCR-confused character when that makes the USCC checksum pass.
  static std::string repairUscc(const std::string& code);
};

}  // namespace aviary
