#include "AnalysisScorer.h"

#include <cstdio>
#include <fstream>
#include <set>
#include <stdexcept>
#include <vector>

#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace {

std::vector<nlohmann::json> readLines(const fs::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::vector<nlohmann::json> out;
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  return out;
}

template <class T>
AnalysisScorer::Ratio compare(const std::set<T>& predicted, const std::set<T>& actual) {
  AnalysisScorer::Ratio r;
  r.predicted = predicted.size();
  r.actual = actual.size();
  for (const auto& p : predicted) r.hit += actual.count(p);
  return r;
}

std::string line(const char* name, const AnalysisScorer::Ratio& r) {
  char buf[200];
  std::snprintf(buf, sizeof buf, "  %-15s P %.3f R %.3f F1 %.3f  (%zu hit, %zu found, %zu true)\n",
                name, r.precision(), r.recall(), r.f1(), r.hit, r.predicted, r.actual);
  return buf;
}

}  // namespace

AnalysisScorer::SimulatorScore& AnalysisScorer::SimulatorScore::operator+=(
    const SimulatorScore& o) {
  supplies += o.supplies;
  ringMembers += o.ringMembers;
  shells += o.shells;
  fanMembers += o.fanMembers;
  unplantedFlagged += o.unplantedFlagged;
  parties += o.parties;
  roleOk += o.roleOk, roles += o.roles, firmRoleOk += o.firmRoleOk, firmRoles += o.firmRoles;
  for (const auto& [t, row] : o.roleConfusion)
    for (const auto& [f, k] : row) roleConfusion[t][f] += k;
  return *this;
}

AnalysisScorer::SimulatorScore AnalysisScorer::scoreSimulator(const fs::path& outDir,
                                                              const fs::path& truthJson) {
  nlohmann::json truth;
  std::ifstream(truthJson) >> truth;
  if (truth.is_null()) throw std::runtime_error("cannot read " + truthJson.string());
  SimulatorScore s;
  std::set<std::pair<std::string, std::string>> trueSup, predSup;
  for (const auto& x : truth["supplies"])
    trueSup.insert({x[0].get<std::string>(), x[1].get<std::string>()});
  for (const auto& r : readLines(outDir / "relations.jsonl"))
    if (r["type"] == "supplies")
      predSup.insert({r["from"].get<std::string>(), r["to"].get<std::string>()});
  s.supplies = compare(predSup, trueSup);

  std::map<std::string, nlohmann::json> entities;
  std::set<std::string> predShell;
  for (auto& e : readLines(outDir / "entities.jsonl")) {
    const std::string id = e["firm_id"].get<std::string>();
    for (const auto& f : e["risk_flags"])
      if (f == "shell_suspect") predShell.insert(id);
    entities[id] = std::move(e);
  }
  for (const auto& [id, t] : truth["parties"].items()) {
    const auto it = entities.find(id);
    const std::string found =
        it == entities.end() ? "missing" : it->second["role"].get<std::string>();
    const std::string want = t["role"].get<std::string>();
    ++s.roles;
    s.roleOk += found == want;
    ++s.roleConfusion[want][found];
    if (t.value("kind", id[0] == 'F' ? "enterprise" : "person") != "person") {
      ++s.firmRoles;
      s.firmRoleOk += found == want;
    }
  }
  std::set<std::string> trueRing, predRing, trueShell;
  for (const auto& r : truth["rings"])
    for (const auto& m : r) trueRing.insert(m.get<std::string>());
  for (const auto& r : readLines(outDir / "rings.jsonl"))
    for (const auto& m : r["members"]) predRing.insert(m.get<std::string>());
  for (const auto& x : truth["shells"]) trueShell.insert(x.get<std::string>());
  s.ringMembers = compare(predRing, trueRing);
  s.shells = compare(predShell, trueShell);
  std::set<std::string> trueFan, predFan, planted(trueRing.begin(), trueRing.end());
  planted.insert(trueShell.begin(), trueShell.end());
  for (const char* key : {"fan_ins", "fan_outs"})
    for (const auto& g : truth.value(key, nlohmann::json::array()))
      for (const auto& m : g) trueFan.insert(m.get<std::string>());
  planted.insert(trueFan.begin(), trueFan.end());
  for (const auto& [id, e] : entities)
    for (const auto& f : e["risk_flags"]) {
      const std::string type = f.get<std::string>();
      if (type == "fan_in" || type == "fan_out") predFan.insert(id);
      if ((type == "fan_in" || type == "fan_out" || type == "layering" ||
           type == "circular_trade" || type == "shell_suspect") &&
          !planted.count(id)) {
        ++s.unplantedFlagged;
        break;
      }
    }
  s.fanMembers = compare(predFan, trueFan);
  s.parties = entities.size();
  return s;
}

AnalysisScorer::PlantedScore AnalysisScorer::scorePlanted(const fs::path& outDir,
                                                          const fs::path& accountsTruthCsv) {
  std::ifstream in(accountsTruthCsv);
  if (!in) throw std::runtime_error("cannot read " + accountsTruthCsv.string());
  std::string row;
  std::getline(in, row);  // entity,isFraud,fraudStep
  std::set<std::string> planted;
  PlantedScore s;
  while (std::getline(in, row)) {
    const auto a = row.find(',');
    if (a == std::string::npos) continue;
    ++s.accounts;
    if (row.compare(a + 1, 1, "1") == 0) planted.insert(row.substr(0, a));
  }
  std::map<std::string, std::set<std::string>> flagged;
  std::set<std::string> any;
  for (const auto& e : readLines(outDir / "entities.jsonl"))
    for (const auto& f : e["risk_flags"]) {
      flagged[f.get<std::string>()].insert(e["firm_id"].get<std::string>());
      any.insert(e["firm_id"].get<std::string>());
    }
  for (const char* f : {"circular_trade", "fan_in", "fan_out", "shell_suspect"}) flagged[f];
  for (const auto& [flag, ids] : flagged) s.byFlag[flag] = compare(ids, planted);
  s.anyFlag = compare(any, planted);
  return s;
}

std::string AnalysisScorer::describe(const SimulatorScore& s) {
  std::string out = line("supplies", s.supplies);
  char buf[200];
  std::snprintf(buf, sizeof buf, "  roles           %.3f of %zu parties, firms %.3f of %zu\n",
                s.roles ? double(s.roleOk) / double(s.roles) : 0.0, s.roles,
                s.firmRoles ? double(s.firmRoleOk) / double(s.firmRoles) : 0.0, s.firmRoles);
  out += buf;
  out += line("ring members", s.ringMembers);
  out += line("shells", s.shells);
  if (s.fanMembers.actual) out += line("fan members", s.fanMembers);
  std::snprintf(buf, sizeof buf, "  typology flags on unplanted parties: %zu of %zu\n",
                s.unplantedFlagged, s.parties);
  out += buf;
  out += "  roles (truth: found n ...):";
  for (const auto& [t, row] : s.roleConfusion) {
    out += "\n    " + t + ":";
    for (const auto& [f, k] : row) out += " " + f + " " + std::to_string(k);
  }
  return out + "\n";
}

std::string AnalysisScorer::describe(const PlantedScore& s) {
  std::string out;
  for (const auto& [flag, r] : s.byFlag) out += line(flag.c_str(), r);
  return out + line("any flag", s.anyFlag);
}
