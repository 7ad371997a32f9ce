#pragma once

#include <map>
#include <string>

#include <opencv2/core.hpp>

#include "ExtractedField.h"
#include "KindSpec.h"

namespace aviary {

// Second pass over a page's codes, dates and amounts: cuts each value out of the page,
// enlarges it and reads it again with Tesseract allowed only that field's characters
// (tessedit_char_whitelist). A candidate wins when it passes the field's checksum, agrees
// with the amount in words, or normalises where the first reading did not.
class FieldRereader {
 public:
  static void reread(const KindSpec& kind, const cv::Mat& ocrPage,
                     std::map<std::string, ExtractedField>& fields);
  // The characters a field of this type may hold, or "" when it is not re-read.
  static std::string whitelistFor(const FieldSpec& field, const std::string& firstValue);
};

}  // namespace aviary
