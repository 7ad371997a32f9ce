#include "CaseQueueReader.h"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

namespace aviary {

CaseQueueReader::CaseQueueReader(std::string connectionString)
    : connectionString_(std::move(connectionString)) {}

std::vector<CaseQueueRow> CaseQueueReader::read() const {
  pqxx::connection connection(connectionString_);
  pqxx::read_transaction tx(connection);
  const auto rows = tx.exec(
      "SELECT a.case_id, m.name, m.segment, m.uscc, a.requested_amount_cny::float8, a.status, "
      "to_char(a.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
      "d.outcome, d.kind, d.limit_cny::float8, d.annual_rate::float8, d.pd, auto.rules_fired "
      "FROM applications a JOIN merchant_directory m USING (merchant_id) "
      "LEFT JOIN LATERAL (SELECT outcome, kind, limit_cny, annual_rate, pd FROM decisions "
      "  WHERE case_id = a.case_id ORDER BY decision_id DESC LIMIT 1) d ON true "
      "LEFT JOIN LATERAL (SELECT rules_fired FROM decisions "
      "  WHERE case_id = a.case_id AND kind = 'automatic') auto ON true "
      "ORDER BY a.case_id");
  std::vector<CaseQueueRow> out;
  out.reserve(rows.size());
  for (const auto& row : rows) {
    CaseQueueRow item;
    item.caseId = row[0].as<std::int64_t>();
    item.merchantName = row[1].as<std::string>();
    item.segment = row[2].as<std::string>();
    item.uscc = row[3].is_null() ? "" : row[3].as<std::string>();
    item.requestedAmountCny = row[4].as<double>();
    item.status = row[5].as<std::string>();
    item.submittedAt = row[6].as<std::string>();
    item.outcome = row[7].is_null() ? "" : row[7].as<std::string>();
    item.decisionKind = row[8].is_null() ? "" : row[8].as<std::string>();
    if (!row[9].is_null()) item.limitCny = row[9].as<double>();
    if (!row[10].is_null()) item.annualRate = row[10].as<double>();
    if (!row[11].is_null()) item.probabilityOfDefault = row[11].as<double>();
    if (!row[12].is_null())
      for (const auto& rule : nlohmann::json::parse(row[12].as<std::string>()))
        if (rule.value("action", "") == "refer")
          item.referralReasons.push_back(rule.value("id", "") + " " + rule.value("text", ""));
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace aviary
