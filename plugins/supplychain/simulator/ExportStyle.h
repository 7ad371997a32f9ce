#pragma once

#include <string>

namespace aviary::supplychain {

// How a bank writes its payment export: what real exports vary (memos, time of day, the
// industry column, channel words). Simulated trade can be written in any of these styles.
struct ExportStyle {
  enum class Memos { Chinese, FreeText, None };
  enum class Industries { Codes, ChineseNames, EnglishNames, None };
  Memos memos = Memos::Chinese;  // Chinese: a few fixed words; FreeText: any language, phrasing
  double goodsMemoShare = 1.0;   // FreeText: share of goods payments that carry a memo
  double otherMemoShare = 1.0;   // FreeText: share of other payments that carry a memo
  bool dateOnly = false;         // times written as YYYY-MM-DD
  Industries industries = Industries::Codes;
  int channelWords = 0;  // 0: bank/wechat/alipay/pos; 1: Chinese words; 2: English words

  // Today's simulator output.
  static ExportStyle rich() { return {}; }
  // Memos on a third of goods payments, in many languages; dates only; industries by name.
  static ExportStyle varied() {
    return {Memos::FreeText, 0.3, 0.6, true, Industries::ChineseNames, 1};
  }
  // No memos, dates only, no industries.
  static ExportStyle plain() { return {Memos::None, 0, 0, true, Industries::None, 2}; }
  // "rich", "varied" or "plain"; false when the name is none of them.
  static bool fromName(const std::string& name, ExportStyle& style) {
    if (name == "rich")
      style = rich();
    else if (name == "varied")
      style = varied();
    else if (name == "plain")
      style = plain();
    else
      return false;
    return true;
  }
};

}  // namespace aviary::supplychain
