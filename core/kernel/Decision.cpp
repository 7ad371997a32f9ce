#include "Decision.h"

namespace aviary {

nlohmann::json Decision::toJson() const {
  nlohmann::json json;
  json["outcome"] = outcome;
  json["limit_cny"] = limitCny;
  json["annual_rate"] = annualRate;
  json["pd"] = probabilityOfDefault;
  json["reasons"] = nlohmann::json::array();
  for (const auto& reason : reasons)
    json["reasons"].push_back({{"group", reason.group},
                               {"column", reason.column},
                               {"contribution", reason.contribution},
                               {"text", reason.text}});
  json["contribution_by_source"] = contributionBySource;
  json["rules_fired"] = nlohmann::json::array();
  for (const auto& rule : rulesFired)
    json["rules_fired"].push_back({{"id", rule.id}, {"action", rule.action}, {"text", rule.text}});
  json["counterfactual"] = counterfactual;
  json["model_sha256"] = modelSha256;
  json["rule_set"] = {
      {"name", ruleSetName}, {"version", ruleSetVersion}, {"sha256", ruleSetSha256}};
  json["plugin_versions"] = pluginVersions;
  json["values"] = values;
  return json;
}

Decision Decision::fromJson(const nlohmann::json& json) {
  Decision decision;
  decision.outcome = json.at("outcome").get<std::string>();
  decision.limitCny = json.at("limit_cny").get<double>();
  decision.annualRate = json.at("annual_rate").get<double>();
  decision.probabilityOfDefault = json.at("pd").get<double>();
  for (const auto& reason : json.at("reasons"))
    decision.reasons.push_back(
        {reason.at("group").get<std::string>(), reason.at("column").get<std::string>(),
         reason.at("contribution").get<double>(), reason.at("text").get<std::string>()});
  decision.contributionBySource =
      json.at("contribution_by_source").get<std::map<std::string, double>>();
  for (const auto& rule : json.at("rules_fired"))
    decision.rulesFired.push_back({rule.at("id").get<std::string>(),
                                   rule.at("action").get<std::string>(),
                                   rule.at("text").get<std::string>()});
  decision.counterfactual = json.at("counterfactual").get<std::string>();
  decision.modelSha256 = json.at("model_sha256").get<std::string>();
  decision.ruleSetName = json.at("rule_set").at("name").get<std::string>();
  decision.ruleSetVersion = json.at("rule_set").at("version").get<std::string>();
  decision.ruleSetSha256 = json.at("rule_set").at("sha256").get<std::string>();
  decision.pluginVersions = json.at("plugin_versions").get<std::map<std::string, std::string>>();
  decision.values = json.at("values").get<std::map<std::string, double>>();
  return decision;
}

}  // namespace aviary
