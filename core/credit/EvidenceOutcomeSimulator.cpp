#include "EvidenceOutcomeSimulator.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <sstream>
#include <stdexcept>

namespace aviary::credit {
namespace {

const std::vector<std::string> kSegments = {"farmer", "dealer", "shop"};

double normalCdf(double x) {
  return 0.5 * std::erfc(-x / std::sqrt(2.0));
}

std::string csvField(const std::string& value) {
  if (value.find_first_of(",\"\n\r") == std::string::npos) return value;
  std::string quoted = "\"";
  for (const char c : value) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string number(double value) {
  std::ostringstream out;
  out.precision(6);
  out << value;
  return out.str();
}

// One segment's evidence for a latent quality z (higher is better). Each feature is a noisy
// view of z on the scale the plugin reports; the loadings say how much of z each one shows.
class SegmentEvidence {
 public:
  explicit SegmentEvidence(std::mt19937& random) : random_(random) {}

  std::map<std::string, double> farmer(double z) {
    return {{"satellite.condition_score", normalCdf(view(z, 0.6))},
            {"satellite.declared_match_ratio", std::clamp(normalCdf(1.3 + view(z, 0.5)), 0.0, 1.0)},
            {"satellite.hazard_count", poisson(std::exp(-0.8 - 0.5 * z))},
            {"satellite.crop_confidence", 0.5 + 0.5 * normalCdf(0.8 + view(z, 0.3))},
            {"satellite.fallow_share", std::max(0.0, 0.25 * (-0.6 - view(z, 0.4)))}};
  }

  std::map<std::string, double> dealer(double z) {
    return {{"supplychain.months_active",
             std::min(36.0, std::round(std::exp(3.0 + 0.35 * view(z, 0.4))))},
            {"supplychain.network_standing", normalCdf(0.5 + view(z, 0.5))},
            {"supplychain.purchase_stability", std::clamp(0.5 + 0.25 * view(z, 0.5), 0.0, 1.0)},
            {"supplychain.purchase_trend", 0.1 * view(z, 0.5)},
            {"supplychain.supplier_concentration",
             std::clamp(normalCdf(0.6 - view(z, 0.3)), 0.05, 1.0)},
            {"supplychain.supplier_loss", bernoulli(normalCdf(-1.5 - 0.5 * z))},
            {"supplychain.certified", bernoulli(normalCdf(-0.8 + 0.4 * z))}};
  }

  std::map<std::string, double> shop(double z) {
    return {{"credentials.business_age_months", std::round(std::exp(4.0 + 0.5 * view(z, 0.4)))},
            {"credentials.failed_checks", poisson(std::exp(-0.5 - 0.6 * z))},
            {"credentials.counterparty_count", 1 + poisson(std::exp(0.3 + 0.2 * z))}};
  }

 private:
  // loading * z + noise, with unit variance when z has unit variance.
  double view(double z, double loading) {
    return loading * z +
           std::sqrt(1 - loading * loading) * std::normal_distribution<double>(0, 1)(random_);
  }
  double poisson(double mean) { return std::poisson_distribution<int>(mean)(random_); }
  double bernoulli(double p) { return std::bernoulli_distribution(p)(random_) ? 1.0 : 0.0; }

  std::mt19937& random_;
};

}  // namespace

const std::vector<std::string>& EvidenceOutcomeSimulator::evidenceColumns() {
  static const std::vector<std::string> columns = [] {
    std::mt19937 random(0);
    SegmentEvidence evidence(random);
    std::vector<std::string> names;
    for (const auto& features : {evidence.farmer(0), evidence.dealer(0), evidence.shop(0)})
      for (const auto& [name, value] : features) names.push_back(name);
    return names;
  }();
  return columns;
}

std::string EvidenceOutcomeSimulator::simulateCsv(const CsvTable& applications,
                                                  const std::string& targetColumn,
                                                  const std::string& badLabel,
                                                  const Options& options) {
  const int target = applications.columnIndex(targetColumn);
  if (target < 0)
    throw std::invalid_argument(applications.sourceName() + " has no column '" + targetColumn +
                                "'; pass --target with the outcome column");
  for (const auto& column : evidenceColumns())
    if (applications.columnIndex(column) >= 0)
      throw std::invalid_argument(applications.sourceName() + " already has the column '" + column +
                                  "': it holds evidence already");
  std::mt19937 random(options.seed);
  SegmentEvidence evidence(random);
  std::ostringstream out;
  // No segment column: a case's model row has none, and which sources are present says it.
  for (std::size_t c = 0; c < applications.header().size(); ++c)
    out << (c ? "," : "") << csvField(applications.header()[c]);
  for (const auto& column : evidenceColumns()) out << "," << column;
  out << "\n";
  for (std::size_t r = 0; r < applications.rowCount(); ++r) {
    const auto& row = applications.row(r);
    const bool bad = row[static_cast<std::size_t>(target)] == badLabel;
    // Segments are drawn independently of the outcome, so no segment is riskier by itself.
    const std::string& segment =
        kSegments[std::uniform_int_distribution<std::size_t>(0, 2)(random)];
    const double z = std::normal_distribution<double>(
        bad ? -options.separation / 2 : options.separation / 2, 1)(random);
    const auto features = segment == "farmer"   ? evidence.farmer(z)
                          : segment == "dealer" ? evidence.dealer(z)
                                                : evidence.shop(z);
    for (std::size_t c = 0; c < row.size(); ++c) out << (c ? "," : "") << csvField(row[c]);
    for (const auto& column : evidenceColumns()) {
      const auto value = features.find(column);
      out << "," << (value == features.end() ? "" : number(value->second));
    }
    out << "\n";
  }
  return out.str();
}

}  // namespace aviary::credit
