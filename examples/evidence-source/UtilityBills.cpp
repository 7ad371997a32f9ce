#include "UtilityBills.h"

#include <CalendarDate.h>

#include <algorithm>
#include <numeric>

namespace electricity {
namespace {

// Days from the end of the bill's month to its payment (negative: paid within the month).
// Both texts were checked when the bills were read.
int daysAfterMonthEnd(const std::string& month, const std::string& paidOn) {
  const auto first = aviary::CalendarDate::fromIso(month + "-01");
  const auto paid = aviary::CalendarDate::fromIso(paidOn);
  const int year = first->year() + first->month() / 12, next = first->month() % 12 + 1;
  const auto nextMonth = aviary::CalendarDate::fromParts(year, next, 1);
  return static_cast<int>(paid->daysSinceEpoch() - nextMonth->daysSinceEpoch()) + 1;
}

}  // namespace

UtilityBills UtilityBills::read(const std::filesystem::path& csv) {
  const auto table = aviary::CsvTable::read(csv);
  const int month = table.columnIndex("month"), kwh = table.columnIndex("kwh"),
            amount = table.columnIndex("amount_cny"), paid = table.columnIndex("paid_on");
  if (month < 0 || kwh < 0 || amount < 0 || paid < 0)
    throw aviary::CsvError(csv.string() +
                           ": the header must name month, kwh, amount_cny and paid_on");
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
    if (!aviary::CalendarDate::fromIso(bill.month + "-01") || bill.kwh < 0) {
      result.problems_.push_back({table.lineOf(r), "month must be YYYY-MM and kwh not negative"});
      continue;
    }
    if (!bill.paidOn.empty() && !aviary::CalendarDate::fromIso(bill.paidOn)) {
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
