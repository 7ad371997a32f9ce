#include "PaymentNetwork.h"

#include <algorithm>
#include <exception>
#include <numeric>
#include <thread>

#include "CalendarDate.h"
#include "HugePages.h"
#include "TwoCores.h"

namespace aviary::supplychain {

namespace {

// English memo words, whole words in lower case; Chinese keywords are matched as substrings.
MemoClass classifyEnglishWord(std::string_view w) {
  static const std::pair<const char*, MemoClass> words[] = {
      {"refund", MemoClass::Refund},     {"return", MemoClass::Refund},
      {"returned", MemoClass::Refund},   {"goods", MemoClass::Goods},
      {"invoice", MemoClass::Goods},     {"inv", MemoClass::Goods},
      {"purchase", MemoClass::Goods},    {"order", MemoClass::Goods},
      {"po", MemoClass::Goods},          {"stock", MemoClass::Goods},
      {"restock", MemoClass::Goods},     {"merchandise", MemoClass::Goods},
      {"wholesale", MemoClass::Goods},   {"supplies", MemoClass::Goods},
      {"tax", MemoClass::Tax},           {"vat", MemoClass::Tax},
      {"salary", MemoClass::Wage},       {"wage", MemoClass::Wage},
      {"wages", MemoClass::Wage},        {"payroll", MemoClass::Wage},
      {"bonus", MemoClass::Wage},        {"rent", MemoClass::Rent},
      {"lease", MemoClass::Rent},        {"electricity", MemoClass::Utility},
      {"power", MemoClass::Utility},     {"water", MemoClass::Utility},
      {"gas", MemoClass::Utility},       {"utility", MemoClass::Utility},
      {"utilities", MemoClass::Utility}, {"settlement", MemoClass::Settlement},
      {"pos", MemoClass::Settlement},    {"loan", MemoClass::Loan},
      {"repayment", MemoClass::Loan},    {"repay", MemoClass::Loan},
      {"interest", MemoClass::Loan},     {"intercompany", MemoClass::Loan},
      {"freight", MemoClass::Service},   {"shipping", MemoClass::Service},
      {"delivery", MemoClass::Service},  {"logistics", MemoClass::Service},
      {"repair", MemoClass::Service},    {"consulting", MemoClass::Service},
      {"transfer", MemoClass::Transfer}, {"trf", MemoClass::Transfer},
      {"gift", MemoClass::Transfer}};
  for (const auto& [word, c] : words)
    if (w == word) return c;
  return MemoClass::Other;
}

}  // namespace

MemoClass classifyMemo(std::string_view memo) {
  if (memo.empty()) return MemoClass::Blank;
  auto has = [&](std::string_view word) { return memo.find(word) != std::string_view::npos; };
  // Refunds and goods first: "含税货款" is a payment for goods, "退货款" a refund.
  if (has("退")) return MemoClass::Refund;
  if (has("货") || has("采购") || has("订单") || has("批发")) return MemoClass::Goods;
  if (has("税")) return MemoClass::Tax;
  if (has("工资") || has("薪") || has("奖金") || has("社保")) return MemoClass::Wage;
  if (has("租")) return MemoClass::Rent;
  if (has("电费") || has("水费") || has("燃气") || has("物业费")) return MemoClass::Utility;
  if (has("结算") || has("清算") || has("POS") || has("pos")) return MemoClass::Settlement;
  if (has("借") || has("往来") || has("还款") || has("贷")) return MemoClass::Loan;
  if (has("运费") || has("物流") || has("快递") || has("广告") || has("服务费") || has("维修"))
    return MemoClass::Service;
  if (has("转账") || has("红包") || has("生活费")) return MemoClass::Transfer;
  // English words: the class that comes first in the order above decides.
  auto rank = [](MemoClass k) {
    static constexpr MemoClass order[] = {
        MemoClass::Refund,  MemoClass::Goods,   MemoClass::Tax,        MemoClass::Wage,
        MemoClass::Rent,    MemoClass::Utility, MemoClass::Settlement, MemoClass::Loan,
        MemoClass::Service, MemoClass::Transfer};
    for (std::size_t i = 0; i < std::size(order); ++i)
      if (order[i] == k) return i;
    return std::size(order);
  };
  MemoClass best = MemoClass::Other;
  char word[24];
  std::size_t len = 0;
  for (std::size_t i = 0; i <= memo.size(); ++i) {
    const char c = i < memo.size() ? memo[i] : ' ';
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      if (len < sizeof word) word[len] = static_cast<char>(c | 0x20);
      ++len;
      continue;
    }
    if (len > 0 && len <= sizeof word) {
      const MemoClass k = classifyEnglishWord(std::string_view(word, len));
      if (rank(k) < rank(best)) best = k;
    }
    len = 0;
  }
  return best;
}

