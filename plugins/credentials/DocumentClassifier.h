#pragma once

#include <string>
#include <vector>

#include "OcrLine.h"

namespace aviary {

// Names the kind of a document from its printed title, its keywords and the labels of its
// fields; "unknown" when nothing fits well enough.
class DocumentClassifier {
 public:
  struct Result {
    std::string kind = "unknown";
    double confidence = 0.0;
    double score = 0.0;
  };
  static constexpr double kMinScore = 2.5;

  static Result classify(const std::vector<OcrLine>& lines);
};

}  // namespace aviary
