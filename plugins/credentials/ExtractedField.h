#pragma once

#include <string>

namespace aviary {

// A field read from a document: its normalised value, how sure the reader is, and where on
// the rectified page it was found (pixels; width 0 when not located).
struct ExtractedField {
  std::string value;
  double confidence = 0.0;
  int x = 0, y = 0, width = 0, height = 0;
};

}  // namespace aviary
