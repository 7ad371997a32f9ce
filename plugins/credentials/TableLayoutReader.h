#pragma once

#include <map>
#include <string>
#include <vector>

#include "ExtractedField.h"
#include "KindSpec.h"
#include "OcrLine.h"

namespace aviary {

// Reads fields from where they sit on a form, cell by cell, for what the row-by-row label
// reading (FieldExtractor) missed: a value in its label's cell, in the next cell to the right,
// or in the cell below (a label over its value); an invoice's buyer and seller blocks, which
// print the same labels (名称, 纳税人识别号) the buyer's above the seller's; and a table's total
// row (合计), whose amounts belong to the columns headed 金额 and 税额 above them.
// `segments` are the OCR's lines before rows were joined (cells of the form).
class TableLayoutReader {
 public:
  static void complete(const KindSpec& kind, const std::vector<OcrLine>& segments,
                       std::map<std::string, ExtractedField>& fields);
};

}  // namespace aviary
