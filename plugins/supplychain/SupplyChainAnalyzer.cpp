#include "SupplyChainAnalyzer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <set>
#include <string_view>
#include <unordered_map>

#include "CalendarDate.h"
#include "PartyProfile.h"
#include "StepTimer.h"
#include "SupplyPairFeatures.h"
#include "SupplyPairModel.h"
#include "SupplyRoleAssigner.h"
#include "TrustRank.h"
#include "TwoCores.h"
#include "TypologySearch.h"
#include "WeakPairLabels.h"

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

std::string percent(double x) {
  return std::to_string(static_cast<int>(std::lround(x * 100))) + "%";
}

std::uint32_t addFlag(Analysis& out, Analysis::Flag flag,
                      const std::vector<std::uint32_t>& flagged) {
  out.flags.push_back(std::move(flag));
  const auto index = static_cast<std::uint32_t>(out.flags.size() - 1);
  for (std::uint32_t v : flagged) out.entities[v].flags.push_back(index);
  return index;
}

// What the risk searches leave for the supplies model: pairs whose payments are mostly
// ring flows, and shells, are not trade.
struct RiskFindings {
  std::vector<std::uint8_t> riskPair;  // per pair
  std::vector<std::uint8_t> shell;     // per party
};

// Ring, layering, fan and shell findings become flags on their members; their payments and
// the shells' pairs are kept out of the supplies model.
RiskFindings findRisks(const PaymentNetwork& net, const PartyProfile& profile, Analysis& out) {
  const auto found = TypologySearch::run(net, profile, out.asOfDay);
  for (const auto& c : found.calibration)
    out.typologies.push_back({c.search, c.threshold, c.real, c.null, c.kept});
  RiskFindings risk;
  risk.riskPair.assign(net.pairs.size(), 0);
  risk.shell.assign(net.partyCount(), 0);
  std::unordered_map<std::uint32_t, std::uint32_t> flaggedTxnsOfPair;
  std::set<std::uint32_t> flaggedTxns;
  auto flagAll = [&](const char* type, const std::vector<TypologyFinding>& findings,
                     bool wholeGroup) {
    for (const auto& f : findings) {
      Analysis::Flag flag{type, f.members, {}, f.detail, f.score};
      flag.txns.assign(
          f.txns.begin(),
          f.txns.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(f.txns.size(), 60)));
      addFlag(out, std::move(flag),
              wholeGroup ? f.members : std::vector<std::uint32_t>{f.members.front()});
      if (std::string_view(type) != "shell_suspect")
        flaggedTxns.insert(f.txns.begin(), f.txns.end());
    }
  };
  for (const auto& r : found.rings)
    out.rings.push_back({r.members, r.txns, r.cents, r.rounds, r.score});
  flagAll("circular_trade", found.rings, true);
  flagAll("layering", found.layering, true);
  flagAll("fan_in", found.fanIns, true);
  flagAll("fan_out", found.fanOuts, true);
  flagAll("shell_suspect", found.shells, false);
  for (const auto& s : found.shells) risk.shell[s.members.front()] = 1;
  for (std::uint32_t t : flaggedTxns) ++flaggedTxnsOfPair[net.findPair(net.payer[t], net.payee[t])];
  for (const auto& [pi, count] : flaggedTxnsOfPair)
    if (count * 2 >= net.pairs[pi].txnCount) risk.riskPair[pi] = 1;
  for (std::size_t pi = 0; pi < net.pairs.size(); ++pi)
    if (risk.shell[net.pairs[pi].payer] || risk.shell[net.pairs[pi].payee]) risk.riskPair[pi] = 1;
  return risk;
}

