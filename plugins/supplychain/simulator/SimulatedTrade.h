#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace aviary::supplychain {

// What a trade simulator generated, before it is written out: parties, payments with the
// meaning of their memos (not yet their text), the registry and the truth. Simulators fill
// it; SimulatedTradeWriter renders it as a bank's export in a chosen ExportStyle.
struct SimulatedTrade {
  enum class Role : std::uint8_t { Brand, Distributor, Wholesaler, Retailer, Consumer, Other };
  // What a payment is for; the writer chooses the words (or none).
  enum Memo : std::uint8_t {
    kBlank,
    kGoods,
    kStock,
    kPurchase,
    kOrder,
    kOrderComma,
    kRent,
    kRent2,
    kWage,
    kPower,
    kWater,
    kGas,
    kTax,
    kVat,
    kPos,
    kSettle,
    kTransfer,
    kRepay,
    kRedPacket,
    kLoan,
    kCurrent,
    kShopping,
    kFreight,
    kRefund,
    kTransferGoods,
    kMemoKinds
  };
  // Channels by meaning: bank transfer, two phone wallets, card terminal.
  enum Channel : std::uint8_t { kBank, kWalletA, kWalletB, kCard };
  struct Party {
    bool person = false;
    std::string kind;  // enterprise, individual_business, person
    Role role = Role::Other;
    std::string name;
    std::string industry;  // a GB/T 4754 class code; the writer may name it instead
    std::int64_t establishedDay = 0;
    std::string status = "active";
    double capital = 0;
    int legalPerson = -1;
    bool inRegistry = true;
    int category = 0;
    std::string id;
    std::string address;
  };
  struct Txn {
    std::int64_t time;
    std::uint32_t payer, payee;
    std::int64_t cents;
    std::uint8_t channel, memo;
    std::uint32_t memoNumber;
  };
  struct Holding {
    int holder, firm;
    double share;
  };
  struct Certificate {
    int brand, dealer, tier;
    std::int64_t sinceDay;
  };

  std::uint64_t seed = 0;
  std::string asOf;  // YYYY-MM-DD, the day after the simulated period
  std::vector<Party> parties;
  std::vector<Txn> txns;  // sorted by time
  std::vector<Holding> holdings;
  std::vector<Certificate> certificates;
  std::set<std::pair<int, int>> supplies;  // (supplier, buyer)
  std::vector<std::vector<int>> rings;
  std::vector<int> shells;
  std::vector<std::vector<int>> fanIns, fanOuts;  // collector (or source) first
};

}  // namespace aviary::supplychain
