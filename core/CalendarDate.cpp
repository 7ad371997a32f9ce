#include "CalendarDate.h"

#include <charconv>
#include <cstdio>

namespace aviary {

std::optional<CalendarDate> CalendarDate::fromParts(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 ||
      day > daysInMonth(year, month))
    return std::nullopt;
  return CalendarDate(daysFromCivil(year, month, day));
}

std::optional<CalendarDate> CalendarDate::fromIso(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto number = [&](std::size_t at, std::size_t length) {
    int value = -1;
    const char* first = text.data() + at;
    const auto [end, error] = std::from_chars(first, first + length, value);
    return error == std::errc() && end == first + length ? value : -1;
  };
  return fromParts(number(0, 4), number(5, 2), number(8, 2));
}

int CalendarDate::dayOfYear() const {
  return static_cast<int>(days_ - daysFromCivil(year(), 1, 1)) + 1;
}

std::string CalendarDate::iso() const {
  char buffer[48];  // room for any int, though fromParts keeps years to four digits
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year(), month(), day());
  return buffer;
}

int CalendarDate::monthsUntil(const CalendarDate& later) const {
  int months = (later.year() - year()) * 12 + (later.month() - month());
  if (months > 0 && later.day() < day()) --months;
  if (months < 0 && later.day() > day()) ++months;
  return months;
}

}  // namespace aviary
