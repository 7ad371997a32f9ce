#include "SupplyChainEvidenceSource.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "PaymentNetworkLoader.h"
#include "SupplyChainAnalyzer.h"
#include "SupplyChainCommands.h"

namespace aviary {

namespace fs = std::filesystem;
using supplychain::PartyRole;
using supplychain::SupplyChainAnalysis;

struct SupplyChainEvidenceSource::CachedNetwork {
  std::string key;
  std::shared_ptr<const SupplyChainAnalysis> analysis;
  std::size_t badRows = 0;
  std::string badRowSummary;
  std::vector<std::string> warnings;
  double milliseconds = 0;
};

SupplyChainEvidenceSource::SupplyChainEvidenceSource() = default;
SupplyChainEvidenceSource::~SupplyChainEvidenceSource() = default;

std::string SupplyChainEvidenceSource::version() const {
  return AVIARY_PLUGIN_VERSION;
}

std::vector<CommandDescription> SupplyChainEvidenceSource::commands() const {
  return supplychain::SupplyChainCommands::list();
}

int SupplyChainEvidenceSource::runCommand(const std::string& name,
                                          const std::vector<std::string>& arguments,
                                          std::ostream& out, std::ostream& err) {
  return supplychain::SupplyChainCommands::run(name, arguments, out, err);
}

std::size_t SupplyChainEvidenceSource::analysesRun() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return analysesRun_;
}

SourceDescription SupplyChainEvidenceSource::describe() const {
  using Type = FeatureDescriptor::Type;
  SourceDescription d;
  d.summary = "A dealer's trade relationships and risk, rebuilt from payment flows";
  d.segments = {"dealer"};
  d.inputs = {
      {"transactions", "path", true, "transactions.csv of payments"},
      {"firms", "path", false, "firms.csv, the enterprise registry"},
      {"holdings", "path", false, "holdings.csv, who holds shares of whom"},
      {"certificates", "path", false, "certificates.csv, dealers brands vouch for"},
      {"firm_id", "string", true, "the dealer's id in the transactions"},
  };
  d.features = {
      {"monthly_purchase_cny", Type::Number, "cny",
       "mean monthly purchases from suppliers, last 12 months"},
      {"purchase_stability", Type::Number, "ratio",
       "1 - coefficient of variation of monthly purchases"},
      {"months_active", Type::Number, "months", "months with trade"},
      {"supplier_concentration", Type::Number, "ratio",
       "Herfindahl index of purchases by supplier"},
      {"downstream_count", Type::Number, "firms", "buyers reached downstream"},
      {"network_standing", Type::Number, "ratio", "trust propagated from certified dealers"},
      {"circular_trade", Type::Boolean, "", "member of a suspected circular-trade ring"},
      {"shell_suspect", Type::Boolean, "", "looks like a pass-through shell"},
      {"fan_in", Type::Boolean, "", "occasional payers paid it near-equal sums together"},
      {"fan_out", Type::Boolean, "", "paid many occasional payees near-equal sums within days"},
      {"layering", Type::Boolean, "", "passed on the very sums it was paid, in a chain"},
      {"purchase_trend", Type::Number, "ratio",
       "linear trend of monthly purchases, as a share of the mean per month"},
      {"supplier_count", Type::Number, "firms", "suppliers it buys from"},
      {"buyer_count", Type::Number, "firms", "firms it supplies directly"},
      {"tier", Type::Number, "steps",
       "steps below the brand (0 = brand, -1 = not in a brand's chain)"},
      {"brand_count", Type::Number, "brands", "brands it ultimately sources from"},
      {"certified", Type::Boolean, "", "a brand certifies it as a dealer"},
      {"failed_affiliate", Type::Boolean, "",
       "shares a controller with a revoked or deregistered firm"},
      {"supplier_loss", Type::Boolean, "",
       "a main supplier stopped selling to it in the last 3 months"},
      {"suggested_limit_cny", Type::Number, "cny",
       "limit suggested from its own trade flow and risk"},
  };
  return d;
}

