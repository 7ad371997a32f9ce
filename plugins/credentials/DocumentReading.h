#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "CheckResult.h"
#include "ExtractedField.h"

namespace aviary {

// Everything read from one photo: one line of `aviary credential read` (spec/formats.md).
struct DocumentReading {
  std::string file;
  std::string kind = "unknown";
  double confidence = 0.0;
  std::map<std::string, ExtractedField> fields;
  std::vector<CheckResult> checks;
  bool qualityOk = true;
  std::vector<std::string> qualityProblems;
  std::optional<std::string> reshoot;
  std::map<std::string, double> qualityMetrics;  // brightness, sharpness, glare, screen
  std::string error;                             // non-empty when the file could not be read at all
  std::string ocrEngine;  // pp-ocrv4, tesseract, or pdf-text (a digital PDF's own text)
  std::uint64_t perceptualHash = 0;
  bool hasPerceptualHash = false;

  std::string fieldValue(const std::string& name) const {
    const auto it = fields.find(name);
    return it == fields.end() ? std::string() : it->second.value;
  }
};

}  // namespace aviary