// Supplies: a pair classifier learned from this data set's weak labels decides; the relation
// records the probability and what moved it.
void findSupplies(const PaymentNetwork& net, const PartyProfile& profile, const RiskFindings& risk,
                  SupplyPairFeatures& features, WeakPairLabels& labels, Analysis& out) {
  const std::size_t n = net.partyCount();
  StepTimer timer("  ");

  std::vector<std::uint8_t> candidate(net.pairs.size(), 0);
  for (std::size_t pi = 0; pi < net.pairs.size(); ++pi) {
    const auto& p = net.pairs[pi];
    candidate[pi] = !risk.riskPair[pi] && profile.kind[p.payer] != PartyProfile::Kind::Person &&
                    profile.kind[p.payee] != PartyProfile::Kind::Person;
    if (risk.riskPair[pi] && labels.label[pi] >= 0) {  // ring and shell flows teach nothing
      (labels.label[pi] ? labels.positives : labels.negatives) -= 1;
      --labels.counts[labels.rule[pi]];
      labels.label[pi] = -1;
      labels.rule[pi] = WeakPairLabels::kUnlabelled;
    }
  }
  SupplyPairModel model({});
  model.fit(net, features, labels, candidate);
  timer.lap("pair model");

  auto& report = out.pairModel;
  const auto& s = model.summary();
  report = {s.trained,         s.note,      s.candidates,
            s.positives,       s.negatives, s.pseudoPositives,
            s.pseudoNegatives, {},          {}};
  for (std::size_t r = 1; r < WeakPairLabels::kRules; ++r)
    report.weakLabels.push_back(
        {WeakPairLabels::ruleName(static_cast<WeakPairLabels::Rule>(r)), labels.counts[r]});
  for (std::size_t c = 0; c < SupplyPairFeatures::kWidth; ++c)
    report.gains.push_back({SupplyPairFeatures::name(c), model.gainShares()[c]});
  std::sort(report.gains.begin(), report.gains.end(),
            [](const auto& a, const auto& b) { return a.second > b.second; });

  std::vector<std::uint32_t> accepted;
  const auto& probability = model.probability();
  for (std::uint32_t pi = 0; pi < net.pairs.size(); ++pi)
    if (probability[pi] >= 0.5f) accepted.push_back(pi);
  const auto reasons = model.explain(features, accepted);
  timer.lap("explanations");
  out.suppliesOut.assign(n, {});
  out.suppliesIn.assign(n, {});
  for (std::size_t i = 0; i < accepted.size(); ++i) {
    const auto& p = net.pairs[accepted[i]];
    Analysis::Relation r;
    r.from = p.payee;
    r.to = p.payer;
    r.type = Analysis::RelationType::Supplies;
    r.confidence = std::round(probability[accepted[i]] * 1000.0) / 1000.0;
    r.txnCount = p.txnCount;
    r.cents = p.cents;
    const auto rule = labels.rule[accepted[i]];
    r.basis = "pair model learned from this data's weak labels: " + reasons[i] +
              (rule != WeakPairLabels::kUnlabelled
                   ? std::string("; weak label: ") + WeakPairLabels::ruleName(rule)
                   : "");
    out.suppliesOut[r.from].push_back(static_cast<std::uint32_t>(out.relations.size()));
    out.suppliesIn[r.to].push_back(static_cast<std::uint32_t>(out.relations.size()));
    out.relations.push_back(std::move(r));
  }
}

// Controls and same_person from holdings and legal persons.
void addControlRelations(const PaymentNetwork& net, const PartyProfile& profile, Analysis& out) {
  std::set<std::pair<std::uint32_t, std::uint32_t>> seen;
  for (const auto& h : net.holdings)
    if (h.share >= 0.5 && seen.insert({h.holder, h.firm}).second)
      out.relations.push_back({h.holder, h.firm, Analysis::RelationType::Controls, 1.0, 0, 0,
                               "holds " + percent(h.share)});
  for (std::uint32_t f = 0; f < net.partyCount(); ++f) {
    const std::uint32_t lp = net.legalPerson[f];
    if (lp == PartyTable::kNone) continue;
    if (seen.insert({lp, f}).second)
      out.relations.push_back({lp, f, Analysis::RelationType::Controls, 1.0, 0, 0, "legal person"});
    if (net.kind[f] == PartyKind::IndividualBusiness)
      out.relations.push_back({lp, f, Analysis::RelationType::SamePerson, 1.0, 0, 0,
                               "owner of an individual business"});
  }
  for (std::uint32_t person = 0; person < net.partyCount(); ++person) {
    std::vector<std::uint32_t> firms;
    for (std::uint32_t f : profile.controlled[person])
      if (net.legalPerson[f] == person) firms.push_back(f);
    for (std::size_t i = 1; i < firms.size() && i < 20; ++i)
      out.relations.push_back({firms[0], firms[i], Analysis::RelationType::SamePerson, 1.0, 0, 0,
                               "same legal person " + net.parties.id(person)});
  }
}

// Each party's own purchases over the 12 months before as-of, their stability and trend,
// supplier concentration, and the months it was active.
void measureOwnTrade(const PaymentNetwork& net, Analysis& out) {
  const std::int32_t firstMonth = out.asOfMonth - 12;
  std::vector<std::int32_t> months;
  for (std::uint32_t v = 0; v < net.partyCount(); ++v) {
    Analysis::Entity& e = out.entities[v];
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
    double hhi = 0;
    if (total > 0) {
      for (const auto& [amount, s] : bySupplier) hhi += (amount / total) * (amount / total);
    } else if (allTime > 0) {
      for (std::uint32_t r : out.suppliesIn[v]) {
        const double x = out.relations[r].cents / 100.0 / allTime;
        hhi += x * x;
      }
    }
    e.supplierConcentration = hhi;
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
}

// Downstream reach: firms reachable along supplies.
void countDownstream(Analysis& out) {
  const std::size_t n = out.entities.size();
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
    out.entities[v].downstreamCount = static_cast<std::uint32_t>(queue.size() - 1);
  }
}

