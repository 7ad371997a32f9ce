#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "CsvTable.h"

namespace electricity {

// One month's bill from the utility's export: month,kwh,amount_cny,paid_on.
struct MonthlyBill {
  std::string month;  // YYYY-MM
  double kwh = 0;
  double amountCny = 0;
  std::string paidOn;  // YYYY-MM-DD, empty when unpaid
};

// A merchant's bills, oldest first, and what they show. Rows that cannot be read are listed
// with their line and what to fix; the others still count.
class UtilityBills {
 public:
  // Throws aviary::CsvError when the file cannot be read at all or lacks a column.
  static UtilityBills read(const std::filesystem::path& csv);

  const std::vector<MonthlyBill>& bills() const { return bills_; }
  const std::vector<aviary::CsvProblem>& problems() const { return problems_; }

  double meanMonthlyKwh() const;
  // Usage over the last 6 months against the 6 before, minus 1 (0.1 = up 10%); 0 when there
  // are fewer than 12 months.
  double usageTrend() const;
  // Bills paid more than `graceDays` after the end of their month, or not at all.
  int latePayments(int graceDays) const;

 private:
  std::vector<MonthlyBill> bills_;
  std::vector<aviary::CsvProblem> problems_;
};

}  // namespace electricity