std::uint32_t textKey(std::string_view text) {
  std::uint32_t h = 2166136261u;  // FNV-1a over letters and non-ASCII bytes
  bool any = false;
  for (unsigned char c : text) {
    if (c < 0x80) {
      if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c | 0x20);
      if (c < 'a' || c > 'z') continue;
    }
    h = (h ^ c) * 16777619u;
    any = true;
  }
  return any ? (h | 1u) : 0u;
}

std::int32_t PaymentNetwork::monthOf(std::int64_t seconds) {
  const std::int64_t day = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  // Months since January 2000, the aggregation key of monthly series.
  const CalendarDate date = CalendarDate::fromDaysSinceEpoch(day);
  return (date.year() - 2000) * 12 + date.month() - 1;
}

std::uint32_t PaymentNetwork::addParty(std::string_view id) {
  bool added = false;
  return addParty(id, added);
}

std::uint32_t PaymentNetwork::addParty(std::string_view id, bool& added) {
  const std::uint32_t index = parties.intern(id, added);
  if (added) {
    names.emplace_back();
    kind.push_back(PartyKind::Unknown);
    industry.emplace_back();
    legalPerson.push_back(PartyTable::kNone);
    establishedDay.push_back(kNoDay);
    status.push_back(FirmStatus::Active);
    inRegistry.push_back(0);
  }
  return index;
}

std::uint32_t PaymentNetwork::findPair(std::uint32_t a, std::uint32_t b) const {
  const auto first = pairs.begin() + static_cast<std::ptrdiff_t>(pairOutOffset[a]);
  const auto last = pairs.begin() + static_cast<std::ptrdiff_t>(pairOutOffset[a + 1]);
  const auto it =
      std::lower_bound(first, last, b, [](const Pair& p, std::uint32_t v) { return p.payee < v; });
  return it != last && it->payee == b ? static_cast<std::uint32_t>(it - pairs.begin())
                                      : PartyTable::kNone;
}

namespace {
template <class T>
void permute(std::vector<T>& v, const std::vector<std::uint32_t>& order) {
  std::vector<T> out(v.size());
  for (std::size_t i = 0; i < order.size(); ++i) out[i] = v[order[i]];
  v.swap(out);
}

// Counting sort of transactions by a party column; stable, so time order is kept.
void buildCsr(const std::vector<std::uint32_t>& party, std::size_t n,
              std::vector<std::uint64_t>& offset, std::vector<std::uint32_t>& items) {
  offset.assign(n + 1, 0);
  for (std::uint32_t p : party) ++offset[p + 1];
  std::partial_sum(offset.begin(), offset.end(), offset.begin());
  reserveOnHugePages(items, party.size());
  items.resize(party.size());
  std::vector<std::uint64_t> cursor(offset.begin(), offset.end() - 1);
  for (std::uint32_t t = 0; t < party.size(); ++t) items[cursor[party[t]]++] = t;
}

}  // namespace

