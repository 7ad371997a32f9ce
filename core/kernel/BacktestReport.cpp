#include "BacktestReport.h"

#include <algorithm>
#include <set>

namespace aviary {
namespace {

std::set<std::string> firedIds(const Decision& decision) {
  std::set<std::string> ids;
  for (const auto& rule : decision.rulesFired) ids.insert(rule.id);
  return ids;
}

double rate(std::size_t part, std::size_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

}  // namespace

void BacktestReport::Totals::add(const Decision& decision) {
  ++cases;
  if (decision.outcome == "approve")
    ++approve;
  else if (decision.outcome == "decline")
    ++decline;
  else
    ++refer;
  if (decision.outcome == "approve") limitCny += decision.limitCny;
  pdSum += decision.probabilityOfDefault;
}

void BacktestReport::Totals::merge(const Totals& other) {
  cases += other.cases;
  approve += other.approve;
  decline += other.decline;
  refer += other.refer;
  limitCny += other.limitCny;
  pdSum += other.pdSum;
}

nlohmann::json BacktestReport::Totals::toJson() const {
  return {{"cases", cases},
          {"approve_rate", rate(approve, cases)},
          {"decline_rate", rate(decline, cases)},
          {"refer_rate", rate(refer, cases)},
          {"approved_limit_cny", limitCny},
          {"mean_pd", cases == 0 ? 0.0 : pdSum / static_cast<double>(cases)}};
}

void BacktestReport::add(std::int64_t caseId, const std::string& segment, const Decision& actual,
                         const Decision& candidate) {
  ++cases_;
  auto& totals = segments_[segment];
  totals.first.add(actual);
  totals.second.add(candidate);

  const auto before = firedIds(actual);
  const auto after = firedIds(candidate);
  for (const auto& rule : actual.rulesFired) ruleTexts_.emplace(rule.id, rule.text);
  for (const auto& rule : candidate.rulesFired) ruleTexts_[rule.id] = rule.text;
  std::vector<std::string> newRules, droppedRules;
  for (const auto& id : before) {
    ++rules_[id].actual;
    if (!after.contains(id)) {
      ++rules_[id].onlyActual;
      droppedRules.push_back(id);
    }
  }
  for (const auto& id : after) {
    ++rules_[id].candidate;
    if (!before.contains(id)) {
      ++rules_[id].onlyCandidate;
      newRules.push_back(id);
    }
  }

  if (actual.outcome == candidate.outcome) return;
  ++changed_;
  ++segmentChanged_[segment];
  ++transitions_[actual.outcome + "->" + candidate.outcome];
  if (sample_.size() >= sampleSize_) return;
  ChangedCase changed{caseId,
                      segment,
                      actual.outcome,
                      candidate.outcome,
                      actual.limitCny,
                      candidate.limitCny,
                      actual.probabilityOfDefault,
                      candidate.probabilityOfDefault,
                      newRules,
                      droppedRules,
                      {}};
  for (const auto& rule : candidate.rulesFired)
    changed.reasons.push_back(rule.id + ": " + rule.text);
  for (const auto& reason : candidate.reasons) changed.reasons.push_back(reason.text);
  sample_.push_back(std::move(changed));
}

void BacktestReport::merge(const BacktestReport& other) {
  cases_ += other.cases_;
  changed_ += other.changed_;
  for (const auto& [segment, totals] : other.segments_) {
    segments_[segment].first.merge(totals.first);
    segments_[segment].second.merge(totals.second);
  }
  for (const auto& [segment, count] : other.segmentChanged_) segmentChanged_[segment] += count;
  for (const auto& [key, count] : other.transitions_) transitions_[key] += count;
  for (const auto& [id, counts] : other.rules_) {
    auto& mine = rules_[id];
    mine.actual += counts.actual;
    mine.candidate += counts.candidate;
    mine.onlyActual += counts.onlyActual;
    mine.onlyCandidate += counts.onlyCandidate;
  }
  for (const auto& [id, text] : other.ruleTexts_) ruleTexts_.emplace(id, text);
  sample_.insert(sample_.end(), other.sample_.begin(), other.sample_.end());
  std::sort(sample_.begin(), sample_.end(),
            [](const ChangedCase& a, const ChangedCase& b) { return a.caseId < b.caseId; });
  if (sample_.size() > sampleSize_) sample_.resize(sampleSize_);
}

nlohmann::json BacktestReport::toJson() const {
  nlohmann::json segments = nlohmann::json::object();
  Totals allActual, allCandidate;
  for (const auto& [segment, totals] : segments_) {
    const auto changed = segmentChanged_.find(segment);
    segments[segment] = {{"actual", totals.first.toJson()},
                         {"candidate", totals.second.toJson()},
                         {"changed", changed == segmentChanged_.end() ? 0 : changed->second}};
    allActual.merge(totals.first);
    allCandidate.merge(totals.second);
  }
  nlohmann::json rules = nlohmann::json::array();
  for (const auto& [id, counts] : rules_) {
    if (counts.onlyActual == 0 && counts.onlyCandidate == 0) continue;
    const auto text = ruleTexts_.find(id);
    rules.push_back({{"id", id},
                     {"text", text == ruleTexts_.end() ? "" : text->second},
                     {"fired_actual", counts.actual},
                     {"fired_candidate", counts.candidate},
                     {"only_actual", counts.onlyActual},
                     {"only_candidate", counts.onlyCandidate}});
  }
  nlohmann::json sample = nlohmann::json::array();
  for (const auto& changed : sample_)
    sample.push_back({{"case_id", changed.caseId},
                      {"segment", changed.segment},
                      {"from", changed.from},
                      {"to", changed.to},
                      {"limit_cny", {changed.limitFrom, changed.limitTo}},
                      {"pd", {changed.pdFrom, changed.pdTo}},
                      {"rules_new", changed.newRules},
                      {"rules_dropped", changed.droppedRules},
                      {"reasons", changed.reasons}});
  return {{"cases", cases_},
          {"changed", changed_},
          {"transitions", transitions_},
          {"total", {{"actual", allActual.toJson()}, {"candidate", allCandidate.toJson()}}},
          {"segments", segments},
          {"rules", rules},
          {"sample", sample}};
}

}  // namespace aviary
