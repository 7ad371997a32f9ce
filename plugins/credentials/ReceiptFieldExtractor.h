#pragma once

#include <map>
#include <string>
#include <vector>

#include "ExtractedField.h"
#include "OcrLine.h"

namespace aviary {

// Reads a till receipt's merchant_name, date (ISO) and total (a number). A receipt labels
// neither its shop nor its date: the shop's name heads it (the line naming a business, not
// an address, phone or tax number), the date is the first real date printed, and the total
// is the largest amount on a line that says it is the total (TOTAL, ROUNDED TOTAL, 合计,
// 实收 ...) and not a subtotal, a tax, a payment or change. English and Chinese.
class ReceiptFieldExtractor {
 public:
  static std::map<std::string, ExtractedField> extract(const std::vector<OcrLine>& lines);
  // The amount printed last on a line ("Total (RM): 1,234.50" -> "1234.50"), or "".
  static std::string lastAmount(const std::string& text);
};

}  // namespace aviary
