#include "SupplyChainAnalyzer.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <map>
#include <numeric>
#include <set>
#include <thread>
#include <unordered_map>

#include "Calendar.h"
#include "CircularTradeDetector.h"
#include "ShellDetector.h"
#include "TrustRank.h"

namespace aviary::supplychain {

const char* toString(PartyRole role) {
  switch (role) {
    case PartyRole::Brand:
      return "brand";
    case PartyRole::Distributor:
      return "distributor";
    case PartyRole::Wholesaler:
      return "wholesaler";
    case PartyRole::Retailer:
      return "retailer";
    case PartyRole::Consumer:
      return "consumer";
    case PartyRole::Other:
      return "other";
  }
  return "other";
}

namespace {

using Analysis = SupplyChainAnalysis;

char sectorOf(const PaymentNetwork& net, std::uint32_t p) {
  return net.industry[p].empty() ? '\0' : net.industry[p][0];
}
// Sections of GB/T 4754 whose firms sell goods: farming, mining, manufacturing, trade.
bool goodsSector(char s) {
  return s == 'A' || s == 'B' || s == 'C' || s == 'F';
}
// Utilities, finance, real estate and government never sell stock to a dealer.
bool neverSupplier(char s) {
  return s == 'D' || s == 'J' || s == 'K' || s == 'S';
}

bool looksLikeFirmName(const std::string& name) {
  static const char* marks[] = {"公司",   "厂",   "店", "商行", "部", "超市",
                                "合作社", "中心", "局", "银行", "所"};
  for (const char* m : marks)
    if (name.find(m) != std::string::npos) return true;
  return false;
}

std::size_t memoCount(const PaymentNetwork::Pair& p, MemoClass c) {
  return p.memoCount[static_cast<std::size_t>(c)];
}
std::size_t noiseMemos(const PaymentNetwork::Pair& p) {
  return memoCount(p, MemoClass::Rent) + memoCount(p, MemoClass::Wage) +
         memoCount(p, MemoClass::Utility) + memoCount(p, MemoClass::Tax) +
         memoCount(p, MemoClass::Settlement) + memoCount(p, MemoClass::Loan) +
         memoCount(p, MemoClass::Transfer) + memoCount(p, MemoClass::Refund) +
         memoCount(p, MemoClass::Service);
}

std::string percent(double x) {
  return std::to_string(static_cast<int>(std::lround(x * 100))) + "%";
}

}  // namespace

SupplyChainAnalysis SupplyChainAnalyzer::analyze(std::shared_ptr<const PaymentNetwork> network,
                                                 const Options& options) {
  const PaymentNetwork& net = *network;
  Analysis out;
  out.network = network;
  const std::size_t n = net.partyCount();
  const std::size_t m = net.txnCount();
  out.asOfDay = options.asOfDay;
  if (out.asOfDay == 0)
    out.asOfDay = m ? static_cast<std::int32_t>(net.time.back() / 86400 + 1) : 0;
  {
    const CivilDate d = civilFromDays(out.asOfDay);
    out.asOfMonth = monthIndex(d.year, d.month);
  }
  out.entities.resize(n);

  // Who is a firm: the registry's kind, else the name.
  out.isFirm.assign(n, 1);
  for (std::uint32_t p = 0; p < n; ++p) {
    if (net.kind[p] == PartyKind::Person)
      out.isFirm[p] = 0;
    else if (net.kind[p] == PartyKind::Unknown)
      out.isFirm[p] = looksLikeFirmName(net.names[p]);
  }
  const auto& isFirm = out.isFirm;

  // Control links: legal persons and holders of 30% or more.
  std::vector<std::vector<std::uint32_t>> controllers(n), controlled(n);
  for (std::uint32_t f = 0; f < n; ++f)
    if (net.legalPerson[f] != PartyTable::kNone) {
      controllers[f].push_back(net.legalPerson[f]);
      controlled[net.legalPerson[f]].push_back(f);
    }
  for (const auto& h : net.holdings)
    if (h.share >= 0.3) {
      controllers[h.firm].push_back(h.holder);
      controlled[h.holder].push_back(h.firm);
    }
  for (auto& v : controllers) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
  }
  for (auto& v : controlled) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
  }
  auto related = [&](std::uint32_t a, std::uint32_t b) {
    if (std::binary_search(controllers[a].begin(), controllers[a].end(), b) ||
        std::binary_search(controllers[b].begin(), controllers[b].end(), a))
      return true;
    for (std::uint32_t c : controllers[a])
      if (std::binary_search(controllers[b].begin(), controllers[b].end(), c)) return true;
    return false;
  };

  // Overheads: rent, wages, utilities, tax by memo, or paid to people, utilities, landlords, tax.
  // Each party's sector as one byte, so the pass over the transactions reads a small array.
  std::vector<char> sector(n);
  for (std::uint32_t p = 0; p < n; ++p) sector[p] = sectorOf(net, p);
  std::vector<std::uint8_t> overhead(m, 0);
  for (std::size_t t = 0; t < m; ++t) {
    const MemoClass c = net.memo[t];
    const char s = sector[net.payee[t]];
    overhead[t] = c == MemoClass::Rent || c == MemoClass::Wage || c == MemoClass::Utility ||
                  c == MemoClass::Tax || !isFirm[net.payee[t]] || s == 'D' || s == 'K' || s == 'S';
  }

  // Risks first: ring and shell payments are not trade. The two searches are independent:
  // shells are looked for on a second core while rings are.
  ShellDetector::Options shellOptions;
  shellOptions.asOfDay = out.asOfDay;
  std::vector<ShellDetector::Shell> shells;
  std::exception_ptr shellError;
  std::thread shellSearch([&] {
    try {
      shells = ShellDetector::detect(net, isFirm, overhead, shellOptions);
    } catch (...) {
      shellError = std::current_exception();
    }
  });
  std::vector<CircularTradeDetector::Ring> rings;
  try {
    rings = CircularTradeDetector::detect(net, isFirm, {});
  } catch (...) {
    shellSearch.join();
    throw;
  }
  shellSearch.join();
  if (shellError) std::rethrow_exception(shellError);
  // Ring payments per pair, counted from the few ring payments rather than over all pairs.
  std::vector<std::uint32_t> ringTxns;
  for (const auto& r : rings) ringTxns.insert(ringTxns.end(), r.txns.begin(), r.txns.end());
  std::sort(ringTxns.begin(), ringTxns.end());
  ringTxns.erase(std::unique(ringTxns.begin(), ringTxns.end()), ringTxns.end());
  std::unordered_map<std::uint32_t, std::uint32_t> ringTxnsOfPair;
  for (std::uint32_t t : ringTxns) ++ringTxnsOfPair[net.findPair(net.payer[t], net.payee[t])];
  for (const auto& r : rings) {
    out.rings.push_back({r.members, r.txns, r.cents, r.rounds});
    Analysis::Flag flag{"circular_trade", r.members, {}, ""};
    flag.txns.assign(
        r.txns.begin(),
        r.txns.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(r.txns.size(), 60)));
    flag.detail = std::to_string(r.rounds) + " rounds of near-equal payments around " +
                  std::to_string(r.members.size()) + " firms within 14 days";
    out.flags.push_back(std::move(flag));
    for (std::uint32_t v : r.members)
      out.entities[v].flags.push_back(static_cast<std::uint32_t>(out.flags.size() - 1));
  }
  std::vector<std::uint8_t> isShell(n, 0);
  for (const auto& s : shells) {
    isShell[s.party] = 1;
    std::vector<std::uint32_t> members = {s.party};
    members.insert(members.end(), s.counterparties.begin(), s.counterparties.end());
    char buf[160];
    std::snprintf(buf, sizeof buf,
                  "young firm forwards %.0f%% of what it pays out within hours (median %.1f h) "
                  "and pays no rent, wages, utilities or tax",
                  s.forwardedShare * 100, s.medianLagHours);
    out.flags.push_back({"shell_suspect", members, s.txns, buf});
    out.entities[s.party].flags.push_back(static_cast<std::uint32_t>(out.flags.size() - 1));
  }

  // Certified (brand, dealer) pairs seed both relations and trust.
  std::set<std::pair<std::uint32_t, std::uint32_t>> certifiedPairs;
  std::vector<std::uint8_t> certifiedBrand(n, 0), certified(n, 0);
  for (const auto& c : net.certificates) {
    certifiedPairs.insert({c.dealer, c.brand});
    certifiedBrand[c.brand] = 1;
    certified[c.dealer] = 1;
  }

  // Supplies: the payee supplies the payer.
  out.suppliesOut.assign(n, {});
  out.suppliesIn.assign(n, {});
  for (std::uint32_t pi = 0; pi < net.pairs.size(); ++pi) {
    const auto& p = net.pairs[pi];
    const std::uint32_t buyer = p.payer, supplier = p.payee;
    if (!isFirm[buyer] || !isFirm[supplier] || isShell[buyer] || isShell[supplier]) continue;
    const auto ringCount = ringTxnsOfPair.find(pi);
    if (ringCount != ringTxnsOfPair.end() && ringCount->second * 2 >= p.txnCount) continue;
    const char sb = sector[buyer], ss = sector[supplier];
    if (neverSupplier(ss) || neverSupplier(sb)) continue;
    const double count = p.txnCount;
    const double goods = static_cast<double>(memoCount(p, MemoClass::Goods)) / count;
    const double noise = static_cast<double>(noiseMemos(p)) / count;
    const double round = static_cast<double>(p.roundCount) / count;
    if (noise >= 0.5) continue;
    if (goods < 0.5 && related(buyer, supplier)) continue;  // money moved inside a group
    // Refunds run against the flow of goods: a much larger flow the other way wins.
    const std::uint32_t reverse = net.findPair(supplier, buyer);
    if (reverse != PartyTable::kNone && net.pairs[reverse].cents > 3 * p.cents) continue;
    const bool seed = certifiedPairs.count({buyer, supplier}) > 0;
    const double supplierSector = !ss ? 0.0 : goodsSector(ss) ? 1.2 : -2.0;
    const double buyerSector = !sb ? 0.0 : goodsSector(sb) ? 0.5 : -1.0;
    const double z = -1.0 + 3.0 * goods + std::min(1.0, p.monthCount / 4.0) + supplierSector +
                     buyerSector - 2.5 * round * (1 - goods) - 2.0 * noise + (seed ? 2.0 : 0.0);
    const double confidence = 1.0 / (1.0 + std::exp(-z));
    if (z <= 0.2) continue;
    Analysis::Relation r;
    r.from = supplier;
    r.to = buyer;
    r.type = Analysis::RelationType::Supplies;
    r.confidence = std::round(confidence * 1000) / 1000;
    r.txnCount = p.txnCount;
    r.cents = p.cents;
    r.basis = "memos name goods in " + percent(goods) + ", paid in " +
              std::to_string(p.monthCount) + " month(s)" +
              (ss ? std::string(", supplier industry ") + net.industry[supplier] : "") +
              (seed ? ", brand certificate" : "");
    out.suppliesOut[supplier].push_back(static_cast<std::uint32_t>(out.relations.size()));
    out.suppliesIn[buyer].push_back(static_cast<std::uint32_t>(out.relations.size()));
    out.relations.push_back(std::move(r));
  }

  // Controls and same_person from holdings and legal persons.
  {
    std::set<std::pair<std::uint32_t, std::uint32_t>> seen;
    for (const auto& h : net.holdings)
      if (h.share >= 0.5 && seen.insert({h.holder, h.firm}).second)
        out.relations.push_back({h.holder, h.firm, Analysis::RelationType::Controls, 1.0, 0, 0,
                                 "holds " + percent(h.share)});
    for (std::uint32_t f = 0; f < n; ++f) {
      const std::uint32_t lp = net.legalPerson[f];
      if (lp == PartyTable::kNone) continue;
      if (seen.insert({lp, f}).second)
        out.relations.push_back(
            {lp, f, Analysis::RelationType::Controls, 1.0, 0, 0, "legal person"});
      if (net.kind[f] == PartyKind::IndividualBusiness)
        out.relations.push_back({lp, f, Analysis::RelationType::SamePerson, 1.0, 0, 0,
                                 "owner of an individual business"});
    }
    for (std::uint32_t person = 0; person < n; ++person) {
      std::vector<std::uint32_t> firms;
      for (std::uint32_t f : controlled[person])
        if (net.legalPerson[f] == person) firms.push_back(f);
      for (std::size_t i = 1; i < firms.size() && i < 20; ++i)
        out.relations.push_back({firms[0], firms[i], Analysis::RelationType::SamePerson, 1.0, 0, 0,
                                 "same legal person " + net.parties.id(person)});
    }
  }

  // Roles and tiers.
  auto& E = out.entities;
  std::vector<std::uint8_t> hasSupplier(n, 0), hasBuyer(n, 0);
  for (std::uint32_t v = 0; v < n; ++v) {
    hasSupplier[v] = !out.suppliesIn[v].empty();
    hasBuyer[v] = !out.suppliesOut[v].empty();
  }
  // A brand buys only from sources (raw-material suppliers) and sells to firms that are not
  // like that themselves; a certificate issuer is a brand.
  std::vector<std::uint8_t> onlySources(n, 0), isBrand(n, 0);
  for (std::uint32_t v = 0; v < n; ++v) {
    if (!isFirm[v] || !hasBuyer[v]) continue;
    bool ok = true;
    for (std::uint32_t r : out.suppliesIn[v]) ok = ok && !hasSupplier[out.relations[r].from];
    onlySources[v] = ok;
  }
  for (std::uint32_t v = 0; v < n; ++v) {
    if (certifiedBrand[v]) {
      isBrand[v] = 1;
      continue;
    }
    if (!onlySources[v]) continue;
    bool sellsOnward = false;
    for (std::uint32_t r : out.suppliesOut[v]) {
      const std::uint32_t b = out.relations[r].to;
      sellsOnward = sellsOnward || (!onlySources[b] && hasBuyer[b]) || certified[b];
    }
    isBrand[v] = sellsOnward;
  }
  std::vector<std::uint32_t> order;
  for (std::uint32_t v = 0; v < n; ++v)
    if (isBrand[v]) {
      E[v].tier = 0;
      order.push_back(v);
    }
  for (std::size_t h = 0; h < order.size(); ++h)
    for (std::uint32_t r : out.suppliesOut[order[h]]) {
      const std::uint32_t b = out.relations[r].to;
      if (E[b].tier < 0) {
        E[b].tier = E[order[h]].tier + 1;
        order.push_back(b);
      }
    }
  for (std::uint32_t v : order) {
    if (isBrand[v]) {
      E[v].brands = {v};
      continue;
    }
    for (std::uint32_t r : out.suppliesIn[v]) {
      const std::uint32_t s = out.relations[r].from;
      if (E[s].tier >= 0 && E[s].tier < E[v].tier)
        E[v].brands.insert(E[v].brands.end(), E[s].brands.begin(), E[s].brands.end());
    }
    std::sort(E[v].brands.begin(), E[v].brands.end());
    E[v].brands.erase(std::unique(E[v].brands.begin(), E[v].brands.end()), E[v].brands.end());
  }
  for (std::uint32_t v : order) {  // suppliers on the same tier add their brands too
    if (isBrand[v]) continue;
    for (std::uint32_t r : out.suppliesIn[v]) {
      const std::uint32_t s = out.relations[r].from;
      if (E[s].tier >= E[v].tier)
        E[v].brands.insert(E[v].brands.end(), E[s].brands.begin(), E[s].brands.end());
    }
    std::sort(E[v].brands.begin(), E[v].brands.end());
    E[v].brands.erase(std::unique(E[v].brands.begin(), E[v].brands.end()), E[v].brands.end());
  }
  for (std::uint32_t v = 0; v < n; ++v) {
    if (!isFirm[v]) continue;
    if (isBrand[v])
      E[v].role = PartyRole::Brand;
    else if (E[v].tier == 1)
      E[v].role = PartyRole::Distributor;
    else if (E[v].tier >= 2) {
      // A wholesaler sells mostly to firms; a store mostly to people (directly or by card).
      double toFirms = 0, toPeople = 0;
      for (std::uint32_t r : out.suppliesOut[v])
        toFirms += static_cast<double>(out.relations[r].cents);
      for (std::uint64_t k = net.pairInOffset[v]; k < net.pairInOffset[v + 1]; ++k) {
        const auto& p = net.pairs[net.pairIn[k]];
        if (!isFirm[p.payer] || sectorOf(net, p.payer) == 'J' ||
            p.memoCount[static_cast<std::size_t>(MemoClass::Settlement)] * 2 > p.txnCount)
          toPeople += static_cast<double>(p.cents);
      }
      E[v].role = hasBuyer[v] && toFirms >= 0.3 * (toFirms + toPeople) ? PartyRole::Wholesaler
                                                                       : PartyRole::Retailer;
    }
  }
  // People who buy from dealers (not their own business) are consumers.
  for (std::uint32_t v = 0; v < n; ++v) {
    if (isFirm[v]) continue;
    for (std::uint64_t k = net.pairOutOffset[v];
         k < net.pairOutOffset[v + 1] && E[v].role != PartyRole::Consumer; ++k) {
      const auto& p = net.pairs[k];
      const PartyRole r = E[p.payee].role;
      if (r != PartyRole::Retailer && r != PartyRole::Wholesaler && r != PartyRole::Distributor)
        continue;
      if (net.legalPerson[p.payee] == v || related(v, p.payee)) continue;
      if (noiseMemos(p) * 2 >= p.txnCount) continue;
      E[v].role = PartyRole::Consumer;
    }
  }

  // Each party's own trade.
  const std::int32_t firstMonth = out.asOfMonth - 12;
  std::vector<std::int32_t> months;
  for (std::uint32_t v = 0; v < n; ++v) {
    Analysis::Entity& e = E[v];
    e.certified = certified[v];
    e.supplierCount = static_cast<std::uint32_t>(out.suppliesIn[v].size());
    e.buyerCount = static_cast<std::uint32_t>(out.suppliesOut[v].size());
    std::vector<std::pair<double, std::uint32_t>> bySupplier;
    double allTime = 0;
    for (std::uint32_t r : out.suppliesIn[v]) {
      const std::uint32_t s = out.relations[r].from;
      const std::uint32_t pi = net.findPair(v, s);
      double recent = 0;
      for (std::uint64_t k = net.pairMonthOffset[pi]; k < net.pairMonthOffset[pi + 1]; ++k) {
        const auto& mo = net.pairMonths[k];
        if (mo.month >= firstMonth && mo.month < out.asOfMonth) {
          e.monthlyPurchases[static_cast<std::size_t>(mo.month - firstMonth)] += mo.cents / 100.0;
          recent += mo.cents / 100.0;
        }
      }
      allTime += out.relations[r].cents / 100.0;
      bySupplier.push_back({recent, s});
    }
    std::sort(bySupplier.rbegin(), bySupplier.rend());
    for (const auto& [amount, s] : bySupplier) e.upstream.push_back(s);
    double total = 0;
    for (double x : e.monthlyPurchases) total += x;
    if (total > 0) {
      double hhi = 0;
      for (const auto& [amount, s] : bySupplier) hhi += (amount / total) * (amount / total);
      e.supplierConcentration = hhi;
    } else if (allTime > 0) {
      double hhi = 0;
      for (std::uint32_t r : out.suppliesIn[v]) {
        const double x = out.relations[r].cents / 100.0 / allTime;
        hhi += x * x;
      }
      e.supplierConcentration = hhi;
    }
    const double mean = total / 12.0;
    e.monthlyPurchase = std::round(mean * 100) / 100;
    if (mean > 0) {
      double var = 0, sxy = 0;
      for (std::size_t i = 0; i < 12; ++i) {
        var += (e.monthlyPurchases[i] - mean) * (e.monthlyPurchases[i] - mean);
        sxy += (static_cast<double>(i) - 5.5) * (e.monthlyPurchases[i] - mean);
      }
      const double cv = std::sqrt(var / 12.0) / mean;
      e.purchaseStability = std::round(std::clamp(1.0 - cv, 0.0, 1.0) * 1000) / 1000;
      e.purchaseTrend =
          std::round(sxy / 143.0 / mean * 10000) / 10000;  // share of the mean per month
    }
    months.clear();
    for (std::uint64_t k = net.pairOutOffset[v]; k < net.pairOutOffset[v + 1]; ++k)
      for (std::uint64_t j = net.pairMonthOffset[k]; j < net.pairMonthOffset[k + 1]; ++j)
        months.push_back(net.pairMonths[j].month);
    for (std::uint64_t k = net.pairInOffset[v]; k < net.pairInOffset[v + 1]; ++k) {
      const std::uint32_t pi = net.pairIn[k];
      for (std::uint64_t j = net.pairMonthOffset[pi]; j < net.pairMonthOffset[pi + 1]; ++j)
        months.push_back(net.pairMonths[j].month);
    }
    std::sort(months.begin(), months.end());
    months.erase(std::unique(months.begin(), months.end()), months.end());
    e.monthsActive = static_cast<int>(std::count_if(
        months.begin(), months.end(), [&](std::int32_t mo) { return mo < out.asOfMonth; }));
  }
  // Downstream reach: firms reachable along supplies.
  {
    std::vector<std::uint32_t> stamp(n, 0), queue;
    std::uint32_t round = 0;
    for (std::uint32_t v = 0; v < n; ++v) {
      if (out.suppliesOut[v].empty()) continue;
      ++round;
      queue.assign(1, v);
      stamp[v] = round;
      for (std::size_t h = 0; h < queue.size(); ++h)
        for (std::uint32_t r : out.suppliesOut[queue[h]]) {
          const std::uint32_t b = out.relations[r].to;
          if (stamp[b] != round) {
            stamp[b] = round;
            queue.push_back(b);
          }
        }
      E[v].downstreamCount = static_cast<std::uint32_t>(queue.size() - 1);
    }
  }

  // Network standing: TrustRank over trade relations (both ways) from certified dealers.
  {
    std::vector<std::uint32_t> from, to;
    std::vector<float> weight;
    for (const auto& r : out.relations) {
      if (r.type != Analysis::RelationType::Supplies) continue;
      const float w = static_cast<float>(std::log1p(r.cents / 100.0 / 1000.0));
      from.push_back(r.from);
      to.push_back(r.to);
      weight.push_back(w);
      from.push_back(r.to);
      to.push_back(r.from);
      weight.push_back(w);
    }
    const auto graph = TrustRank::fromEdges(n, from, to, weight);
    std::vector<double> teleport(n, 0.0);
    double seeds = 0;
    for (std::uint32_t v = 0; v < n; ++v)
      if (certified[v] || certifiedBrand[v]) seeds += teleport[v] = 1.0;
    if (seeds == 0)
      for (std::uint32_t v = 0; v < n; ++v)
        if (isBrand[v]) seeds += teleport[v] = 1.0;
    if (seeds > 0) {
      for (double& x : teleport) x /= seeds;
      const auto result = TrustRank::run(graph, teleport, 0.85, 100, 1e-10);
      out.trustRankIterations = result.iterations;
      std::vector<double> dealerRanks;
      for (std::uint32_t v = 0; v < n; ++v) {
        E[v].trustRank = result.rank[v];
        const PartyRole r = E[v].role;
        if (r == PartyRole::Distributor || r == PartyRole::Wholesaler || r == PartyRole::Retailer)
          dealerRanks.push_back(result.rank[v]);
      }
      std::sort(dealerRanks.begin(), dealerRanks.end());
      for (std::uint32_t v = 0; v < n; ++v) {
        if (dealerRanks.empty() || result.rank[v] <= 0) continue;
        const auto below =
            std::lower_bound(dealerRanks.begin(), dealerRanks.end(), result.rank[v]) -
            dealerRanks.begin();
        E[v].standing = std::round(static_cast<double>(below) /
                                   static_cast<double>(dealerRanks.size()) * 1000) /
                        1000;
        // What it rests on: the neighbours that sent it the most rank, and its own seed.
        std::vector<Analysis::StandingSource> sources;
        for (std::uint64_t k = graph.inOffset[v]; k < graph.inOffset[v + 1]; ++k) {
          const std::uint32_t u = graph.inSource[k];
          const double c = 0.85 * result.rank[u] * graph.inWeight[k] / graph.outWeight[u];
          sources.push_back({u, c / result.rank[v]});
        }
        std::sort(sources.begin(), sources.end(),
                  [](const auto& a, const auto& b) { return a.share > b.share; });
        if (sources.size() > 3) sources.resize(3);
        if (teleport[v] > 0)
          sources.insert(sources.begin(), {v, (1 - 0.85) * teleport[v] / result.rank[v]});
        E[v].standingSources = std::move(sources);
      }
    }
  }

  // Shared control with failed firms.
  for (std::uint32_t f = 0; f < n; ++f) {
    if (net.status[f] == FirmStatus::Active) continue;
    for (std::uint32_t c : controllers[f])
      for (std::uint32_t g : controlled[c]) {
        if (g == f || net.status[g] != FirmStatus::Active) continue;
        out.flags.push_back(
            {"failed_affiliate",
             {g, f, c},
             {},
             net.parties.id(c) + " also controls " + net.parties.id(f) + ", which is " +
                 (net.status[f] == FirmStatus::Revoked ? "revoked" : "deregistered")});
        E[g].flags.push_back(static_cast<std::uint32_t>(out.flags.size() - 1));
      }
  }
  // Sudden loss of a main supplier: a third or more of purchases 9..3 months ago, nothing
  // in the last 3 months, and the gap not filled by others.
  for (std::uint32_t v = 0; v < n; ++v) {
    if (out.suppliesIn[v].empty()) continue;
    std::vector<std::pair<std::uint32_t, std::array<double, 2>>> split;
    double before = 0, after = 0;
    for (std::uint32_t r : out.suppliesIn[v]) {
      const std::uint32_t s = out.relations[r].from;
      const std::uint32_t pi = net.findPair(v, s);
      std::array<double, 2> a{0, 0};
      for (std::uint64_t k = net.pairMonthOffset[pi]; k < net.pairMonthOffset[pi + 1]; ++k) {
        const auto& mo = net.pairMonths[k];
        if (mo.month >= out.asOfMonth - 9 && mo.month < out.asOfMonth - 3)
          a[0] += mo.cents / 100.0;
        else if (mo.month >= out.asOfMonth - 3 && mo.month < out.asOfMonth)
          a[1] += mo.cents / 100.0;
      }
      before += a[0];
      after += a[1];
      split.push_back({pi, a});
    }
    if (before <= 0 || after / 3.0 >= 0.7 * before / 6.0) continue;
    for (const auto& [pi, a] : split) {
      if (a[0] < before / 3.0 || a[1] > 0) continue;
      const std::uint32_t s = net.pairs[pi].payee;
      std::vector<std::uint32_t> txns;
      for (std::uint64_t k = net.pairTxnOffset[pi + 1];
           k > net.pairTxnOffset[pi] && txns.size() < 5; --k)
        txns.push_back(net.pairTxn[k - 1]);
      out.flags.push_back({"supplier_loss",
                           {v, s},
                           txns,
                           "bought " + percent(a[0] / before) + " of its goods from " +
                               net.parties.id(s) +
                               " 9-3 months ago and nothing in the last 3 months"});
      E[v].flags.push_back(static_cast<std::uint32_t>(out.flags.size() - 1));
    }
  }

  // Suggested limit: about a month of its own purchases, scaled by how steady, how long,
  // how well placed and how risky.
  for (std::uint32_t v = 0; v < n; ++v) {
    Analysis::Entity& e = E[v];
    if (e.role != PartyRole::Distributor && e.role != PartyRole::Wholesaler &&
        e.role != PartyRole::Retailer)
      continue;
    double limit = e.monthlyPurchase * (0.5 + 0.5 * e.purchaseStability) *
                   std::min(1.0, e.monthsActive / 12.0) * (0.7 + 0.6 * e.standing) *
                   std::clamp(1.0 + 6.0 * e.purchaseTrend, 0.7, 1.2);
    for (std::uint32_t fi : e.flags) {
      const std::string& type = out.flags[fi].type;
      if (type == "circular_trade" || type == "shell_suspect")
        limit = 0;
      else if (type == "failed_affiliate")
        limit *= 0.5;
      else if (type == "supplier_loss")
        limit *= 0.6;
    }
    e.suggestedLimit = std::floor(limit / 1000.0) * 1000.0;
  }
  return out;
}

}  // namespace aviary::supplychain
