#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace aviary {

// Money amounts as printed on Chinese documents: in figures ("¥12,345.60", "12345.6元")
// and in capital words (大写: "壹万贰仟叁佰肆拾伍元陆角整"). Amounts are held in fen (cents).
class ChineseAmount {
 public:
  static std::optional<std::int64_t> parseWords(const std::string& text);
  static std::optional<std::int64_t> parseFigures(const std::string& raw);
  static std::string toWords(std::int64_t fen);
  static std::string toFigures(std::int64_t fen);  // "12345.60"
};

}  // namespace aviary
