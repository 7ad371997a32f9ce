#include "SupplyRoleAssigner.h"

#include <algorithm>

namespace aviary::supplychain {
namespace {

using Analysis = SupplyChainAnalysis;

void sortUnique(std::vector<std::uint32_t>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

// Brands: certificate issuers, and firms that buy only from sources (parties nobody supplies)
// and sell to someone who is not like that: a raw-material supplier sells only to brands,
// which are like that themselves.
std::vector<std::uint8_t> findBrands(const PaymentNetwork& net, const Analysis& out) {
  const std::size_t n = net.partyCount();
  std::vector<std::uint8_t> hasSupplier(n, 0), hasBuyer(n, 0), certified(n, 0), brand(n, 0);
  for (std::uint32_t v = 0; v < n; ++v) {
    hasSupplier[v] = !out.suppliesIn[v].empty();
    hasBuyer[v] = !out.suppliesOut[v].empty();
  }
  for (const auto& c : net.certificates) {
    brand[c.brand] = 1;
    certified[c.dealer] = 1;
  }
  std::vector<std::uint8_t> onlySources(n, 0);
  for (std::uint32_t v = 0; v < n; ++v) {
    if (!hasBuyer[v]) continue;
    bool ok = true;
    for (std::uint32_t r : out.suppliesIn[v]) ok = ok && !hasSupplier[out.relations[r].from];
    onlySources[v] = ok;
  }
  // A firm that buys from a certificate issuer is that brand's dealer, not a brand.
  std::vector<std::uint8_t> dealerOfIssuer(n, 0);
  for (std::uint32_t v = 0; v < n; ++v)
    for (std::uint32_t r : out.suppliesIn[v]) dealerOfIssuer[v] |= brand[out.relations[r].from];
  for (std::uint32_t v = 0; v < n; ++v) {
    if (brand[v] || !onlySources[v] || dealerOfIssuer[v]) continue;
    for (std::uint32_t r : out.suppliesOut[v]) {
      const std::uint32_t b = out.relations[r].to;
      if (!onlySources[b] || certified[b]) brand[v] = 1;
    }
  }
  return brand;
}

// Breadth-first tiers below the brands, and the brands each party's goods come from.
void tiersAndBrands(const std::vector<std::uint8_t>& brand, Analysis& out) {
  auto& E = out.entities;
  std::vector<std::uint32_t> order;
  for (std::uint32_t v = 0; v < brand.size(); ++v)
    if (brand[v]) {
      E[v].tier = 0;
      E[v].brands = {v};
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
  for (int pass = 0; pass < 2; ++pass)  // first from higher tiers, then from the same tier too
    for (std::uint32_t v : order) {
      if (brand[v]) continue;
      for (std::uint32_t r : out.suppliesIn[v]) {
        const std::uint32_t s = out.relations[r].from;
        if (E[s].tier >= 0 && (pass == 1 || E[s].tier < E[v].tier))
          E[v].brands.insert(E[v].brands.end(), E[s].brands.begin(), E[s].brands.end());
      }
      sortUnique(E[v].brands);
    }
}

// Money a dealer receives from people: from parties that are not firms, and card or wallet
// settlements (payers that pay many and are paid nothing, or memos that say settlement).
double salesToPeople(const PaymentNetwork& net, const PartyProfile& profile, const Analysis& out,
                     std::uint32_t v) {
  double total = 0;
  for (std::uint64_t k = net.pairInOffset[v]; k < net.pairInOffset[v + 1]; ++k) {
    const auto& p = net.pairs[net.pairIn[k]];
    const std::uint32_t u = p.payer;
    const bool settlement =
        p.memoCount[static_cast<std::size_t>(MemoClass::Settlement)] * 2 > p.txnCount ||
        (profile.inYuan[u] < 0.01 * profile.outYuan[u] &&
         net.pairOutOffset[u + 1] - net.pairOutOffset[u] >= 10);
    if (!out.isFirm[u] || settlement || profile.overheadIndustry[u])
      total += static_cast<double>(p.cents);
  }
  return total;
}

}  // namespace

void SupplyRoleAssigner::assign(const PaymentNetwork& net, const PartyProfile& profile,
                                Analysis& out) {
  const std::size_t n = net.partyCount();
  auto& E = out.entities;
  out.isFirm.assign(n, 0);
  for (std::uint32_t v = 0; v < n; ++v)
    out.isFirm[v] = profile.kind[v] == PartyProfile::Kind::Firm ||
                    (profile.kind[v] == PartyProfile::Kind::Unknown &&
                     (!out.suppliesIn[v].empty() || !out.suppliesOut[v].empty()));
  const auto brand = findBrands(net, out);
  tiersAndBrands(brand, out);
  for (std::uint32_t v = 0; v < n; ++v) {
    if (!out.isFirm[v]) continue;
    if (brand[v]) {
      E[v].role = PartyRole::Brand;
      continue;
    }
    if (E[v].tier < 1) continue;
    double toFirms = 0;
    for (std::uint32_t r : out.suppliesOut[v])
      toFirms += static_cast<double>(out.relations[r].cents);
    const double toPeople = salesToPeople(net, profile, out, v);
    // No sales seen at all: its place in the chain decides.
    const bool sellsToFirms =
        toFirms + toPeople == 0 ? true : toFirms > 0 && toFirms >= 0.3 * (toFirms + toPeople);
    E[v].role = !sellsToFirms    ? PartyRole::Retailer
                : E[v].tier == 1 ? PartyRole::Distributor
                                 : PartyRole::Wholesaler;
  }
  // People who buy from dealers (not from a business of their own) are consumers.
  for (std::uint32_t v = 0; v < n; ++v) {
    if (out.isFirm[v]) continue;
    for (std::uint64_t k = net.pairOutOffset[v]; k < net.pairOutOffset[v + 1]; ++k) {
      const auto& p = net.pairs[k];
      const PartyRole r = E[p.payee].role;
      if (r != PartyRole::Retailer && r != PartyRole::Wholesaler && r != PartyRole::Distributor)
        continue;
      if (net.legalPerson[p.payee] == v || profile.related(v, p.payee)) continue;
      const std::size_t noise = p.txnCount -
                                p.memoCount[static_cast<std::size_t>(MemoClass::Blank)] -
                                p.memoCount[static_cast<std::size_t>(MemoClass::Goods)] -
                                p.memoCount[static_cast<std::size_t>(MemoClass::Other)];
      if (noise * 2 >= p.txnCount) continue;
      // Without a registry to name owners: a shop that pays the person back in like sums is
      // taken for the person's own till, not a shop the person buys from.
      const std::uint32_t back = net.findPair(p.payee, v);
      if (!profile.registry && back != PartyTable::kNone && net.pairs[back].cents * 3 >= p.cents)
        continue;
      E[v].role = PartyRole::Consumer;
      break;
    }
  }
}

}  // namespace aviary::supplychain
