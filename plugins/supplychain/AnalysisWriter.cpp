#include "AnalysisWriter.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace aviary::supplychain {
namespace {

const char* relationType(SupplyChainAnalysis::RelationType t) {
  switch (t) {
    case SupplyChainAnalysis::RelationType::Supplies:
      return "supplies";
    case SupplyChainAnalysis::RelationType::Controls:
      return "controls";
    case SupplyChainAnalysis::RelationType::SamePerson:
      return "same_person";
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
    if (!f_)
      throw std::runtime_error("cannot write " + path.string() + ": check the output folder");
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

namespace {

// entities.jsonl has one line per party (hundreds of thousands at scale), so it is
// composed directly rather than through a DOM.
void appendString(std::string& out, std::string_view text) {
  out += '"';
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
}
void appendNumber(std::string& out, double x) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, x);
  out.append(buf, r.ptr);
}
void appendKey(std::string& out, const char* key) {
  if (out.size() > 1) out += ',';
  out += '"';
  out += key;
  out += "\":";
}
void appendIds(std::string& out, const PaymentNetwork& net,
               const std::vector<std::uint32_t>& parties, std::size_t limit = SIZE_MAX) {
  out += '[';
  for (std::size_t i = 0; i < parties.size() && i < limit; ++i) {
    if (i) out += ',';
    appendString(out, net.parties.id(parties[i]));
  }
  out += ']';
}

}  // namespace

std::string AnalysisWriter::entityJson(const SupplyChainAnalysis& a, std::uint32_t v) {
  const PaymentNetwork& net = *a.network;
  const auto& e = a.entities[v];
  std::string out = "{";
  appendKey(out, "firm_id");
  appendString(out, net.parties.id(v));
  appendKey(out, "role");
  appendString(out, toString(e.role));
  appendKey(out, "tier");
  if (e.tier >= 0)
    appendNumber(out, e.tier);
  else
    out += "null";
  appendKey(out, "brands");
  appendIds(out, net, e.brands);
  appendKey(out, "upstream");
  appendIds(out, net, e.upstream, 20);
  appendKey(out, "downstream_count");
  appendNumber(out, e.downstreamCount);
  appendKey(out, "monthly_purchase_cny");
  appendNumber(out, e.monthlyPurchase);
  appendKey(out, "purchase_stability");
  appendNumber(out, e.purchaseStability);
  appendKey(out, "months_active");
  appendNumber(out, e.monthsActive);
  appendKey(out, "risk_flags");
  std::vector<std::string> types;
  for (std::uint32_t fi : e.flags)
    if (std::find(types.begin(), types.end(), a.flags[fi].type) == types.end())
      types.push_back(a.flags[fi].type);
  out += '[';
  for (std::size_t i = 0; i < types.size(); ++i) {
    if (i) out += ',';
    appendString(out, types[i]);
  }
  out += ']';
  appendKey(out, "suggested_limit_cny");
  appendNumber(out, e.suggestedLimit);
  appendKey(out, "name");
  appendString(out, net.names[v]);
  appendKey(out, "purchase_trend");
  appendNumber(out, e.purchaseTrend);
  appendKey(out, "supplier_concentration");
  appendNumber(out, std::round(e.supplierConcentration * 1000) / 1000);
  appendKey(out, "supplier_count");
  appendNumber(out, e.supplierCount);
  appendKey(out, "buyer_count");
  appendNumber(out, e.buyerCount);
  appendKey(out, "network_standing");
  appendNumber(out, e.standing);
  appendKey(out, "certified");
  out += e.certified ? "true" : "false";
  if (!e.flags.empty()) {
    appendKey(out, "risk_evidence");
    out += '[';
    for (std::size_t k = 0; k < e.flags.size(); ++k) {
      const auto& f = a.flags[e.flags[k]];
      if (k) out += ',';
      out += "{\"flag\":";
      appendString(out, f.type);
      out += ",\"members\":";
      appendIds(out, net, f.members);
      out += ",\"txn_ids\":[";
      for (std::size_t i = 0; i < f.txns.size() && i < 20; ++i) {
        if (i) out += ',';
        appendString(out, net.txnId(f.txns[i]));
      }
      out += "],\"detail\":";
      appendString(out, f.detail);
      out += ",\"score\":";
      appendNumber(out, std::round(f.score * 100) / 100);
      out += '}';
    }
    out += ']';
  }
  if (!e.standingSources.empty()) {
    appendKey(out, "standing_rests_on");
    out += '[';
    for (std::size_t i = 0; i < e.standingSources.size(); ++i) {
      const auto& src = e.standingSources[i];
      if (i) out += ',';
      out += "{\"party\":";
      appendString(out, net.parties.id(src.party));
      out += ",\"share\":";
      appendNumber(out, std::round(src.share * 1000) / 1000);
      out += ",\"kind\":";
      appendString(out, src.party == v ? "certificate" : "trade");
      out += '}';
    }
    out += ']';
  }
  out += '}';
  return out;
}

void AnalysisWriter::write(const SupplyChainAnalysis& a, const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  const PaymentNetwork& net = *a.network;
  {
    LineFile f(dir / "entities.jsonl");
    for (std::uint32_t v = 0; v < a.entities.size(); ++v)
      if (net.outOffset[v + 1] > net.outOffset[v] || net.inOffset[v + 1] > net.inOffset[v])
        f.line(entityJson(a, v));
  }
  {
    LineFile f(dir / "relations.jsonl");
    for (const auto& r : a.relations) {
      nlohmann::json j = {{"from", net.parties.id(r.from)},
                          {"to", net.parties.id(r.to)},
                          {"type", relationType(r.type)},
                          {"confidence", r.confidence}};
      if (r.type == SupplyChainAnalysis::RelationType::Supplies) {
        j["txn_count"] = r.txnCount;
        j["amount_cny"] = static_cast<double>(r.cents) / 100.0;
      }
      j["basis"] = r.basis;
      f.line(dump(j));
    }
  }
  {
    // What the supplies rest on: this data set's weak labels and the pair model's gain table.
    const auto& m = a.pairModel;
    nlohmann::json labels = nlohmann::json::object(), gains = nlohmann::json::array();
    for (const auto& [rule, count] : m.weakLabels) labels[rule] = count;
    for (const auto& [feature, share] : m.gains)
      if (share > 0)
        gains.push_back({{"feature", feature}, {"gain_share", std::round(share * 10000) / 10000}});
    nlohmann::json typologies = nlohmann::json::array();
    for (const auto& t : a.typologies)
      typologies.push_back({{"search", t.search},
                            {"threshold", std::isfinite(t.threshold)
                                              ? nlohmann::json(std::round(t.threshold * 100) / 100)
                                              : nlohmann::json()},
                            {"found", t.real},
                            {"found_in_null_copy", t.null},
                            {"kept", t.kept}});
    LineFile f(dir / "model.json");
    f.line(nlohmann::json{
        {"pair_model_trained", m.trained},
        {"note", m.note},
        {"candidate_pairs", m.candidates},
        {"trained_on", {{"supplies", m.positives}, {"not_supplies", m.negatives}}},
        {"self_training", {{"supplies", m.pseudoPositives}, {"not_supplies", m.pseudoNegatives}}},
        {"weak_labels", labels},
        {"typology_thresholds", typologies},
        {"gain", gains}}
               .dump(1));
  }
  {
    LineFile f(dir / "rings.jsonl");
    for (const auto& r : a.rings) {
      nlohmann::json txns = nlohmann::json::array();
      for (std::uint32_t t : r.txns) txns.push_back(std::string(net.txnId(t)));
      f.line(dump({{"members", ids(net, r.members)},
                   {"amount_cny", static_cast<double>(r.cents) / 100.0},
                   {"txn_count", r.txns.size()},
                   {"rounds", r.rounds},
                   {"score", std::round(r.score * 100) / 100},
                   {"txn_ids", txns}}));
    }
  }
}

}  // namespace aviary::supplychain