// Network standing: TrustRank over trade relations (both ways) from certified dealers, or
// from the brands when nobody is certified; with the neighbours each standing came through.
void rankStanding(const PaymentNetwork& net, Analysis& out) {
  const std::size_t n = net.partyCount();
  auto& E = out.entities;
  std::vector<std::uint32_t> from, to;
  std::vector<float> weight;
  for (const auto& r : out.relations) {
    if (r.type != Analysis::RelationType::Supplies) continue;
    const float w = static_cast<float>(std::log1p(r.cents / 100.0 / 1000.0));
    from.insert(from.end(), {r.from, r.to});
    to.insert(to.end(), {r.to, r.from});
    weight.insert(weight.end(), {w, w});
  }
  const auto graph = TrustRank::fromEdges(n, from, to, weight);
  std::vector<double> teleport(n, 0.0);
  double seeds = 0;
  for (const auto& c : net.certificates) {
    E[c.dealer].certified = true;
    teleport[c.dealer] = teleport[c.brand] = 1.0;
  }
  for (double x : teleport) seeds += x;
  if (seeds == 0)
    for (std::uint32_t v = 0; v < n; ++v)
      if (E[v].role == PartyRole::Brand) seeds += teleport[v] = 1.0;
  if (seeds == 0) return;
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
    const auto below = std::lower_bound(dealerRanks.begin(), dealerRanks.end(), result.rank[v]) -
                       dealerRanks.begin();
    E[v].standing =
        std::round(static_cast<double>(below) / static_cast<double>(dealerRanks.size()) * 1000) /
        1000;
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

// Shared control with revoked or deregistered firms.
void flagFailedAffiliates(const PaymentNetwork& net, const PartyProfile& profile, Analysis& out) {
  for (std::uint32_t f = 0; f < net.partyCount(); ++f) {
    if (net.status[f] == FirmStatus::Active) continue;
    for (std::uint32_t c : profile.controllers[f])
      for (std::uint32_t g : profile.controlled[c]) {
        if (g == f || net.status[g] != FirmStatus::Active) continue;
        addFlag(out,
                {"failed_affiliate",
                 {g, f, c},
                 {},
                 net.parties.id(c) + " also controls " + net.parties.id(f) + ", which is " +
                     (net.status[f] == FirmStatus::Revoked ? "revoked" : "deregistered"),
                 1.0},
                {g});
      }
  }
}

// Sudden loss of a main supplier: a third or more of purchases 9..3 months ago, nothing in
// the last 3 months, and the gap not filled by others.
void flagSupplierLoss(const PaymentNetwork& net, Analysis& out) {
  for (std::uint32_t v = 0; v < net.partyCount(); ++v) {
    if (out.suppliesIn[v].empty()) continue;
    std::vector<std::pair<std::uint32_t, std::array<double, 2>>> split;
    double before = 0, after = 0;
    for (std::uint32_t r : out.suppliesIn[v]) {
      const std::uint32_t pi = net.findPair(v, out.relations[r].from);
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
      addFlag(out,
              {"supplier_loss",
               {v, s},
               txns,
               "bought " + percent(a[0] / before) + " of its goods from " + net.parties.id(s) +
                   " 9-3 months ago and nothing in the last 3 months",
               a[0] / before},
              {v});
    }
  }
}

// Suggested limit: about a month of its own purchases, scaled by how steady, how long, how
// well placed and how risky.
void suggestLimits(Analysis& out) {
  for (Analysis::Entity& e : out.entities) {
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
      else if (type == "fan_in" || type == "fan_out" || type == "layering")
        limit *= 0.5;  // a pattern to look into, not proof: an underwriter should
      else if (type == "failed_affiliate")
        limit *= 0.5;
      else if (type == "supplier_loss")
        limit *= 0.6;
    }
    e.suggestedLimit = std::floor(limit / 1000.0) * 1000.0;
  }
}

}  // namespace

SupplyChainAnalysis SupplyChainAnalyzer::analyze(std::shared_ptr<const PaymentNetwork> network,
                                                 const Options& options) {
  const PaymentNetwork& net = *network;
  Analysis out;
  out.network = network;
  out.asOfDay = options.asOfDay;
  if (out.asOfDay == 0)
    out.asOfDay = net.txnCount() ? static_cast<std::int32_t>(net.time.back() / 86400 + 1) : 0;
  out.asOfMonth = PaymentNetwork::monthOf(std::int64_t{out.asOfDay} * 86400);
  out.entities.resize(net.partyCount());

  StepTimer timer("  ");
  const PartyProfile profile = PartyProfile::build(net);
  timer.lap("profile");
  // The pair features and weak labels do not depend on the risk findings: they are made on
  // a second core meanwhile.
  RiskFindings risk;
  SupplyPairFeatures features;
  WeakPairLabels labels;
  inParallel([&] { risk = findRisks(net, profile, out); },
             [&] {
               features = SupplyPairFeatures::build(net, profile);
               labels = WeakPairLabels::build(net, profile, features);
             });
  timer.lap("typologies, and pair features and weak labels");
  findSupplies(net, profile, risk, features, labels, out);
  timer.lap("supplies");
  addControlRelations(net, profile, out);
  SupplyRoleAssigner::assign(net, profile, out);
  timer.lap("roles");
  measureOwnTrade(net, out);
  countDownstream(out);
  rankStanding(net, out);
  flagFailedAffiliates(net, profile, out);
  flagSupplierLoss(net, out);
  suggestLimits(out);
  timer.lap("trade, standing, limits");
  return out;
}

}  // namespace aviary::supplychain
