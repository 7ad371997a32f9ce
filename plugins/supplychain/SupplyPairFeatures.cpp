#include "SupplyPairFeatures.h"

#include <algorithm>
#include <cmath>

#include "CalendarDate.h"
#include "TwoCores.h"

namespace aviary::supplychain {
namespace {

using F = SupplyPairFeatures;
constexpr float kNaN = F::kMissing;

float logRatio(double a, double b) {
  return static_cast<float>(std::log((a + 1.0) / (b + 1.0)));
}

// What one pass over a pair's payments finds; the party-level columns come after.
struct PairPass {
  std::vector<std::int64_t> cents;
  std::vector<std::int32_t> days;
  void run(const PaymentNetwork& net, const PartyProfile& profile, std::uint32_t pi, float* row,
           std::int64_t& median) {
    const auto& p = net.pairs[pi];
    cents.clear();
    days.clear();
    std::array<std::uint32_t, 31> dom{};
    std::uint32_t repeats = 0;
    std::int32_t lastDay = std::numeric_limits<std::int32_t>::min();
    for (std::uint64_t k = net.pairTxnOffset[pi]; k < net.pairTxnOffset[pi + 1]; ++k) {
      const std::uint32_t t = net.pairTxn[k];
      cents.push_back(net.cents[t]);
      const auto day = static_cast<std::int32_t>(net.time[t] / 86400);
      ++dom[CalendarDate::fromDaysSinceEpoch(day).day() - 1];
      if (day == lastDay)
        ++repeats;
      else
        days.push_back(day);
      lastDay = day;
    }
    const double count = static_cast<double>(cents.size());
    const double spanDays = std::max(1, profile.lastDay - profile.firstDay + 1);
    row[F::kLogTxns] = static_cast<float>(std::log(count));
    row[F::kMonths] = static_cast<float>(p.monthCount);
    const int firstMonth = PaymentNetwork::monthOf(std::int64_t{days.front()} * 86400);
    const int lastMonth = PaymentNetwork::monthOf(std::int64_t{days.back()} * 86400);
    row[F::kMonthCoverage] =
        static_cast<float>(p.monthCount) / static_cast<float>(lastMonth - firstMonth + 1);
    row[F::kSpanShare] = static_cast<float>((days.back() - days.front() + 1) / spanDays);
    if (days.size() >= 3) {
      double s = 0, s2 = 0;
      for (std::size_t i = 1; i < days.size(); ++i) {
        const double g = days[i] - days[i - 1];
        s += g;
        s2 += g * g;
      }
      const double k = static_cast<double>(days.size() - 1), mean = s / k;
      row[F::kIntervalCv] =
          static_cast<float>(std::sqrt(std::max(0.0, s2 / k - mean * mean)) / mean);
    } else {
      row[F::kIntervalCv] = kNaN;
    }
    double ls = 0, ls2 = 0;
    for (std::int64_t c : cents) {
      const double l = std::log(static_cast<double>(c));
      ls += l;
      ls2 += l * l;
    }
    row[F::kAmountCv] =
        static_cast<float>(std::sqrt(std::max(0.0, ls2 / count - (ls / count) * (ls / count))));
    std::nth_element(cents.begin(), cents.begin() + static_cast<std::ptrdiff_t>(cents.size() / 2),
                     cents.end());
    median = cents[cents.size() / 2];
    const std::int64_t tolerance = std::max<std::int64_t>(1, median / 200);
    std::size_t atMedian = 0;
    for (std::int64_t c : cents) atMedian += std::llabs(c - median) <= tolerance;
    row[F::kFixedAmountShare] = static_cast<float>(atMedian / count);
    row[F::kRoundShare] = static_cast<float>(p.roundCount / count);
    row[F::kLogMedianAmount] =
        static_cast<float>(std::log(static_cast<double>(median) / 100.0 + 1.0));
    std::uint32_t best = 0;
    for (int d = 0; d < 31; ++d) {
      std::uint32_t window = 0;
      for (int k = -2; k <= 2; ++k) window += dom[static_cast<std::size_t>((d + k + 31) % 31)];
      best = std::max(best, window);
    }
    row[F::kDayOfMonthFocus] = static_cast<float>(best / count);
    row[F::kSameDayRepeats] = static_cast<float>(repeats / count);
    const auto memoCount = [&](MemoClass c) { return p.memoCount[static_cast<std::size_t>(c)]; };
    const double memos = count - memoCount(MemoClass::Blank);
    if (profile.memos && memos > 0) {
      row[F::kMemoGoods] = static_cast<float>(memoCount(MemoClass::Goods) / memos);
      row[F::kMemoOverhead] =
          static_cast<float>((memoCount(MemoClass::Rent) + memoCount(MemoClass::Wage) +
                              memoCount(MemoClass::Utility) + memoCount(MemoClass::Tax)) /
                             memos);
      row[F::kMemoFinance] =
          static_cast<float>((memoCount(MemoClass::Settlement) + memoCount(MemoClass::Loan) +
                              memoCount(MemoClass::Transfer)) /
                             memos);
      row[F::kMemoOther] =
          static_cast<float>((memoCount(MemoClass::Refund) + memoCount(MemoClass::Service) +
                              memoCount(MemoClass::Other)) /
                             memos);
    } else {
      row[F::kMemoGoods] = row[F::kMemoOverhead] = row[F::kMemoFinance] = row[F::kMemoOther] = kNaN;
    }
  }
};

float kindValue(PartyProfile::Kind k) {
  return k == PartyProfile::Kind::Unknown ? kNaN : k == PartyProfile::Kind::Person ? 1.0f : 0.0f;
}

}  // namespace

const char* SupplyPairFeatures::name(std::size_t c) {
  static const char* names[] = {"log_txns",
                                "months",
                                "month_coverage",
                                "span_share",
                                "interval_cv",
                                "amount_cv",
                                "fixed_amount_share",
                                "round_share",
                                "log_median_amount",
                                "day_of_month_focus",
                                "same_day_repeats",
                                "reverse_share",
                                "share_of_payer_out",
                                "share_of_payee_in",
                                "payee_forwards",
                                "payer_funded",
                                "payer_payees",
                                "payer_payers",
                                "payee_payers",
                                "payee_payees",
                                "payee_fixed_in_share",
                                "amount_vs_payee_typical",
                                "payer_recurring_suppliers",
                                "payee_recurring_buyers",
                                "memo_goods",
                                "memo_overhead",
                                "memo_finance",
                                "memo_other",
                                "memo_text_learned",
                                "payer_person",
                                "payee_person",
                                "related",
                                "payee_overhead_industry",
                                "payee_industry_learned",
                                "payer_industry_learned",
                                "channel_learned"};
  static_assert(std::size(names) == kColumns);
  return c < kColumns ? names[c] : "?";
}

SupplyPairFeatures SupplyPairFeatures::build(const PaymentNetwork& net,
                                             const PartyProfile& profile) {
  SupplyPairFeatures f;
  const std::size_t pairs = net.pairs.size(), n = net.partyCount();
  f.values.assign(pairs * kWidth, kNaN);
  f.medianCents.assign(pairs, 0);
  inTwoHalves(pairs, [&](std::size_t begin, std::size_t end) {
    PairPass pass;
    for (std::size_t pi = begin; pi < end; ++pi)
      pass.run(net, profile, static_cast<std::uint32_t>(pi), &f.values[pi * kWidth],
               f.medianCents[pi]);
  });

  // Per party: the share of money in through fixed-amount pairs, the typical amount it
  // receives, how many recurring variable-amount pairs it pays and is paid through.
  std::vector<float> fixedIn(n, 0), typicalIn(n, 0);
  std::vector<std::uint32_t> recurringOut(n, 0), recurringIn(n, 0);
  std::vector<std::int64_t> medians;
  for (std::uint32_t v = 0; v < n; ++v) {
    double fixedYuan = 0, allYuan = 0;
    medians.clear();
    for (std::uint64_t k = net.pairInOffset[v]; k < net.pairInOffset[v + 1]; ++k) {
      const std::uint32_t pi = net.pairIn[k];
      const double yuan = static_cast<double>(net.pairs[pi].cents);
      allYuan += yuan;
      const float* row = &f.values[pi * kWidth];
      if (net.pairs[pi].txnCount >= 3 && row[kFixedAmountShare] >= 0.9f) fixedYuan += yuan;
      if (row[kMonths] >= 3 && row[kFixedAmountShare] < 0.8f) ++recurringIn[v];
      medians.push_back(f.medianCents[pi]);
    }
    for (std::uint64_t pi = net.pairOutOffset[v]; pi < net.pairOutOffset[v + 1]; ++pi) {
      const float* row = &f.values[pi * kWidth];
      if (row[kMonths] >= 3 && row[kFixedAmountShare] < 0.8f) ++recurringOut[v];
    }
    fixedIn[v] = allYuan > 0 ? static_cast<float>(fixedYuan / allYuan) : 0.0f;
    if (!medians.empty()) {
      std::nth_element(medians.begin(),
                       medians.begin() + static_cast<std::ptrdiff_t>(medians.size() / 2),
                       medians.end());
      typicalIn[v] = static_cast<float>(medians[medians.size() / 2]);
    }
  }

  inTwoHalves(pairs, [&](std::size_t begin, std::size_t end) {
    for (std::size_t pi = begin; pi < end; ++pi) {
      const auto& p = net.pairs[pi];
      const std::uint32_t u = p.payer, v = p.payee;
      float* row = &f.values[pi * kWidth];
      const double yuan = static_cast<double>(p.cents) / 100.0;
      const std::uint32_t back = net.findPair(v, u);
      const double reverse =
          back == PartyTable::kNone ? 0.0 : static_cast<double>(net.pairs[back].cents) / 100.0;
      row[kReverseShare] = static_cast<float>(reverse / (reverse + yuan));
      row[kShareOfPayerOut] = static_cast<float>(yuan / std::max(yuan, profile.outYuan[u]));
      row[kShareOfPayeeIn] = static_cast<float>(yuan / std::max(yuan, profile.inYuan[v]));
      row[kPayeeForwards] = logRatio(profile.outYuan[v], profile.inYuan[v]);
      row[kPayerFunded] = logRatio(profile.inYuan[u], profile.outYuan[u]);
      row[kPayerPayees] =
          static_cast<float>(std::log1p(net.pairOutOffset[u + 1] - net.pairOutOffset[u]));
      row[kPayerPayers] =
          static_cast<float>(std::log1p(net.pairInOffset[u + 1] - net.pairInOffset[u]));
      row[kPayeePayers] =
          static_cast<float>(std::log1p(net.pairInOffset[v + 1] - net.pairInOffset[v]));
      row[kPayeePayees] =
          static_cast<float>(std::log1p(net.pairOutOffset[v + 1] - net.pairOutOffset[v]));
      row[kPayeeFixedInShare] = fixedIn[v];
      row[kAmountVsPayeeTypical] = logRatio(static_cast<double>(f.medianCents[pi]), typicalIn[v]);
      row[kPayerBuysRecurring] = static_cast<float>(std::log1p(recurringOut[u]));
      row[kPayeeSellsRecurring] = static_cast<float>(std::log1p(recurringIn[v]));
      row[kPayerPerson] = kindValue(profile.kind[u]);
      row[kPayeePerson] = kindValue(profile.kind[v]);
      row[kRelated] = profile.registry ? static_cast<float>(profile.related(u, v)) : kNaN;
      row[kPayeeOverheadIndustry] =
          net.industry[v].empty() ? kNaN : static_cast<float>(profile.overheadIndustry[v]);
    }
  });
  return f;
}

}  // namespace aviary::supplychain
