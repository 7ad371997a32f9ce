#pragma once

#include <optional>
#include <string>

#include "CalendarDate.h"

namespace aviary {

// Dates as documents write them ("2021年3月5日", "2021-03-05", "2021.3.5", "05 MAR 2018"),
// read into the one CalendarDate type.
class DocumentDates {
 public:
  // A real date in the years a document can plausibly carry (1900-2200), else nullopt.
  static std::optional<CalendarDate> fromParts(int year, int month, int day);
  // Parses the first date in `text`; nullopt when there is none or it is not a real date.
  static std::optional<CalendarDate> parse(const std::string& text);
  // Also the day-first dates of till receipts ("25/12/2018", "12-01-19", "05 MAR 2018",
  // "28 MAR 18"); a year-first date wins where both could be read.
  static std::optional<CalendarDate> parseAny(const std::string& text);
  // Year and month only ("2024年5月", "2024-05") as YYYY-MM, or "" when absent.
  static std::string parseMonth(const std::string& text);
  // True when `text` says the term has no end (长期 / 永久 / 无固定期限).
  static bool isOpenEnded(const std::string& text);
};

}  // namespace aviary
