#include "UnderwriterActions.h"

#include <stdexcept>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

namespace aviary {
namespace {

bool blank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

const char* nullIfEmpty(const std::string& text) {
  return text.empty() ? nullptr : text.c_str();
}

}  // namespace

const char* toString(UnderwriterAction::Kind kind) {
  switch (kind) {
    case UnderwriterAction::Kind::Approve:
      return "approve";
    case UnderwriterAction::Kind::Decline:
      return "decline";
    case UnderwriterAction::Kind::ChangeTerms:
      return "change_terms";
    case UnderwriterAction::Kind::RequestDocuments:
      return "request_documents";
    case UnderwriterAction::Kind::AddNote:
      return "add_note";
  }
  return "unknown";
}

UnderwriterActions::UnderwriterActions(std::string connectionString,
                                       double secondApproverThresholdCny)
    : connectionString_(std::move(connectionString)),
      secondApproverThresholdCny_(secondApproverThresholdCny) {}

UnderwriterActionResult UnderwriterActions::apply(const UnderwriterAction& action) const {
  using Kind = UnderwriterAction::Kind;
  const std::string caseText = "case " + std::to_string(action.caseId);
  if (blank(action.reason))
    throw std::invalid_argument(action.kind == Kind::AddNote
                                    ? "the note is empty: write what you want to record"
                                    : std::string(toString(action.kind)) + " on " + caseText +
                                          " needs a reason: say why, it goes into the audit log");

  pqxx::connection connection(connectionString_);
  pqxx::work tx(connection);
  // FOR UPDATE: two underwriters acting on one case queue up instead of racing.
  const auto caseRow = tx.exec_params(
      "SELECT status FROM applications WHERE case_id = $1 FOR UPDATE", action.caseId);
  if (caseRow.empty()) throw std::invalid_argument(caseText + " does not exist: refresh the queue");
  const std::string status = caseRow[0][0].as<std::string>();
  const std::string actor = action.underwriter.empty()
                                ? tx.exec1("SELECT current_user")[0].as<std::string>()
                                : action.underwriter;
  UnderwriterActionResult result;
  result.newStatus = status;
  nlohmann::json detail = {
      {"action", toString(action.kind)}, {"reason", action.reason}, {"underwriter", actor}};

  if (action.kind == Kind::Approve || action.kind == Kind::Decline ||
      action.kind == Kind::ChangeTerms) {
    if (status == "referred")
      result.decisionKind = "manual";
    else if (status == "approved" || status == "declined" || status == "overridden")
      result.decisionKind = "override";
    else
      throw std::invalid_argument(caseText + " is " + status +
                                  ": wait for the automatic decision before deciding by hand");
    const auto latest = tx.exec_params(
        "SELECT limit_cny::float8, annual_rate::float8, pd, model_id, rule_set_id, decision_id "
        "FROM decisions WHERE case_id = $1 ORDER BY decision_id DESC LIMIT 1",
        action.caseId);
    double limit = 0, rate = 0;
    std::optional<double> pd;
    std::optional<std::int64_t> modelId, ruleSetId, previousId;
    if (!latest.empty()) {
      if (!latest[0][0].is_null()) limit = latest[0][0].as<double>();
      if (!latest[0][1].is_null()) rate = latest[0][1].as<double>();
      if (!latest[0][2].is_null()) pd = latest[0][2].as<double>();
      if (!latest[0][3].is_null()) modelId = latest[0][3].as<std::int64_t>();
      if (!latest[0][4].is_null()) ruleSetId = latest[0][4].as<std::int64_t>();
      previousId = latest[0][5].as<std::int64_t>();
    }
    const std::string outcome = action.kind == Kind::Decline ? "decline" : "approve";
    if (action.kind == Kind::Decline) {
      limit = 0;
      rate = 0;
    } else {
      if (action.limitCny) limit = *action.limitCny;
      if (action.annualRate) rate = *action.annualRate;
      if (limit <= 0)
        throw std::invalid_argument("approving " + caseText +
                                    " needs a limit above 0 CNY: enter the limit");
      if (rate <= 0 || rate >= 1)
        throw std::invalid_argument(
            "approving " + caseText +
            " needs an annual rate between 0 and 1 (e.g. 0.085): enter the price");
    }
    if (outcome == "approve" && needsSecondApprover(limit)) {
      if (blank(action.secondApprover))
        throw std::invalid_argument(
            "a limit of " + std::to_string(static_cast<long long>(limit)) + " CNY is above " +
            std::to_string(static_cast<long long>(secondApproverThresholdCny_)) +
            " CNY: a second underwriter must approve it too; enter their name");
      if (action.secondApprover == actor)
        throw std::invalid_argument("the second underwriter must be someone other than " + actor);
    }
    result.newStatus = result.decisionKind == "manual"
                           ? (outcome == "approve" ? "approved" : "declined")
                           : "overridden";
    const nlohmann::json inputs = {
        {"previous_decision_id", previousId ? nlohmann::json(*previousId) : nlohmann::json()},
        {"action", toString(action.kind)}};
    const auto inserted = tx.exec_params(
        "INSERT INTO decisions (case_id, kind, outcome, limit_cny, annual_rate, pd, model_id, "
        "rule_set_id, "
        "inputs, decided_by, reason, second_approver) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12) RETURNING decision_id",
        action.caseId, result.decisionKind, outcome, limit, rate, pd, modelId, ruleSetId,
        inputs.dump(), actor, action.reason, nullIfEmpty(action.secondApprover));
    result.decisionId = inserted[0][0].as<std::int64_t>();
    if (result.newStatus != status)
      tx.exec_params("UPDATE applications SET status = $2 WHERE case_id = $1", action.caseId,
                     result.newStatus);
    detail["decision_id"] = result.decisionId;
    detail["kind"] = result.decisionKind;
    detail["outcome"] = outcome;
    detail["limit_cny"] = limit;
    detail["annual_rate"] = rate;
    detail["from_status"] = status;
    detail["to_status"] = result.newStatus;
    if (!action.secondApprover.empty()) detail["second_approver"] = action.secondApprover;
  } else if (action.kind == Kind::RequestDocuments) {
    if (action.documents.empty())
      throw std::invalid_argument("name at least one document the merchant should bring for " +
                                  caseText);
    detail["documents"] = action.documents;
  }
  const char* auditAction = action.kind == Kind::AddNote            ? "note_added"
                            : action.kind == Kind::RequestDocuments ? "documents_requested"
                                                                    : "underwriter_decision";
  const auto audit = tx.exec_params(
      "INSERT INTO audit_log (case_id, action, detail) VALUES ($1, $2, $3::jsonb) RETURNING "
      "audit_id",
      action.caseId, auditAction, detail.dump());
  result.auditId = audit[0][0].as<std::int64_t>();
  tx.commit();
  return result;
}

}  // namespace aviary
