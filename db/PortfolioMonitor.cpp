#include "PortfolioMonitor.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <pqxx/pqxx>

#include "BinaryMetrics.h"
#include "DecisionKernel.h"
#include "ReferenceDistribution.h"
#include "ReliabilityTable.h"
#include "StoredBook.h"

namespace aviary {
namespace {

using credit::ReferenceDistribution;

// The inputs the model saw for each decision, collected per thread and merged.
struct Observations {
  std::map<std::string, std::vector<double>> numbers;
  std::map<std::string, std::vector<std::string>> categories;
  std::vector<double> scores;
  std::map<std::string, std::pair<std::vector<int>, std::vector<double>>> outcomes;  // per segment

  void merge(Observations& other) {
    for (auto& [name, values] : other.numbers)
      numbers[name].insert(numbers[name].end(), values.begin(), values.end());
    for (auto& [name, values] : other.categories)
      categories[name].insert(categories[name].end(), values.begin(), values.end());
    scores.insert(scores.end(), other.scores.begin(), other.scores.end());
    for (auto& [segment, pair] : other.outcomes) {
      auto& mine = outcomes[segment];
      mine.first.insert(mine.first.end(), pair.first.begin(), pair.first.end());
      mine.second.insert(mine.second.end(), pair.second.begin(), pair.second.end());
    }
  }
};

void observe(const BookEntry& entry, const std::vector<ReferenceDistribution>& references,
             Observations& into) {
  static const std::map<std::string, FeatureDescriptor> kNoCatalog;
  const RiskModel::Row row = DecisionKernel::modelRowOf(
      entry.caseFile, entry.evidence, entry.catalog ? *entry.catalog : kNoCatalog);
  for (const auto& reference : references) {
    const auto cell = row.find(reference.name());
    if (reference.numeric()) {
      double value = std::nan("");
      if (cell != row.end()) {
        if (const double* number = std::get_if<double>(&cell->second))
          value = *number;
        else if (const auto* text = std::get_if<std::string>(&cell->second))
          value = credit::FeatureEncoder::parseNumber(*text).value_or(std::nan(""));
      }
      into.numbers[reference.name()].push_back(value);
    } else {
      std::string value;
      if (cell != row.end()) {
        if (const auto* text = std::get_if<std::string>(&cell->second))
          value = *text;
        else if (const double* number = std::get_if<double>(&cell->second))
          value = std::to_string(*number);
      }
      into.categories[reference.name()].push_back(value);
    }
  }
  into.scores.push_back(entry.decision.probabilityOfDefault);
  if (entry.bad) {
    auto& segment = into.outcomes[entry.segment];
    segment.first.push_back(*entry.bad ? 1 : 0);
    segment.second.push_back(entry.decision.probabilityOfDefault);
  }
}

std::string flagFor(double psi) {
  if (psi >= ReferenceDistribution::kMajorShift) return "major_shift";
  if (psi >= ReferenceDistribution::kShift) return "shift";
  return "stable";
}

nlohmann::json outcomeFigures(const std::string& segment, const std::vector<int>& labels,
                              const std::vector<double>& pds, nlohmann::json& notes) {
  const auto bad = static_cast<std::size_t>(std::count(labels.begin(), labels.end(), 1));
  const std::size_t good = labels.size() - bad;
  nlohmann::json figures = {{"cases", labels.size()}, {"bad", bad}};
  if (labels.size() < PortfolioMonitor::kMinimumWithOutcome ||
      bad < PortfolioMonitor::kMinimumPerClass || good < PortfolioMonitor::kMinimumPerClass) {
    notes.push_back(segment + ": " + std::to_string(labels.size()) + " cases with outcomes (" +
                    std::to_string(bad) + " bad): too few for AUC, KS and calibration; they need " +
                    std::to_string(PortfolioMonitor::kMinimumWithOutcome) + " with at least " +
                    std::to_string(PortfolioMonitor::kMinimumPerClass) + " bad and good");
    return figures;
  }
  const auto metrics = credit::BinaryMetrics::compute(labels, pds);
  const auto reliability =
      credit::ReliabilityTable::compute(labels, pds, std::min<std::size_t>(10, labels.size() / 10));
  double meanPd = 0;
  for (double pd : pds) meanPd += pd;
  figures["auc"] = metrics.auc;
  figures["ks"] = metrics.ks;
  figures["mean_pd"] = meanPd / static_cast<double>(pds.size());
  figures["observed_bad_rate"] = static_cast<double>(bad) / static_cast<double>(labels.size());
  figures["calibration_error"] = reliability.expectedCalibrationError();
  figures["calibration"] = reliability.toJson();
  return figures;
}

}  // namespace

PortfolioMonitor::PortfolioMonitor(std::string connectionString)
    : connectionString_(std::move(connectionString)) {}

std::optional<credit::CreditModel> PortfolioMonitor::modelInUse() const {
  pqxx::connection connection(connectionString_);
  pqxx::read_transaction tx(connection);
  const auto rows = tx.exec(
      "SELECT m.content FROM decisions d JOIN models m USING (model_id) "
      "WHERE d.kind = 'automatic' ORDER BY d.decision_id DESC LIMIT 1");
  if (rows.empty()) return std::nullopt;
  return credit::CreditModel::fromJsonText(rows[0][0].as<std::string>(), "model in use");
}

nlohmann::json PortfolioMonitor::weeklyRates(const std::string& since) const {
  pqxx::connection connection(connectionString_);
  pqxx::read_transaction tx(connection);
  nlohmann::json weeks = nlohmann::json::array();
  for (const auto& row : tx.exec_params(
           "SELECT to_char(date_trunc('week', created_at), 'IYYY-\"W\"IW'), "
           "date_trunc('week', created_at)::date::text, "
           "count(*) FILTER (WHERE kind = 'automatic'), "
           "count(*) FILTER (WHERE kind = 'automatic' AND outcome = 'approve'), "
           "count(*) FILTER (WHERE kind = 'automatic' AND outcome = 'decline'), "
           "count(*) FILTER (WHERE kind = 'automatic' AND outcome = 'refer'), "
           "count(*) FILTER (WHERE kind = 'override') "
           "FROM decisions WHERE ($1 = '' OR created_at >= $1::date) GROUP BY 1, 2 ORDER BY 2",
           since)) {
    const double automatic = row[2].as<double>();
    const auto rate = [&](int column) {
      return automatic > 0 ? row[column].as<double>() / automatic : 0.0;
    };
    weeks.push_back({{"week", row[0].as<std::string>()},
                     {"start", row[1].as<std::string>()},
                     {"decisions", row[2].as<long>()},
                     {"approve_rate", rate(3)},
                     {"decline_rate", rate(4)},
                     {"refer_rate", rate(5)},
                     {"override_rate", rate(6)}});
  }
  return weeks;
}

nlohmann::json PortfolioMonitor::run(const credit::CreditModel& model, const std::string& since,
                                     int threads) const {
  nlohmann::json notes = nlohmann::json::array();
  std::vector<ReferenceDistribution> references;
  std::optional<ReferenceDistribution> scoreReference;
  const auto& stored = model.trainingReport();
  if (stored.contains("reference_distribution")) {
    for (const auto& column : stored["reference_distribution"].at("columns"))
      references.push_back(ReferenceDistribution::fromJson(column));
    scoreReference = ReferenceDistribution::fromJson(stored["reference_distribution"].at("score"));
  } else {
    notes.push_back(
        "the model carries no training distribution to compare with (it was trained "
        "before monitoring existed): add it with 'aviary model reference --model FILE "
        "--data TRAINING.csv --out FILE' and propose the result");
  }

  threads = std::max(1, threads);
  std::vector<Observations> perThread(static_cast<std::size_t>(threads));
  nlohmann::json skipped = nlohmann::json::array();
  StoredBook::Filter filter;
  filter.since = since;
  const std::size_t decisions =
      StoredBook(connectionString_)
          .forEach(
              filter, threads,
              [&](const BookEntry& entry, int thread) {
                observe(entry, references, perThread[static_cast<std::size_t>(thread)]);
              },
              [&](std::int64_t caseId, const std::string& reason) {
                skipped.push_back({{"case_id", caseId}, {"reason", reason}});
              });
  for (std::size_t i = 1; i < perThread.size(); ++i) perThread[0].merge(perThread[i]);
  Observations& all = perThread[0];

  nlohmann::json features = nlohmann::json::array();
  nlohmann::json score = nullptr;
  if (decisions < kMinimumForDrift) {
    notes.push_back(std::to_string(decisions) + " decisions" +
                    (since.empty() ? std::string() : " since " + since) +
                    ": too few to measure drift; the population stability index needs at least " +
                    std::to_string(kMinimumForDrift));
  } else {
    for (const auto& reference : references) {
      const double psi = reference.numeric()
                             ? reference.stabilityIndex(all.numbers[reference.name()])
                             : reference.stabilityIndex(all.categories[reference.name()]);
      features.push_back({{"name", reference.name()}, {"psi", psi}, {"flag", flagFor(psi)}});
    }
    std::sort(features.begin(), features.end(),
              [](const auto& a, const auto& b) { return a["psi"] > b["psi"]; });
    if (scoreReference) {
      const double psi = scoreReference->stabilityIndex(all.scores);
      score = {{"name", "pd"}, {"psi", psi}, {"flag", flagFor(psi)}};
    }
  }

  nlohmann::json segments = nlohmann::json::object();
  std::vector<int> allLabels;
  std::vector<double> allPds;
  for (const auto& [segment, pair] : all.outcomes) {
    segments[segment] = outcomeFigures(segment, pair.first, pair.second, notes);
    allLabels.insert(allLabels.end(), pair.first.begin(), pair.first.end());
    allPds.insert(allPds.end(), pair.second.begin(), pair.second.end());
  }
  nlohmann::json overall = nullptr;
  if (allLabels.empty())
    notes.push_back("no repayment outcomes yet: import them with 'aviary outcome import'");
  else
    overall = outcomeFigures("all segments", allLabels, allPds, notes);
  return {{"since", since},
          {"decisions", decisions},
          {"model", {{"sha256", model.sha256()}, {"reference", !references.empty()}}},
          {"thresholds",
           {{"shift", ReferenceDistribution::kShift},
            {"major_shift", ReferenceDistribution::kMajorShift}}},
          {"features", features},
          {"score", score},
          {"weeks", weeklyRates(since)},
          {"outcomes", {{"segments", segments}, {"all", overall}}},
          {"skipped", skipped},
          {"notes", notes}};
}

}  // namespace aviary
