#include "PortfolioSnapshot.h"

#include <pqxx/pqxx>

#include "CreditRiskModel.h"
#include "ExperimentRepository.h"
#include "PortfolioMonitor.h"

namespace aviary::gui {

PortfolioSnapshot PortfolioSnapshot::load(const std::string& connectionString) {
  PortfolioSnapshot snapshot;
  const PortfolioMonitor monitor(connectionString);
  auto model = monitor.modelInUse();
  if (!model) model = credit::CreditModel::load(CreditRiskModel::defaultPath());
  snapshot.monitor = monitor.run(*model, "");
  {
    pqxx::connection connection(connectionString);
    pqxx::read_transaction tx(connection);
    const auto rows = tx.exec(
        "SELECT summary::text, run_by, run_at::text FROM backtests ORDER BY backtest_id DESC "
        "LIMIT 1");
    if (!rows.empty()) {
      snapshot.backtest = nlohmann::json::parse(rows[0][0].as<std::string>());
      snapshot.backtest["run_by"] = rows[0][1].as<std::string>();
      snapshot.backtest["run_at"] = rows[0][2].as<std::string>();
    }
  }
  const ExperimentRepository experiments(connectionString);
  if (const auto experiment = experiments.latest())
    snapshot.experiment = experiments.report(*experiment);
  return snapshot;
}

}  // namespace aviary::gui