std::shared_ptr<const SupplyChainEvidenceSource::CachedNetwork> SupplyChainEvidenceSource::network(
    const std::string& key, const std::vector<std::string>& paths, std::int32_t asOfDay) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = cache_.begin(); it != cache_.end(); ++it)
    if ((*it)->key == key) {
      auto hit = *it;
      cache_.erase(it);
      cache_.push_back(hit);
      return hit;
    }
  const auto start = std::chrono::steady_clock::now();
  auto cached = std::make_shared<CachedNetwork>();
  cached->key = key;
  supplychain::BadRowReport report;
  auto net = std::make_shared<supplychain::PaymentNetwork>(supplychain::PaymentNetworkLoader::load(
      {paths[0], paths[1], paths[2], paths[3]}, report, cached->warnings));
  cached->analysis = std::make_shared<const SupplyChainAnalysis>(
      supplychain::SupplyChainAnalyzer::analyze(net, {asOfDay}));
  cached->badRows = report.total();
  cached->badRowSummary = report.summary(5);
  cached->milliseconds =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  ++analysesRun_;
  cache_.push_back(cached);
  if (cache_.size() > 4) cache_.erase(cache_.begin());  // networks are large: keep a few
  return cached;
}

namespace {

std::string monthLabel(std::int32_t month) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", 2000 + month / 12, month % 12 + 1);
  return buf;
}

std::string money(double cny) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f CNY", cny);
  return buf;
}

