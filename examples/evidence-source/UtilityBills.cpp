#include "UtilityBills.h"

#include <algorithm>
#include <chrono>
#include <numeric>
#include <regex>

namespace electricity {
namespace {

std::chrono::year_month_day dateOf(int year, int month, int day) {
  return {std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
          std::chrono::day(static_cast<unsigned>(day))};
}

// Days from the end of the bill's month to its payment (negative: paid within the month).
int daysAfterMonthEnd(const std::string& month, const std::string& paidOn) {
  using namespace std::chrono;
  const year_month_day nextMonth =
      dateOf(std::stoi(month.substr(0, 4)), std::stoi(month.substr(5, 2)), 1) + months(1);
  const year_month_day paid = dateOf(std::stoi(paidOn.substr(0, 4)),
                                     std::stoi(paidOn.substr(5, 2)), std::stoi(paidOn.substr(8, 2)));
  return static_cast<int>((sys_days(paid) - sys_days(nextMonth)).count()) + 1;
}

bool isRealDate(const std::string& text) {
  return dateOf(std::stoi(text.substr(0, 4)), std::stoi(text.substr(5, 2)),
                std::stoi(text.substr(8, 2)))
      .ok();
}

}  // namespace

UtilityBills UtilityBills::read(const std::filesystem::path& csv) {
  const auto table = aviary::CsvTable::read(csv);
  const int month = table.columnIndex("month"), kwh = table.columnIndex("kwh"),
            amount = table.columnIndex("amount_cny"), paid = table.columnIndex("paid_on");
  if (month < 0 || kwh < 0 || amount < 0 || paid < 0)
    throw aviary::CsvError(csv.string() +
                           ": the header must name month, kwh, amount_cny and paid_on");
  static const std::regex monthPattern(R"(\d{4}-(0[1-9]|1[0-2]))");
  static const std::regex datePattern(R"(\d{4}-\d{2}-\d{2})");
  UtilityBills result;
  result.problems_ = table.problems();
  for (std::size_t r = 0; r < table.rowCount(); ++r) {
    const auto& row = table.row(r);
    MonthlyBill bill;
    bill.month = row[static_cast<std::size_t>(month)];
    bill.paidOn = row[static_cast<std::size_t>(paid)];
    try {
      bill.kwh = std::stod(row[static_cast<std::size_t>(kwh)]);
      bill.amountCny = std::stod(row[static_cast<std::size_t>(amount)]);
    } catch (const std::exception&) {
      result.problems_.push_back({table.lineOf(r), "kwh and amount_cny must be numbers"});
      continue;
    }
    if (!std::regex_match(bill.month, monthPattern) || bill.kwh < 0) {
      result.problems_.push_back(
          {table.lineOf(r), "month must be YYYY-MM and kwh not negative"});
      continue;
    }
    if (!bill.paidOn.empty() &&
        (!std::regex_match(bill.paidOn, datePattern) || !isRealDate(bill.paidOn))) {
      result.problems_.push_back(
          {table.lineOf(r), "paid_on must be a real date YYYY-MM-DD, or empty when unpaid"});
      continue;
    }
    result.bills_.push_back(bill);
  }
  std::sort(result.bills_.begin(), result.bills_.end(),
            [](const MonthlyBill& a, const MonthlyBill& b) { return a.month < b.month; });
  return result;
}

double UtilityBills::meanMonthlyKwh() const {
  if (bills_.empty()) return 0;
  return std::accumulate(bills_.begin(), bills_.end(), 0.0,
                         [](double sum, const MonthlyBill& bill) { return sum + bill.kwh; }) /
         static_cast<double>(bills_.size());
}

double UtilityBills::usageTrend() const {
  if (bills_.size() < 12) return 0;
  const auto sum = [&](std::size_t from, std::size_t to) {
    double total = 0;
    for (std::size_t i = from; i < to; ++i) total += bills_[i].kwh;
    return total;
  };
  const std::size_t n = bills_.size();
  const double before = sum(n - 12, n - 6);
  return before > 0 ? sum(n - 6, n) / before - 1 : 0;
}

int UtilityBills::latePayments(int graceDays) const {
  int late = 0;
  for (const auto& bill : bills_)
    if (bill.paidOn.empty() || daysAfterMonthEnd(bill.month, bill.paidOn) > graceDays) ++late;
  return late;
}

}  // namespace electricity
