#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace aviary::gui {

// What the Portfolio view shows, read on a worker thread: the monitoring report, the last
// back-test's summary and the latest experiment's arms (null where there is none).
struct PortfolioSnapshot {
  nlohmann::json monitor;
  nlohmann::json backtest;
  nlohmann::json experiment;

  static PortfolioSnapshot load(const std::string& connectionString);
};

}  // namespace aviary::gui