// Its suppliers and buyers, their suppliers, and flagged counterparts.
Artifact neighbourhoodGraph(const SupplyChainAnalysis& a, std::uint32_t v,
                            const std::string& firmId) {
  const supplychain::PaymentNetwork& net = *a.network;
  const auto& e = a.entities[v];
  std::set<std::uint32_t> nodes = {v};
  nlohmann::json edges = nlohmann::json::array();
  auto addRelation = [&](std::uint32_t r) {
    const auto& rel = a.relations[r];
    nodes.insert(rel.from);
    nodes.insert(rel.to);
    edges.push_back({{"from", net.parties.id(rel.from)},
                     {"to", net.parties.id(rel.to)},
                     {"amount_cny", static_cast<double>(rel.cents) / 100.0},
                     {"type", "supplies"}});
  };
  for (std::size_t i = 0; i < a.suppliesIn[v].size() && i < 40; ++i) {
    addRelation(a.suppliesIn[v][i]);
    const std::uint32_t s = a.relations[a.suppliesIn[v][i]].from;
    for (std::size_t j = 0; j < a.suppliesIn[s].size() && j < 5; ++j)
      addRelation(a.suppliesIn[s][j]);
  }
  for (std::size_t i = 0; i < a.suppliesOut[v].size() && i < 60; ++i)
    addRelation(a.suppliesOut[v][i]);
  for (std::uint32_t fi : e.flags) {
    const auto& f = a.flags[fi];
    if (f.type == "failed_affiliate" || f.type == "supplier_loss") continue;
    for (std::size_t i = 0; i < f.txns.size() && i < 30; ++i) {
      const std::uint32_t t = f.txns[i];
      nodes.insert(net.payer[t]);
      nodes.insert(net.payee[t]);
      edges.push_back({{"from", net.parties.id(net.payer[t])},
                       {"to", net.parties.id(net.payee[t])},
                       {"amount_cny", static_cast<double>(net.cents[t]) / 100.0},
                       {"type", f.type},
                       {"txn_id", std::string(net.txnId(t))}});
    }
  }
  nlohmann::json jn = nlohmann::json::array();
  for (std::uint32_t p : nodes) {
    const auto& pe = a.entities[p];
    nlohmann::json node = {{"id", net.parties.id(p)},
                           {"name", net.names[p]},
                           {"role", supplychain::toString(pe.role)},
                           {"tier", pe.tier >= 0 ? nlohmann::json(pe.tier) : nlohmann::json()}};
    if (!pe.brands.empty()) node["brand"] = net.parties.id(pe.brands.front());
    jn.push_back(node);
  }
  Artifact graph;
  graph.kind = Artifact::Kind::Graph;
  graph.name = "supply_neighbourhood:" + firmId;
  graph.title = "Trade neighbourhood of " + firmId + " (" + net.names[v] + ")";
  graph.mediaType = "application/json";
  graph.data = nlohmann::json{{"nodes", jn}, {"edges", edges}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
  return graph;
}

Artifact monthlyPurchases(const SupplyChainAnalysis& a, std::uint32_t v,
                          const std::string& firmId) {
  const auto& e = a.entities[v];
  nlohmann::json months = nlohmann::json::array(), values = nlohmann::json::array();
  for (int i = 0; i < 12; ++i) {
    months.push_back(monthLabel(a.asOfMonth - 12 + i));
    values.push_back(std::round(e.monthlyPurchases[static_cast<std::size_t>(i)] * 100) / 100);
  }
  Artifact series;
  series.kind = Artifact::Kind::TimeSeries;
  series.name = "monthly_purchases:" + firmId;
  series.title = "Monthly purchases of " + firmId + " from its suppliers";
  series.mediaType = "application/json";
  series.data = nlohmann::json{{"unit", "cny"}, {"months", months}, {"values", values}}.dump();
  return series;
}

// The findings as a versioned table for views (docs/artifacts.md, aviary.supplychain.findings/1).
Artifact findingsTable(nlohmann::json findings, nlohmann::json standing) {
  Artifact table;
  table.kind = Artifact::Kind::Table;
  table.name = "findings";
  table.title = "Risk findings and what the standing rests on";
  table.mediaType = "application/json";
  table.data = nlohmann::json{{"schema", "aviary.supplychain.findings/1"},
                              {"findings", std::move(findings)},
                              {"standing", std::move(standing)}}
                   .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return table;
}

// The files and the dealer an assessment names, or why they cannot be read.
struct DealerRequest {
  std::string firmId;
  std::vector<std::string> paths;  // transactions, firms, holdings, certificates
  std::string error;
};

DealerRequest readDealerRequest(const AssessmentRequest& request) {
  DealerRequest dealer;
  nlohmann::json inputs;
  try {
    inputs = nlohmann::json::parse(request.inputsJson.empty() ? "{}" : request.inputsJson);
  } catch (const std::exception&) {
    dealer.error =
        "inputs.supplychain is not valid JSON: give an object with transactions and firm_id";
    return dealer;
  }
  if (!inputs.is_object()) {
    dealer.error = "inputs.supplychain must be an object with transactions and firm_id";
    return dealer;
  }
  auto text = [&](const char* key) {
    const auto it = inputs.find(key);
    return it != inputs.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  dealer.firmId = text("firm_id");
  if (text("transactions").empty()) {
    dealer.error =
        "no transactions given: set inputs.supplychain.transactions to the path of "
        "transactions.csv";
    return dealer;
  }
  if (dealer.firmId.empty()) {
    dealer.error =
        "no firm_id given: set inputs.supplychain.firm_id to the dealer's id in transactions.csv";
    return dealer;
  }
  auto resolve = [&](const std::string& p) -> std::string {
    if (p.empty()) return {};
    const fs::path path(p);
    return (path.is_absolute() || request.baseDirectory.empty()
                ? path
                : fs::path(request.baseDirectory) / path)
        .lexically_normal()
        .string();
  };
  dealer.paths = {resolve(text("transactions")), resolve(text("firms")), resolve(text("holdings")),
                  resolve(text("certificates"))};
  std::error_code ec;
  if (!fs::exists(dealer.paths[0], ec))
    dealer.error = "transactions file " + dealer.paths[0] +
                   " not found: supply the dealer's payments as transactions.csv";
  return dealer;
}

std::map<std::string, double> dealerFeatures(const SupplyChainAnalysis& a, std::uint32_t v) {
  const auto& e = a.entities[v];
  std::set<std::string> flagged;
  for (std::uint32_t fi : e.flags) flagged.insert(a.flags[fi].type);
  auto flag = [&](const char* type) { return flagged.count(type) ? 1.0 : 0.0; };
  return {{"monthly_purchase_cny", e.monthlyPurchase},
          {"purchase_stability", e.purchaseStability},
          {"months_active", e.monthsActive},
          {"supplier_concentration", e.supplierConcentration},
          {"downstream_count", e.downstreamCount},
          {"network_standing", e.standing},
          {"circular_trade", flag("circular_trade")},
          {"shell_suspect", flag("shell_suspect")},
          {"fan_in", flag("fan_in")},
          {"fan_out", flag("fan_out")},
          {"layering", flag("layering")},
          {"purchase_trend", e.purchaseTrend},
          {"supplier_count", e.supplierCount},
          {"buyer_count", e.buyerCount},
          {"tier", e.tier},
          {"brand_count", static_cast<double>(e.brands.size())},
          {"certified", e.certified ? 1.0 : 0.0},
          {"failed_affiliate", flag("failed_affiliate")},
          {"supplier_loss", flag("supplier_loss")},
          {"suggested_limit_cny", e.suggestedLimit}};
}

const char* findingMethod(const std::string& type) {
  return type == "circular_trade"  ? "temporal cycle search, threshold from a null copy"
         : type == "shell_suspect" ? "pass-through matching, threshold from a null copy"
         : type == "layering"      ? "pass-through links, threshold from a null copy"
         : type == "fan_in"        ? "near-equal sums from occasional payers, null copy"
         : type == "fan_out"       ? "burst of occasional payees against its own pace"
                                   : "registry and payments";
}

// The dealer's facts in words, and the same findings as a versioned table for views
// (docs/artifacts.md).
void describeDealer(Evidence& ev, const SupplyChainAnalysis& a, std::uint32_t v,
                    const std::string& firmId, const std::string& fileRef) {
  const supplychain::PaymentNetwork& net = *a.network;
  const auto& e = a.entities[v];
  auto fact = [&](std::string name, std::string value, std::string ref, std::string method,
                  double conf = 1.0) {
    ev.facts.push_back(
        {std::move(name), std::move(value), {std::move(ref), std::move(method), conf}});
  };
  std::string brands;
  for (std::uint32_t b : e.brands) brands += (brands.empty() ? "" : ", ") + net.parties.id(b);
  fact("role",
       std::string(supplychain::toString(e.role)) +
           (e.tier >= 0 ? ", tier " + std::to_string(e.tier) : "") +
           (brands.empty() ? "" : ", sources " + brands),
       fileRef, "supply-relation graph");
  for (std::uint32_t r : a.suppliesIn[v]) {
    if (ev.facts.size() > 12) break;
    const auto& rel = a.relations[r];
    fact("supplier",
         net.parties.id(rel.from) + " (" + net.names[rel.from] +
             "): " + std::to_string(rel.txnCount) + " payments, " +
             money(static_cast<double>(rel.cents) / 100.0) + "; " + rel.basis,
         fileRef + ":" + net.parties.id(rel.from) + "->" + firmId, "payment-pattern scoring",
         rel.confidence);
  }
  fact("monthly_purchase_cny",
       money(e.monthlyPurchase) + " a month over the 12 months before " + monthLabel(a.asOfMonth) +
           ", stability " + std::to_string(e.purchaseStability).substr(0, 5),
       fileRef, "aggregation per supplier and month");
  nlohmann::json standing = nlohmann::json::array(), findings = nlohmann::json::array();
  for (const auto& s : e.standingSources) {
    const std::string role = s.party == v
                                 ? std::string("its own brand certificate")
                                 : std::string(supplychain::toString(a.entities[s.party].role));
    standing.push_back(
        {{"party", s.party == v ? nlohmann::json() : nlohmann::json(net.parties.id(s.party))},
         {"role", role},
         {"share", std::round(s.share * 1000) / 1000}});
  }
  for (const auto& s : e.standingSources)
    fact("standing_rests_on",
         (s.party == v ? "its own brand certificate"
                       : net.parties.id(s.party) + " (" +
                             supplychain::toString(a.entities[s.party].role) + ")") +
             ": " + std::to_string(static_cast<int>(std::lround(s.share * 100))) + "% of its trust",
         "party:" + net.parties.id(s.party), "trustrank");
  for (std::uint32_t fi : e.flags) {
    const auto& f = a.flags[fi];
    std::string members, txns;
    nlohmann::json memberIds = nlohmann::json::array(), txnIds = nlohmann::json::array();
    for (std::uint32_t m : f.members) {
      members += (members.empty() ? "" : ", ") + net.parties.id(m);
      memberIds.push_back(net.parties.id(m));
    }
    for (std::size_t i = 0; i < f.txns.size() && i < 10; ++i) {
      txns += (txns.empty() ? "" : ",") + std::string(net.txnId(f.txns[i]));
      txnIds.push_back(std::string(net.txnId(f.txns[i])));
    }
    findings.push_back({{"type", f.type},
                        {"detail", f.detail},
                        {"members", std::move(memberIds)},
                        {"transactions", std::move(txnIds)}});
    fact(f.type, f.detail + "; members " + members, txns.empty() ? "registry" : "txn:" + txns,
         findingMethod(f.type));
  }
  fact("suggested_limit_cny", money(e.suggestedLimit), fileRef,
       "own trade flow x stability x standing x risk");
  ev.artifacts.push_back(neighbourhoodGraph(a, v, firmId));
  ev.artifacts.push_back(monthlyPurchases(a, v, firmId));
  ev.artifacts.push_back(findingsTable(std::move(findings), std::move(standing)));
}

}  // namespace

Evidence SupplyChainEvidenceSource::assess(const AssessmentRequest& request) {
  const auto started = std::chrono::steady_clock::now();
  const DealerRequest dealer = readDealerRequest(request);
  if (!dealer.error.empty()) return Evidence::unavailable(id(), request.merchantId, dealer.error);
  const auto& paths = dealer.paths;
  std::int32_t asOfDay = 0;
  if (!request.asOf.empty() && !supplychain::PaymentNetworkLoader::parseDate(request.asOf, asOfDay))
    asOfDay = 0;
  std::string key = std::to_string(asOfDay);
  std::error_code ec;
  for (const auto& p : paths) {
    key += "|" + p;
    if (!p.empty() && fs::exists(p, ec))
      key += "@" + std::to_string(fs::last_write_time(p, ec).time_since_epoch().count());
  }

  std::shared_ptr<const CachedNetwork> cached;
  const std::size_t runsBefore = analysesRun();
  try {
    cached = network(key, paths, asOfDay);
  } catch (const std::exception& e) {
    return Evidence::unavailable(id(), request.merchantId,
                                 std::string("cannot read the payments: ") + e.what());
  }
  const SupplyChainAnalysis& a = *cached->analysis;
  const supplychain::PaymentNetwork& net = *a.network;
  const std::uint32_t v = net.parties.find(dealer.firmId);
  if (v == supplychain::PartyTable::kNone ||
      (net.outOffset[v + 1] == net.outOffset[v] && net.inOffset[v + 1] == net.inOffset[v]))
    return Evidence::unavailable(
        id(), request.merchantId,
        "firm_id " + dealer.firmId + " has no payments in " + paths[0] +
            ": check the id, or supply the transactions file that holds its trade");

  Evidence ev;
  ev.sourceId = id();
  ev.sourceVersion = version();
  ev.merchantId = request.merchantId;
  ev.warnings = cached->warnings;
  if (cached->badRows > 0) ev.warnings.push_back(cached->badRowSummary);
  ev.features = dealerFeatures(a, v);
  describeDealer(ev, a, v, dealer.firmId, fs::path(paths[0]).filename().string());
  if (analysesRun() != runsBefore)
    ev.timings.push_back({"read and analyse the payment network", cached->milliseconds});
  else
    ev.timings.push_back({"payment network from cache", 0.0});
  ev.timings.push_back({"dealer evidence", std::chrono::duration<double, std::milli>(
                                               std::chrono::steady_clock::now() - started)
                                               .count()});
  return ev;
}

std::vector<Evidence> SupplyChainEvidenceSource::assessBatch(
    const std::vector<AssessmentRequest>& requests) {
  // assess() shares the analysed network through the cache, so one file is analysed once.
  std::vector<Evidence> out;
  out.reserve(requests.size());
  for (const auto& r : requests) out.push_back(assess(r));
  return out;
}

}  // namespace aviary
