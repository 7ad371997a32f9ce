#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace aviary {

// A day of the proleptic Gregorian calendar, the one date type of Aviary and its plugins.
// Held as days since 1970-01-01; the conversions follow H. Hinnant's algorithms and are
// constexpr, so an ingest loop over millions of rows pays no parsing or library call.
class CalendarDate {
 public:
  // nullopt unless year/month/day name a real day.
  static std::optional<CalendarDate> fromParts(int year, int month, int day);
  // Exactly "YYYY-MM-DD"; nullopt otherwise (also for 2023-02-30).
  static std::optional<CalendarDate> fromIso(std::string_view text);
  // Day 1 is 1 January; days past the year's end run on into the next year, as a season does.
  static constexpr CalendarDate fromYearAndDay(int year, std::int64_t dayOfYear) {
    return CalendarDate(daysFromCivil(year, 1, 1) + dayOfYear - 1);
  }
  static constexpr CalendarDate fromDaysSinceEpoch(std::int64_t days) { return CalendarDate(days); }

  static constexpr bool isLeapYear(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  }
  static constexpr int daysInMonth(int year, int month) {
    constexpr int table[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && isLeapYear(year) ? 29 : table[month - 1];
  }
  // Days since 1970-01-01 of a date known to be valid (no check: the hot-path form).
  static constexpr std::int64_t daysFromCivil(int year, int month, int day) {
    year -= month <= 2;
    const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
    const auto yearOfEra = static_cast<unsigned>(year - era * 400);
    const auto m = static_cast<unsigned>(month);
    const unsigned dayOfYear =
        (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + static_cast<unsigned>(day) - 1;
    const unsigned dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + static_cast<std::int64_t>(dayOfEra) - 719468;
  }

  constexpr int year() const { return civil().year; }
  constexpr int month() const { return civil().month; }
  constexpr int day() const { return civil().day; }
  constexpr std::int64_t daysSinceEpoch() const { return days_; }
  int dayOfYear() const;
  std::string iso() const;  // YYYY-MM-DD
  // Whole months from this date to `later` (negative if `later` is earlier).
  int monthsUntil(const CalendarDate& later) const;
  constexpr CalendarDate plusDays(std::int64_t days) const { return CalendarDate(days_ + days); }

  constexpr auto operator<=>(const CalendarDate& other) const = default;

 private:
  struct Civil {
    int year;
    int month;
    int day;
  };
  constexpr explicit CalendarDate(std::int64_t days) : days_(days) {}
  constexpr Civil civil() const {
    const std::int64_t z = days_ + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto dayOfEra = static_cast<unsigned>(z - era * 146097);
    const unsigned yearOfEra =
        (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const unsigned dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const unsigned mp = (5 * dayOfYear + 2) / 153;
    const auto day = static_cast<int>(dayOfYear - (153 * mp + 2) / 5 + 1);
    const auto month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    const auto year = static_cast<int>(yearOfEra) + static_cast<int>(era) * 400;
    return {year + (month <= 2), month, day};
  }

  std::int64_t days_ = 0;
};

}  // namespace aviary
