#include "InterviewEngine.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <regex>

#include "ChineseAmount.h"
#include "DocumentChecks.h"
#include "DocumentDates.h"
#include "IndustryMaterials.h"
#include "TextSimilarity.h"

namespace aviary {

namespace {

std::string lower(const std::string& text) {
  std::string out;
  for (char c : text) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

bool containsAny(const std::string& text, const std::vector<std::string>& words) {
  return std::any_of(words.begin(), words.end(),
                     [&](const std::string& w) { return text.find(w) != std::string::npos; });
}

std::vector<std::string> asciiWords(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '\'') {
      word.push_back(c);
    } else if (!word.empty()) {
      words.push_back(word);
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(word);
  return words;
}

// Small numbers in lower-case Chinese numerals ("十二", "两", "三千五百"), as merchants say them.
std::optional<double> chineseNumeral(const std::string& text) {
  static const std::vector<std::pair<std::string, int>> digits = {
      {"零", 0}, {"一", 1}, {"二", 2}, {"两", 2}, {"三", 3}, {"四", 4},
      {"五", 5}, {"六", 6}, {"七", 7}, {"八", 8}, {"九", 9}};
  static const std::vector<std::pair<std::string, int>> units = {
      {"十", 10}, {"百", 100}, {"千", 1000}};
  double total = 0, section = 0, digit = -1;
  bool any = false;
  for (const std::string& c : TextSimilarity::codePoints(text)) {
    auto d = std::find_if(digits.begin(), digits.end(), [&](auto& p) { return p.first == c; });
    auto u = std::find_if(units.begin(), units.end(), [&](auto& p) { return p.first == c; });
    if (d != digits.end()) {
      digit = d->second;
      any = true;
    } else if (u != units.end()) {
      section += (digit < 0 ? 1 : digit) * u->second;
      digit = -1;
      any = true;
    } else if (c == "万") {
      total += (section + std::max(0.0, digit)) * 10000;
      section = 0;
      digit = -1;
      any = true;
    } else if (any) {
      break;  // the number ended
    }
  }
  if (!any) return std::nullopt;
  return total + section + std::max(0.0, digit);
}

std::string yuan(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.0f", value);
  return buffer;
}

std::string oneDecimal(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

std::optional<double> number(const std::string& text) {
  try {
    std::size_t used = 0;
    const double value = std::stod(text, &used);
    if (used == text.size()) return value;
  } catch (const std::exception&) {
    // not a number
  }
  return std::nullopt;
}

}  // namespace

// ---------------------------------------------------------------- parsers of answers

std::string InterviewEngine::purposeCategory(const std::string& answer) {
  const std::string text = lower(answer);
  // Refinancing and personal use are checked first: they change the decision.
  if (containsAny(text, {"还贷", "还款", "还债", "还信用卡", "借的钱", "repay", "refinanc",
                         "pay off", "other loan", "debt"}))
    return "refinance";
  if (containsAny(text, {"买房", "结婚", "旅游", "看病", "家用", "买车自用", "wedding", "holiday",
                         "house for", "my family", "personal", "tuition"}))
    return "personal";
  if (containsAny(text, {"装修", "翻新", "renovat", "decorat", "refurbish"})) return "renovation";
  if (containsAny(text, {"分店", "扩大", "扩建", "新店", "expand", "expansion", "branch",
                         "second shop", "new shop", "more land", "承包更多"}))
    return "expansion";
  if (containsAny(text, {"设备",      "机器",    "冰箱",   "灶",      "冷柜",   "拖拉机", "车",
                         "equipment", "machine", "fridge", "freezer", "stove",  "oven",   "tractor",
                         "van",       "truck",   "tools",  "lathe",   "welder", "drill",  "press"}))
    return "equipment";
  if (containsAny(text, {"工资", "wages", "salar", "payroll"})) return "payroll";
  if (containsAny(text, {"进货",     "备货",        "货",   "原料",    "食材",  "种子",
                         "化肥",     "饲料",        "农药", "周转",    "stock", "inventory",
                         "goods",    "ingredients", "seed", "fertili", "feed",  "working capital",
                         "supplies", "materials"}))
    return "working_capital";
  return "";
}

std::optional<double> InterviewEngine::amountYuan(const std::string& answer) {
  std::string text;
  for (char c : lower(answer))
    if (c != ',' && c != ' ') text.push_back(c);
  static const std::regex figures(R"((\d+(?:\.\d+)?)(万|w|k|千)?)");
  std::smatch match;
  if (std::regex_search(text, match, figures)) {
    double value = std::stod(match[1].str());
    const std::string unit = match[2].str();
    if (unit == "万" || unit == "w") value *= 10000;
    if (unit == "k" || unit == "千") value *= 1000;
    return value;
  }
  if (const auto spoken = chineseNumeral(answer)) return spoken;
  if (const auto fen = ChineseAmount::parseWords(answer)) return static_cast<double>(*fen) / 100;
  return std::nullopt;
}

InterviewEngine::Repayment InterviewEngine::repayment(const std::string& answer) {
  const std::string text = lower(answer);
  Repayment result;
  if (containsAny(text, {"收获", "秋后", "收成", "卖粮", "出栏", "harvest", "season",
                         "after the crop", "after selling"}))
    result.cycle = "seasonal";
  else if (containsAny(text, {"季度", "每季", "quarter"}))
    result.cycle = "quarterly";
  else if (containsAny(text, {"到期", "一次性", "一次还", "lump", "at the end", "all at once",
                              "end of the term", "in one go"}))
    result.cycle = "at_maturity";
  else if (containsAny(text, {"每月", "按月", "月供", "monthly", "every month", "each month",
                              "a month", "per month"}))
    result.cycle = "monthly";
  static const std::regex months(R"((\d+)\s*(个月|月|months?))");
  static const std::regex years(R"((\d+)\s*(年|years?))");
  std::smatch match;
  if (std::regex_search(text, match, months))
    result.termMonths = std::stoi(match[1].str());
  else if (std::regex_search(text, match, years))
    result.termMonths = 12 * std::stoi(match[1].str());
  else if (text.find("半年") != std::string::npos || text.find("half a year") != std::string::npos)
    result.termMonths = 6;
  else if (const std::size_t at = text.find("年"); at != std::string::npos) {
    // "两年", "一年": the numeral just before 年 (three bytes per character).
    const auto before = chineseNumeral(text.substr(at >= 6 ? at - 6 : 0, at >= 6 ? 6 : at));
    if (before && *before > 0) result.termMonths = 12 * static_cast<int>(*before);
  } else if (const std::size_t at = text.find("个月"); at != std::string::npos) {
    const auto before = chineseNumeral(text.substr(at >= 6 ? at - 6 : 0, at >= 6 ? 6 : at));
    if (before && *before > 0) result.termMonths = static_cast<int>(*before);
  }
  return result;
}

std::optional<bool> InterviewEngine::yesNo(const std::string& answer) {
  const std::string text = lower(answer);
  if (containsAny(text, {"没有", "没", "不", "无"})) return false;
  const auto words = asciiWords(text);
  auto said = [&](const std::vector<std::string>& options) {
    return std::any_of(words.begin(), words.end(), [&](const std::string& w) {
      return std::find(options.begin(), options.end(), w) != options.end();
    });
  };
  if (said({"no", "not", "don't", "dont", "none", "n", "never", "cannot", "can't"})) return false;
  if (containsAny(text, {"有", "好", "可以", "行", "能", "是", "对", "嗯"}) ||
      said({"yes", "y", "ok", "okay", "sure", "will", "can", "have", "yep", "yeah"}))
    return true;
  return std::nullopt;
}

// ---------------------------------------------------------------- the conversation

InterviewEngine::InterviewEngine(Options options, std::vector<DocumentReading> documents)
    : options_(std::move(options)), documents_(std::move(documents)) {
  if (options_.asOf.empty()) options_.asOf = DocumentChecks::today();
  if (options_.industry.empty()) {
    std::vector<std::string> kinds;
    for (const DocumentReading& d : documents_)
      if (d.error.empty()) kinds.push_back(d.kind);
    options_.industry = IndustryMaterials::fromDocumentKinds(kinds);
  }
  plan();
}

const DocumentReading* InterviewEngine::firstOfKind(const std::string& kind) const {
  for (const DocumentReading& d : documents_)
    if (d.kind == kind && d.error.empty() && !d.reshoot) return &d;
  return nullptr;
}

std::string InterviewEngine::statusOf(const MaterialNeed& need) const {
  bool reshoot = false;
  for (const DocumentReading& d : documents_) {
    if (std::find(need.kinds.begin(), need.kinds.end(), d.kind) == need.kinds.end()) continue;
    if (d.error.empty() && !d.reshoot) return "held";
    reshoot = reshoot || d.reshoot.has_value();
  }
  return reshoot ? "reshoot" : "missing";
}

void InterviewEngine::plan() {
  if (options_.industry.empty())
    queue_.push_back({"industry", "industry",
                      "What does your business do? (restaurant, retail shop, farm, dealer or "
                      "workshop)",
                      "the materials that count differ by trade: a farm brings its land contract, "
                      "a restaurant its food licence"});
  queue_.push_back({"purpose", "purpose", "What will you use the money for?",
                    "a loan for stock, equipment or premises is repaid by the business it "
                    "builds; we must know it goes to the business"});
  queue_.push_back({"amount", "amount", "How much do you need, in yuan?",
                    "the amount is weighed against the revenue your documents show"});
  queue_.push_back({"repayment", "repayment",
                    "How would you repay it: monthly, quarterly, after the harvest or season, or "
                    "all at the end? Over how many months?",
                    "the repayments should fall when your business has the cash"});

  if (const DocumentReading* lease = firstOfKind("store_lease");
      lease && !lease->fieldValue("monthly_rent").empty())
    checks_.push_back({"rent_matches_lease", "How much rent do you pay each month, in yuan?",
                       "we check what you tell us against the lease you photographed", lease->file,
                       lease->fieldValue("monthly_rent")});
  if (const DocumentReading* licence = firstOfKind("business_license");
      licence && !licence->fieldValue("established_date").empty())
    checks_.push_back({"start_year_matches_licence", "In which year did the business start?",
                       "business age counts towards the limit; we confirm it against the "
                       "licence",
                       licence->file, licence->fieldValue("established_date")});
  if (const DocumentReading* licence = firstOfKind("business_license");
      licence && !licence->fieldValue("legal_representative").empty())
    checks_.push_back({"owner_matches_licence",
                       "Whose name is on the business licence as its legal representative?",
                       "the loan is made to the person who answers for the business", licence->file,
                       licence->fieldValue("legal_representative")});
  if (const DocumentReading* payroll = firstOfKind("payroll");
      payroll && !payroll->fieldValue("headcount").empty())
    checks_.push_back({"headcount_matches_payroll",
                       "How many people work for you, not counting yourself?",
                       "staff costs are part of the fixed costs the loan must leave room for",
                       payroll->file, payroll->fieldValue("headcount")});
  for (const PendingCheck& check : checks_)
    queue_.push_back({"check:" + check.name, "check", check.question, check.why});
}

void InterviewEngine::record(const std::string& speaker, const std::string& question,
                             const std::string& text) {
  turns_.push_back({{"speaker", speaker}, {"question", question}, {"text", text}});
}

void InterviewEngine::say(const InterviewQuestion& question) {
  turns_.push_back({{"speaker", "Aviary"},
                    {"question", question.id},
                    {"text", question.text},
                    {"why", question.why}});
}

void InterviewEngine::finding(const std::string& name, bool passed, const std::string& detail) {
  findings_.push_back({{"name", name}, {"passed", passed}, {"detail", detail}});
}

std::optional<InterviewQuestion> InterviewEngine::next() {
  if (done_) return std::nullopt;
  if (current_) return queue_.front();
  if (queue_.empty() && materialsAsked_ < options_.materialAsks) {
    // The missing (or unreadable) material that would most raise the limit.
    if (needs_.empty() && materialStatus_.empty()) {
      needs_ = IndustryMaterials::forIndustry(options_.industry);
      for (const MaterialNeed& need : needs_) materialStatus_.push_back(statusOf(need));
    }
    for (std::size_t i = 0; i < needs_.size(); ++i) {
      const MaterialNeed& need = needs_[i];
      if (materialStatus_[i] != "missing" && materialStatus_[i] != "reshoot") continue;
      const int share = static_cast<int>(std::lround(need.limitShare * 100));
      std::string text;
      if (materialStatus_[i] == "reshoot") {
        std::string reason;
        for (const DocumentReading& d : documents_)
          if (std::find(need.kinds.begin(), need.kinds.end(), d.kind) != need.kinds.end() &&
              d.reshoot)
            reason = *d.reshoot;
        text = "Your photo of " + need.title + " could not be read (" + reason +
               "). Can you take it again?";
      } else {
        text = "Can you photograph " + need.title + "?";
      }
      materialStatus_[i] = "asking";
      queue_.push_back(
          {"material:" + need.code, "material", text,
           need.why + " (up to " + std::to_string(share) + "% of the limit rests on it)"});
      ++materialsAsked_;
      break;
    }
  }
  if (queue_.empty()) {
    stop();
    return std::nullopt;
  }
  current_ = true;
  say(queue_.front());
  return queue_.front();
}

void InterviewEngine::answer(const std::string& rawText) {
  if (!current_) return;
  const InterviewQuestion question = queue_.front();
  queue_.erase(queue_.begin());
  current_ = false;
  std::string text = rawText;
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  record("merchant", question.id, text.empty() ? "(no answer)" : text);

  if (question.topic == "industry") {
    const std::string industry = IndustryMaterials::fromAnswer(text);
    if (industry.empty() && !industryAsked_) {
      industryAsked_ = true;
      queue_.insert(queue_.begin(),
                    {"industry", "industry",
                     "Which is closest: restaurant, retail shop, farm, dealer or workshop?",
                     "each trade has its own list of materials"});
      return;
    }
    options_.industry = industry.empty() ? "other" : industry;
    answers_["industry"] = {{"category", options_.industry}, {"text", text}};
  } else if (question.topic == "purpose") {
    const std::string category = purposeCategory(text);
    answers_["purpose"] = {{"category", category.empty() ? "unclear" : category}, {"text", text}};
    judgePurpose(category);
  } else if (question.topic == "amount") {
    const auto amount = amountYuan(text);
    answers_["amount"] = {{"text", text}};
    if (amount) {
      answers_["amount"]["yuan"] = *amount;
      judgeAmount(*amount);
    }
  } else if (question.topic == "repayment") {
    const Repayment plan = repayment(text);
    answers_["repayment"] = {{"cycle", plan.cycle.empty() ? "unclear" : plan.cycle},
                             {"term_months", plan.termMonths},
                             {"text", text}};
    judgeRepayment(plan);
  } else if (question.topic == "check") {
    for (const PendingCheck& check : checks_)
      if ("check:" + check.name == question.id) checkAnswer(check, text);
  } else if (question.topic == "material") {
    const std::string code = question.id.substr(std::string("material:").size());
    const auto yes = yesNo(text);
    for (std::size_t i = 0; i < needs_.size(); ++i)
      if (needs_[i].code == code)
        materialStatus_[i] = !yes ? "no_answer" : *yes ? "promised" : "declined";
  }
}

void InterviewEngine::stop() {
  if (done_) return;
  done_ = true;
  current_ = false;
  for (std::string& status : materialStatus_)
    if (status == "asking") status = "no_answer";
  std::vector<std::string> promised;
  for (std::size_t i = 0; i < needs_.size(); ++i)
    if (materialStatus_[i] == "promised") promised.push_back(needs_[i].title);
  int failed = 0;
  for (const auto& f : findings_) failed += f.value("passed", true) ? 0 : 1;
  std::string text = "Thank you.";
  if (!promised.empty()) {
    text += " Please send:";
    for (std::size_t i = 0; i < promised.size(); ++i) text += (i ? "; " : " ") + promised[i];
    text += ".";
  }
  if (failed > 0)
    text += " A credit officer will look at " + std::to_string(failed) +
            (failed == 1 ? " answer that does" : " answers that do") +
            " not match your documents or plan.";
  turns_.push_back({{"speaker", "Aviary"}, {"question", "summary"}, {"text", text}});
}

// ---------------------------------------------------------------- checks against documents

void InterviewEngine::checkAnswer(const PendingCheck& check, const std::string& answer) {
  const std::string source = " (" + check.documentFile + ")";
  if (answer.empty()) {
    finding(check.name, false, "no answer; the document says " + check.documentValue + source);
    return;
  }
  if (check.name == "rent_matches_lease" || check.name == "headcount_matches_payroll") {
    const auto said = amountYuan(answer);
    const auto documented = number(check.documentValue);
    if (!said || !documented) {
      finding(check.name, false, "answer '" + answer + "' holds no number" + source);
      return;
    }
    const bool rent = check.name == "rent_matches_lease";
    const double tolerance = rent ? 0.10 * *documented : std::max(1.0, 0.2 * *documented);
    const bool passed = std::abs(*said - *documented) <= tolerance;
    finding(check.name, passed,
            "said " + yuan(*said) + ", the " + (rent ? "lease" : "payroll") + " says " +
                yuan(*documented) + source);
  } else if (check.name == "start_year_matches_licence") {
    const auto said = amountYuan(answer);
    const int year = std::stoi(check.documentValue.substr(0, 4));
    const bool passed = said && std::abs(*said - year) <= 1;
    finding(check.name, passed,
            "said " + (said ? yuan(*said) : "'" + answer + "'") + ", the licence says " +
                check.documentValue + source);
  } else if (check.name == "owner_matches_licence") {
    const std::string said = TextSimilarity::compact(answer);
    const std::string documented = TextSimilarity::compact(check.documentValue);
    const bool passed =
        said.find(documented) != std::string::npos || TextSimilarity::dice(said, documented) >= 0.6;
    finding(check.name, passed,
            "said '" + answer + "', the licence names " + check.documentValue + source);
  }
}

double InterviewEngine::monthlyRevenue(std::string* source) const {
  double sum = 0;
  int count = 0;
  for (const DocumentReading& d : documents_) {
    if (!d.error.empty() || d.reshoot) continue;
    const std::string field = d.kind == "pos_settlement"   ? "amount"
                              : d.kind == "bank_statement" ? "total_in"
                                                           : "";
    if (field.empty()) continue;
    const auto fen = ChineseAmount::parseFigures(d.fieldValue(field));
    if (!fen || *fen <= 0) continue;
    sum += static_cast<double>(*fen) / 100.0;
    ++count;
    if (source) *source += (source->empty() ? "" : ", ") + d.file;
  }
  return count ? sum / count : 0.0;
}

void InterviewEngine::judgePurpose(const std::string& category) {
  if (category == "refinance")
    finding("purpose_is_productive", false,
            "the money would repay other debt: an officer must review the merchant's total "
            "borrowing");
  else if (category == "personal")
    finding("purpose_is_productive", false,
            "the money is for personal spending, not the business: this product does not fit");
  else if (category.empty())
    finding("purpose_is_productive", false,
            "the purpose was not clear: an officer should ask again");
  else
    finding("purpose_is_productive", true,
            category + " for a " + (options_.industry.empty() ? "business" : options_.industry));
}

void InterviewEngine::judgeAmount(double amount) {
  std::string source;
  const double revenue = monthlyRevenue(&source);
  if (revenue <= 0) return;  // nothing to compare with; the revenue material is asked for
  const double months = amount / revenue;
  finding("amount_within_revenue", months <= 6.0,
          "asks " + yuan(amount) + " yuan, " + oneDecimal(months) +
              " months of the documented monthly revenue of " + yuan(revenue) + " (" + source +
              ")" + (months <= 6.0 ? "" : ": more than six months' revenue"));
}

void InterviewEngine::judgeRepayment(const Repayment& plan) {
  if (plan.cycle.empty()) {
    finding("repayment_fits_cash_cycle", false,
            "the repayment plan was not clear: an officer should agree a schedule");
  } else if (options_.industry == "farm" && plan.cycle == "monthly") {
    finding("repayment_fits_cash_cycle", false,
            "a farm is paid at harvest: monthly repayments would have to come from elsewhere; "
            "offer a seasonal schedule");
  } else if ((options_.industry == "restaurant" || options_.industry == "retail") &&
             plan.cycle == "at_maturity") {
    finding("repayment_fits_cash_cycle", false,
            "daily takings suit monthly repayments; one payment at the end piles up risk");
  } else {
    finding("repayment_fits_cash_cycle", true,
            plan.cycle + " repayment for a " +
                (options_.industry.empty() ? "business" : options_.industry));
  }
  const auto asOf = DocumentDates::parse(options_.asOf);
  if (plan.termMonths <= 0 || !asOf) return;
  const std::pair<std::string, std::string> terms[] = {{"store_lease", "end_date"},
                                                       {"business_license", "term_end"}};
  for (const auto& [kind, field] : terms) {
    const DocumentReading* document = firstOfKind(kind);
    if (!document) continue;
    const auto end = DocumentDates::parse(document->fieldValue(field));
    if (!end) continue;  // long_term or unread
    const int left = asOf->monthsUntil(*end);
    const std::string name = kind == "store_lease" ? "lease_covers_term" : "licence_covers_term";
    finding(name, left >= plan.termMonths,
            std::string(kind == "store_lease" ? "the lease" : "the licence") + " ends " +
                end->iso() + ", " + std::to_string(left) + " months from " + options_.asOf +
                "; the loan runs " + std::to_string(plan.termMonths) + " months (" +
                document->file + ")");
  }
}

nlohmann::json InterviewEngine::transcript() const {
  nlohmann::json materials = nlohmann::json::array();
  const std::vector<MaterialNeed> needs =
      needs_.empty() ? IndustryMaterials::forIndustry(options_.industry) : needs_;
  for (std::size_t i = 0; i < needs.size(); ++i)
    materials.push_back(
        {{"code", needs[i].code},
         {"title", needs[i].title},
         {"kinds", needs[i].kinds},
         {"limit_share", needs[i].limitShare},
         {"status", i < materialStatus_.size() ? materialStatus_[i] : statusOf(needs[i])}});
  return {{"merchant_id", options_.merchantId},
          {"industry", options_.industry.empty() ? "unknown" : options_.industry},
          {"as_of", options_.asOf},
          {"complete", done_ && queue_.empty()},
          {"turns", turns_},
          {"answers", answers_},
          {"findings", findings_},
          {"materials", materials}};
}

}  // namespace aviary
