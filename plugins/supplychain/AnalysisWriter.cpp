#include "AnalysisWriter.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace aviary::supplychain {
namespace {

const char* relationType(SupplyChainAnalysis::RelationType t) {
  switch (t) {
    case SupplyChainAnalysis::RelationType::Supplies: return "supplies";
    case SupplyChainAnalysis::RelationType::Controls: return "controls";
    case SupplyChainAnalysis::RelationType::SamePerson: return "same_person";
  }
  return "supplies";
}

nlohmann::json ids(const PaymentNetwork& net, const std::vector<std::uint32_t>& parties) {
  nlohmann::json a = nlohmann::json::array();
  for (std::uint32_t p : parties) a.push_back(net.parties.id(p));
  return a;
}

std::string dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

class LineFile {
 public:
  explicit LineFile(const std::filesystem::path& path) : f_(std::fopen(path.c_str(), "wb")) {
    if (!f_) throw std::runtime_error("cannot write " + path.string() + ": check the output folder");
  }
  ~LineFile() { std::fclose(f_); }
  void line(const std::string& s) {
    std::fwrite(s.data(), 1, s.size(), f_);
    std::fputc('\n', f_);
  }

 private:
  std::FILE* f_;
};

}  // namespace

std::string AnalysisWriter::entityJson(const SupplyChainAnalysis& a, std::uint32_t v) {
  const PaymentNetwork& net = *a.network;
  const auto& e = a.entities[v];
  nlohmann::json flags = nlohmann::json::array(), evidence = nlohmann::json::array();
  for (std::uint32_t fi : e.flags) {
    const auto& f = a.flags[fi];
    if (std::find(flags.begin(), flags.end(), f.type) == flags.end()) flags.push_back(f.type);
    nlohmann::json txns = nlohmann::json::array();
    for (std::size_t i = 0; i < f.txns.size() && i < 20; ++i) txns.push_back(std::string(net.txnId(f.txns[i])));
    evidence.push_back({{"flag", f.type}, {"members", ids(net, f.members)}, {"txn_ids", txns}, {"detail", f.detail}});
  }
  std::vector<std::uint32_t> upstream(e.upstream.begin(),
                                      e.upstream.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(e.upstream.size(), 20)));
  nlohmann::json j = {{"firm_id", net.parties.id(v)},
                      {"role", toString(e.role)},
                      {"tier", e.tier >= 0 ? nlohmann::json(e.tier) : nlohmann::json()},
                      {"brands", ids(net, e.brands)},
                      {"upstream", ids(net, upstream)},
                      {"downstream_count", e.downstreamCount},
                      {"monthly_purchase_cny", e.monthlyPurchase},
                      {"purchase_stability", e.purchaseStability},
                      {"months_active", e.monthsActive},
                      {"risk_flags", flags},
                      {"suggested_limit_cny", e.suggestedLimit},
                      {"name", net.names[v]},
                      {"purchase_trend", e.purchaseTrend},
                      {"supplier_concentration", std::round(e.supplierConcentration * 1000) / 1000},
                      {"supplier_count", e.supplierCount},
                      {"buyer_count", e.buyerCount},
                      {"network_standing", e.standing},
                      {"certified", e.certified}};
  if (!evidence.empty()) j["risk_evidence"] = evidence;
  if (!e.standingSources.empty()) {
    nlohmann::json s = nlohmann::json::array();
    for (const auto& src : e.standingSources)
      s.push_back({{"party", net.parties.id(src.party)},
                   {"share", std::round(src.share * 1000) / 1000},
                   {"kind", src.party == v ? "certificate" : "trade"}});
    j["standing_rests_on"] = s;
  }
  return dump(j);
}

void AnalysisWriter::write(const SupplyChainAnalysis& a, const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  const PaymentNetwork& net = *a.network;
  {
    LineFile f(dir / "entities.jsonl");
    for (std::uint32_t v = 0; v < a.entities.size(); ++v)
      if (net.outOffset[v + 1] > net.outOffset[v] || net.inOffset[v + 1] > net.inOffset[v]) f.line(entityJson(a, v));
  }
  {
    LineFile f(dir / "relations.jsonl");
    for (const auto& r : a.relations) {
      nlohmann::json j = {{"from", net.parties.id(r.from)}, {"to", net.parties.id(r.to)},
                          {"type", relationType(r.type)}, {"confidence", r.confidence}};
      if (r.type == SupplyChainAnalysis::RelationType::Supplies) {
        j["txn_count"] = r.txnCount;
        j["amount_cny"] = static_cast<double>(r.cents) / 100.0;
      }
      j["basis"] = r.basis;
      f.line(dump(j));
    }
  }
  {
    LineFile f(dir / "rings.jsonl");
    for (const auto& r : a.rings) {
      nlohmann::json txns = nlohmann::json::array();
      for (std::uint32_t t : r.txns) txns.push_back(std::string(net.txnId(t)));
      f.line(dump({{"members", ids(net, r.members)}, {"amount_cny", static_cast<double>(r.cents) / 100.0},
                   {"txn_count", r.txns.size()}, {"rounds", r.rounds}, {"txn_ids", txns}}));
    }
  }
}

}  // namespace aviary::supplychain
