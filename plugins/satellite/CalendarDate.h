#pragma once

#include <chrono>
#include <cstdio>
#include <string>

namespace aviary::satellite {

// YYYY-MM-DD of a day of the year (1 = 1 January).
inline std::string calendarDate(int year, int dayOfYear) {
  using namespace std::chrono;
  const year_month_day ymd(sys_days{std::chrono::year(year) / January / 1} + days(dayOfYear - 1));
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return text;
}

}  // namespace aviary::satellite
