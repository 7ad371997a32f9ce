#include "ElectricityEvidenceSource.h"

#include <filesystem>
#include <iomanip>
#include <ostream>

#include <nlohmann/json.hpp>

#include "UtilityBills.h"

namespace electricity {

std::string ElectricityEvidenceSource::version() const {
  return AVIARY_PLUGIN_VERSION;
}

aviary::SourceDescription ElectricityEvidenceSource::describe() const {
  using Type = aviary::FeatureDescriptor::Type;
  aviary::SourceDescription description;
  description.summary = "A utility's monthly electricity bills: usage and payment record";
  description.segments = {"shop"};
  description.inputs = {{"bills", "path", true,
                         "the utility's monthly export, CSV with month,kwh,amount_cny,paid_on"}};
  description.features = {
      {"months_billed", Type::Number, "months", "months of bills on record"},
      {"mean_monthly_kwh", Type::Number, "kWh", "average electricity used per month"},
      {"usage_trend", Type::Number, "ratio",
       "use over the last 6 months against the 6 before, minus 1"},
      {"late_payments", Type::Number, "bills", "bills paid late or not at all"}};
  return description;
}

void ElectricityEvidenceSource::initialize(aviary::PluginHost& host) {
  host_ = &host;
  const auto configuration = nlohmann::json::parse(host.configuration(), nullptr, false);
  if (configuration.is_object() && configuration.contains("late_after_days"))
    graceDays_ = configuration["late_after_days"].get<int>();
}

aviary::Evidence ElectricityEvidenceSource::assess(const aviary::AssessmentRequest& request) {
  const auto inputs = nlohmann::json::parse(request.inputsJson, nullptr, false);
  if (!inputs.is_object() || !inputs.contains("bills") || !inputs["bills"].is_string())
    return aviary::Evidence::unavailable(id(), request.merchantId,
                                         "no bills: add inputs.electricity.bills, the utility's "
                                         "monthly CSV (month,kwh,amount_cny,paid_on)");
  std::filesystem::path path = inputs["bills"].get<std::string>();
  if (path.is_relative()) path = std::filesystem::path(request.baseDirectory) / path;
  UtilityBills bills;
  try {
    bills = UtilityBills::read(path);
  } catch (const std::exception& error) {
    return aviary::Evidence::unavailable(id(), request.merchantId, error.what());
  }
  aviary::Evidence evidence;
  evidence.merchantId = request.merchantId;
  for (const auto& problem : bills.problems())
    evidence.warnings.push_back(path.filename().string() + ": line " +
                                std::to_string(problem.line) + " skipped: " + problem.message);
  if (bills.bills().empty())
    return aviary::Evidence::unavailable(id(), request.merchantId,
                                         path.filename().string() + " holds no readable bill");
  evidence.features = {{"months_billed", static_cast<double>(bills.bills().size())},
                       {"mean_monthly_kwh", bills.meanMonthlyKwh()},
                       {"usage_trend", bills.usageTrend()},
                       {"late_payments", static_cast<double>(bills.latePayments(graceDays_))}};
  if (host_)
    host_->log(aviary::LogLevel::Debug,
               "read " + std::to_string(bills.bills().size()) + " bills for " + request.merchantId);
  return evidence;
}

std::vector<aviary::CommandDescription> ElectricityEvidenceSource::commands() const {
  return {{"summarize", "Summarise a bills CSV: months, usage, trend and late payments"}};
}

int ElectricityEvidenceSource::runCommand(const std::string& name,
                                          const std::vector<std::string>& arguments,
                                          std::ostream& out, std::ostream& err) {
  if (name != "summarize") return EvidenceSource::runCommand(name, arguments, out, err);
  if (arguments.size() != 1 || arguments[0] == "--help" || arguments[0] == "-h") {
    out << "usage: aviary electricity summarize BILLS.csv\n"
           "  BILLS.csv  the utility's monthly export: month,kwh,amount_cny,paid_on\n";
    return arguments.size() == 1 ? 0 : 2;
  }
  try {
    const UtilityBills bills = UtilityBills::read(arguments[0]);
    for (const auto& problem : bills.problems())
      err << arguments[0] << ": line " << problem.line << " skipped: " << problem.message << "\n";
    out << std::fixed << std::setprecision(1) << bills.bills().size() << " months, "
        << bills.meanMonthlyKwh() << " kWh a month, trend " << bills.usageTrend() * 100 << "%, "
        << bills.latePayments(graceDays_) << " late payment(s)\n";
  } catch (const std::exception& error) {
    err << "aviary electricity summarize: " << error.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace electricity
