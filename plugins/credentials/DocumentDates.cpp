#include "DocumentDates.h"

#include <cctype>
#include <cstdio>
#include <regex>

namespace aviary {

std::optional<CalendarDate> DocumentDates::fromParts(int year, int month, int day) {
  if (year < 1900 || year > 2200) return std::nullopt;
  return CalendarDate::fromParts(year, month, day);
}

std::optional<CalendarDate> DocumentDates::parse(const std::string& text) {
  // Year, month and day separated by 年月日, dashes, dots or slashes (OCR may drop 日).
  static const std::regex pattern(
      R"((\d{4})\s*(?:年|-|\.|/)\s*(\d{1,2})\s*(?:月|-|\.|/)\s*(\d{1,2}))");
  static const std::regex compact(R"((?:^|\D)(\d{4})(\d{2})(\d{2})(?:\D|$))");
  std::smatch match;
  if (std::regex_search(text, match, pattern) || std::regex_search(text, match, compact))
    return fromParts(std::stoi(match[1]), std::stoi(match[2]), std::stoi(match[3]));
  return std::nullopt;
}

std::optional<CalendarDate> DocumentDates::parseAny(const std::string& text) {
  if (auto date = parse(text)) return date;
  auto year = [](const std::string& digits) {
    const int y = std::stoi(digits);
    return digits.size() == 2 ? 2000 + y : y;
  };
  // Day, month, year in figures: 25/12/2018, 12-01-19, 1.3.2018 (a time may follow with no
  // space: "25/12/20188:13"). A first number above 12
  // can only be a day; a second above 12 makes the date month-first (a US till).
  // Also with a two-digit year run into the time ("26/02/1808:28") and with the first
  // separator lost ("2703/2018").
  static const std::regex figures(
      R"((?:^|[^\d])(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*((?:19|20)\d{2}|\d{2}(?!\d)|\d{2}(?=\d{2}:\d{2})))");
  static const std::regex joined(R"((?:^|[^\d])(\d{2})(\d{2})[/.\-]((?:19|20)\d{2}))");
  std::smatch match;
  if (std::regex_search(text, match, figures) || std::regex_search(text, match, joined)) {
    int day = std::stoi(match[1]), month = std::stoi(match[2]);
    if (month > 12 && day <= 12) std::swap(day, month);
    if (auto date = fromParts(year(match[3]), month, day)) return date;
  }
  // Day, month name, year: 05 MAR 2018, 28-Mar-18, 5 March 2018.
  static const std::regex named(
      R"((\d{1,2})\s*[\-/.]?\s*(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]*\.?\s*[\-/.,]?\s*((?:19|20)\d{2}|\d{2}(?!\d)))",
      std::regex::icase);
  if (std::regex_search(text, match, named)) {
    static const std::string months = "JANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDEC";
    std::string name = match[2];
    for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const int month = static_cast<int>(months.find(name)) / 3 + 1;
    if (auto date = fromParts(year(match[3]), month, std::stoi(match[1]))) return date;
  }
  return std::nullopt;
}

std::string DocumentDates::parseMonth(const std::string& text) {
  static const std::regex pattern(R"((\d{4})\s*(?:年|-|\.|/)\s*(\d{1,2}))");
  std::smatch match;
  if (!std::regex_search(text, match, pattern)) return "";
  const int year = std::stoi(match[1]);
  const int month = std::stoi(match[2]);
  if (year < 1900 || month < 1 || month > 12) return "";
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d", year, month);
  return buffer;
}

bool DocumentDates::isOpenEnded(const std::string& text) {
  return text.find("长期") != std::string::npos || text.find("永久") != std::string::npos ||
         text.find("无固定期限") != std::string::npos;
}

}  // namespace aviary