void PaymentNetwork::buildIndexes() {
  const std::size_t m = time.size();
  const std::size_t n = parties.size();
  if (!std::is_sorted(time.begin(), time.end())) {
    std::vector<std::uint32_t> order(m);
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return time[a] < time[b]; });
    std::string ids;
    ids.reserve(txnIdText.size());
    std::vector<std::uint64_t> ends(m);
    for (std::size_t i = 0; i < m; ++i) {
      ids += txnId(order[i]);
      ends[i] = ids.size();
    }
    txnIdText.swap(ids);
    txnIdEnd.swap(ends);
    permute(time, order);
    permute(payer, order);
    permute(payee, order);
    permute(cents, order);
    permute(memo, order);
    permute(memoKey, order);
    permute(channelKey, order);
    permute(line, order);
  }
  // Two independent halves of the work at a time, on two cores where there are.
  inParallel([&] { buildCsr(payer, n, outOffset, outTxn); },
             [&] { buildCsr(payee, n, inOffset, inTxn); });

  // Pairs: transactions ordered by (payer, payee, time) with two stable counting sorts over
  // the time-ordered transactions, by payee (that is inTxn) then by payer: linear, no
  // comparisons. That order is pairTxn itself.
  std::vector<std::uint32_t> byPair;
  reserveOnHugePages(byPair, m);
  byPair.resize(m);
  // 16 bytes per transaction for the gather below: one cache line holds four records,
  // where gathering from the columns would touch one line per column.
  struct Record {
    std::int64_t cents;
    std::uint32_t payee;
    std::int32_t monthAndMemo;  // month * 16 + memo class
  };
  static_assert(kMemoClasses <= 16);
  std::vector<Record> records;
  reserveOnHugePages(records, m);
  records.resize(m);
  inParallel(
      [&] {
        std::vector<std::uint64_t> cursor(outOffset.begin(), outOffset.end() - 1);
        for (std::uint32_t t : inTxn) byPair[cursor[payer[t]]++] = t;
      },
      [&] {
        // Times are sorted, so the month changes rarely: computed once per day seen.
        std::int64_t lastDay = std::numeric_limits<std::int64_t>::min();
        std::int32_t month = 0;
        for (std::size_t t = 0; t < m; ++t) {
          const std::int64_t s = time[t];
          const std::int64_t day = s >= 0 ? s / 86400 : (s - 86399) / 86400;
          if (day != lastDay) {
            month = monthOf(s);
            lastDay = day;
          }
          records[t] = {cents[t], payee[t], month * 16 + static_cast<std::int32_t>(memo[t])};
        }
      });

  // The aggregation in two ranges of payers with about half the transactions each.
  struct PairRange {
    std::vector<Pair> pairs;
    std::vector<std::uint64_t> txnEnd, monthEnd;
    std::vector<MonthAmount> months;
  };
  pairOutOffset.assign(n + 1, 0);
  auto aggregate = [&](std::uint32_t firstPayer, std::uint32_t lastPayer, PairRange& out) {
    constexpr std::size_t kAhead = 16;  // records are read kAhead transactions after a prefetch
    for (std::uint32_t a = firstPayer; a < lastPayer; ++a) {
      const std::uint64_t end = outOffset[a + 1];
      for (std::uint64_t i = outOffset[a]; i < end;) {
        Pair p;
        p.payer = a;
        p.payee = records[byPair[i]].payee;
        const std::size_t monthsBefore = out.months.size();
        std::int32_t lastMonth = std::numeric_limits<std::int32_t>::min();
        for (; i < end && records[byPair[i]].payee == p.payee; ++i) {
          if (i + kAhead < m) __builtin_prefetch(&records[byPair[i + kAhead]]);
          const Record& r = records[byPair[i]];
          ++p.txnCount;
          p.cents += r.cents;
          p.roundCount += r.cents % 10000 == 0;
          const std::int32_t mo = r.monthAndMemo >> 4;  // arithmetic shift: floor division
          ++p.memoCount[static_cast<std::size_t>(r.monthAndMemo & 15)];
          if (mo != lastMonth) {
            out.months.push_back({mo, 0, 0});
            lastMonth = mo;
          }
          ++out.months.back().count;
          out.months.back().cents += r.cents;
        }
        p.monthCount = static_cast<std::uint32_t>(out.months.size() - monthsBefore);
        out.pairs.push_back(p);
        out.txnEnd.push_back(i);
        out.monthEnd.push_back(out.months.size());
      }
      pairOutOffset[a + 1] = out.pairs.size();
    }
  };
  const auto split = static_cast<std::uint32_t>(
      std::upper_bound(outOffset.begin(), outOffset.end(), m / 2) - outOffset.begin() - 1);
  PairRange low, high;
  inParallel([&] { aggregate(0, std::min<std::uint32_t>(split, n), low); },
             [&] { aggregate(std::min<std::uint32_t>(split, n), n, high); });
  for (std::uint32_t a = std::min<std::uint32_t>(split, n); a < n; ++a)
    pairOutOffset[a + 1] += low.pairs.size();
  pairs = std::move(low.pairs);
  pairs.insert(pairs.end(), high.pairs.begin(), high.pairs.end());
  pairTxn = std::move(byPair);
  pairTxnOffset.assign(1, 0);
  pairTxnOffset.insert(pairTxnOffset.end(), low.txnEnd.begin(), low.txnEnd.end());
  pairTxnOffset.insert(pairTxnOffset.end(), high.txnEnd.begin(), high.txnEnd.end());
  pairMonthOffset.assign(1, 0);
  pairMonthOffset.insert(pairMonthOffset.end(), low.monthEnd.begin(), low.monthEnd.end());
  for (std::uint64_t e : high.monthEnd) pairMonthOffset.push_back(e + low.months.size());
  pairMonths = std::move(low.months);
  pairMonths.insert(pairMonths.end(), high.months.begin(), high.months.end());
  std::vector<std::uint32_t> pairPayee(pairs.size());
  for (std::size_t i = 0; i < pairs.size(); ++i) pairPayee[i] = pairs[i].payee;
  buildCsr(pairPayee, n, pairInOffset, pairIn);
}

}  // namespace aviary::supplychain
