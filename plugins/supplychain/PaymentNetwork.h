#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "PartyTable.h"

namespace aviary::supplychain {

// What a memo says a payment is for (keywords in Chinese memos).
enum class MemoClass : std::uint8_t {
  Blank,
  Goods,
  Rent,
  Wage,
  Utility,
  Tax,
  Settlement,
  Loan,
  Transfer,
  Refund,
  Service,
  Other
};
constexpr std::size_t kMemoClasses = 12;
MemoClass classifyMemo(std::string_view memo);
// A memo or channel as a key that ignores numbers, punctuation, spacing and ASCII case, so
// "Invoice 2024-113" and "invoice 77" share one; 0 for an empty text.
std::uint32_t textKey(std::string_view text);

enum class PartyKind : std::uint8_t { Unknown, Enterprise, IndividualBusiness, Person };
enum class FirmStatus : std::uint8_t { Active, Revoked, Deregistered };

// The payment multigraph with integer party ids: transactions in time order (columns),
// CSR adjacency out of and into every party, and the aggregation per (payer, payee) pair
// and per pair and month. Built by PaymentNetworkLoader.
struct PaymentNetwork {
  static constexpr std::int32_t kNoDay = std::numeric_limits<std::int32_t>::min();

  // Parties (registry columns are defaults when firms.csv is absent or lacks the party).
  PartyTable parties;
  std::vector<std::string> names;
  std::vector<PartyKind> kind;
  std::vector<std::string> industry;
  std::vector<std::uint32_t> legalPerson;  // PartyTable::kNone when unknown
  std::vector<std::int32_t> establishedDay;
  std::vector<FirmStatus> status;
  std::vector<std::uint8_t> inRegistry;

  // Transactions, sorted by time. Times are China Standard Time seconds since 1970.
  std::vector<std::int64_t> time;
  std::vector<std::uint32_t> payer, payee;
  std::vector<std::int64_t> cents;
  std::vector<MemoClass> memo;
  std::vector<std::uint32_t> memoKey, channelKey;  // textKey() of memo and channel
  std::vector<std::uint32_t> line;                 // line in transactions.csv
  std::string txnIdText;
  std::vector<std::uint64_t> txnIdEnd;  // txn t's id is txnIdText[txnIdEnd[t-1], txnIdEnd[t])

  // CSR over transactions, time-ordered within each party.
  std::vector<std::uint64_t> outOffset, inOffset;
  std::vector<std::uint32_t> outTxn, inTxn;

  struct Pair {
    std::uint32_t payer = 0, payee = 0;
    std::uint32_t txnCount = 0;
    std::uint32_t roundCount = 0;  // amounts in whole hundreds of yuan
    std::int64_t cents = 0;
    std::array<std::uint32_t, kMemoClasses> memoCount{};
    std::uint32_t monthCount = 0;
  };
  struct MonthAmount {
    std::int32_t month = 0;  // months since January 2000
    std::uint32_t count = 0;
    std::int64_t cents = 0;
  };
  // Pairs sorted by (payer, payee); pairOutOffset indexes them per payer, pairIn per payee.
  std::vector<Pair> pairs;
  std::vector<std::uint64_t> pairTxnOffset;  // pair p's transactions, time-ordered
  std::vector<std::uint32_t> pairTxn;
  std::vector<std::uint64_t> pairMonthOffset;
  std::vector<MonthAmount> pairMonths;
  std::vector<std::uint64_t> pairOutOffset, pairInOffset;
  std::vector<std::uint32_t> pairIn;

  struct Holding {
    std::uint32_t holder, firm;
    double share;
  };
  std::vector<Holding> holdings;
  struct Certificate {
    std::uint32_t brand, dealer;
    int tier;
    std::int32_t sinceDay;
  };
  std::vector<Certificate> certificates;

  std::string transactionsPath;

  std::size_t partyCount() const { return parties.size(); }
  std::size_t txnCount() const { return time.size(); }
  std::string_view txnId(std::size_t t) const {
    const std::uint64_t b = t == 0 ? 0 : txnIdEnd[t - 1];
    return std::string_view(txnIdText).substr(b, txnIdEnd[t] - b);
  }
  static std::int32_t monthOf(std::int64_t seconds);
  std::uint32_t findPair(std::uint32_t payerIndex, std::uint32_t payeeIndex) const;

  // Adds a party's registry columns with defaults; used while loading.
  std::uint32_t addParty(std::string_view id);
  std::uint32_t addParty(std::string_view id, bool& added);
  // Sorts transactions by time and builds the CSR and the pair/month aggregation.
  void buildIndexes();
};

}  // namespace aviary::supplychain
