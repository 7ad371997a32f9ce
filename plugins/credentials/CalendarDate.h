#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace aviary {

// A real calendar date read from a document ("2021年3月5日", "2021-03-05", "2021.3.5").
class CalendarDate {
 public:
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

  std::string iso() const;  // YYYY-MM-DD
  int year() const { return static_cast<int>(date_.year()); }
  int month() const { return static_cast<int>(static_cast<unsigned>(date_.month())); }
  int day() const { return static_cast<int>(static_cast<unsigned>(date_.day())); }
  long daysSinceEpoch() const;
  // Whole months from this date to `later` (negative if `later` is earlier).
  int monthsUntil(const CalendarDate& later) const;

  auto operator<=>(const CalendarDate& other) const { return date_ <=> other.date_; }
  bool operator==(const CalendarDate& other) const = default;

 private:
  explicit CalendarDate(std::chrono::year_month_day date) : date_(date) {}
  std::chrono::year_month_day date_;
};

}  // namespace aviary
