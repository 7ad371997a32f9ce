#include "DemoReport.h"

#include <iomanip>

#include <pqxx/pqxx>

namespace aviary::demo {

void DemoReport::print(const std::string& connectionString, const std::string& keyPattern,
                       std::ostream& out) {
  pqxx::connection connection(connectionString);
  pqxx::read_transaction tx(connection);
  out << std::fixed;

  const auto latency = tx.exec_params1(
      "WITH demo AS (SELECT case_id, submitted_at FROM applications WHERE idempotency_key LIKE "
      "$1), "
      "started AS (SELECT case_id, max(occurred_at) AS t FROM audit_log WHERE action = "
      "'status_changed' "
      "  AND detail->>'to' = 'processing' AND case_id IN (SELECT case_id FROM demo) GROUP BY "
      "case_id), "
      "decided AS (SELECT case_id, min(occurred_at) AS t FROM audit_log WHERE action = "
      "'decision_recorded' "
      "  AND case_id IN (SELECT case_id FROM demo) GROUP BY case_id) "
      "SELECT count(*), "
      " coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided.t - "
      "started.t)), 0), "
      " coalesce(percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM decided.t - "
      "started.t)), 0), "
      " coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided.t - "
      "demo.submitted_at)), 0), "
      " coalesce(percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM decided.t - "
      "demo.submitted_at)), 0) "
      "FROM demo JOIN decided USING (case_id) JOIN started USING (case_id)",
      keyPattern);
  const long decided = latency[0].as<long>();
  out << "\n== The 310 report: " << decided << " cases decided ==\n\n";
  out << std::setprecision(2) << "decision latency (evidence + kernel + store): p50 "
      << latency[1].as<double>() << " s, p99 " << latency[2].as<double>() << " s\n"
      << "application to decision (including the queue): p50 " << latency[3].as<double>()
      << " s, p99 " << latency[4].as<double>() << " s\n";

  // From the moment the last evidence arrived (audited as it was gathered) to the stored
  // decision: what the merchant waits for after the last upload. Both times are the database's.
  const auto afterEvidence = tx.exec_params1(
      "WITH demo AS (SELECT case_id FROM applications WHERE idempotency_key LIKE $1), "
      "arrived AS (SELECT case_id, max(occurred_at) AS t FROM audit_log WHERE action = "
      "'evidence_gathered' AND case_id IN (SELECT case_id FROM demo) GROUP BY case_id), "
      "decided AS (SELECT case_id, min(occurred_at) AS t FROM audit_log WHERE action = "
      "'decision_recorded' AND case_id IN (SELECT case_id FROM demo) GROUP BY case_id) "
      "SELECT count(*), "
      " coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided.t - "
      "arrived.t)), 0), "
      " coalesce(percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM decided.t - "
      "arrived.t)), 0) "
      "FROM arrived JOIN decided USING (case_id)",
      keyPattern);
  if (afterEvidence[0].as<long>() > 0)
    out << std::setprecision(3) << "decision after the last evidence arrived: p50 "
        << afterEvidence[1].as<double>() << " s, p99 " << afterEvidence[2].as<double>() << " s\n";

  long approve = 0, decline = 0, refer = 0;
  for (const auto& row : tx.exec_params(
           "SELECT d.outcome, count(*) FROM decisions d JOIN applications a USING (case_id) "
           "WHERE d.kind = 'automatic' AND a.idempotency_key LIKE $1 GROUP BY d.outcome",
           keyPattern)) {
    const std::string outcome = row[0].as<std::string>();
    (outcome == "approve" ? approve : outcome == "decline" ? decline : refer) = row[1].as<long>();
  }
  const double total = std::max<long>(1, approve + decline + refer);
  out << std::setprecision(1)
      << "straight-through (no human needed): " << 100.0 * (approve + decline) / total << "%\n"
      << "approved " << 100.0 * approve / total << "%, declined " << 100.0 * decline / total
      << "%, referred " << 100.0 * refer / total << "%\n";

  out << "\nreferrals by reason:\n";
  for (const auto& row : tx.exec_params("SELECT rule->>'id', min(rule->>'text'), count(*) FROM "
                                        "decisions d JOIN applications a USING (case_id), "
                                        "jsonb_array_elements(d.rules_fired) rule WHERE d.kind = "
                                        "'automatic' AND d.outcome = 'refer' "
                                        "AND rule->>'action' = 'refer' AND a.idempotency_key LIKE "
                                        "$1 GROUP BY 1 ORDER BY 3 DESC, 1",
                                        keyPattern)) {
    std::string text = row[1].as<std::string>();
    if (text.size() > 90) text = text.substr(0, 87) + "...";
    out << "  " << std::setw(4) << row[2].as<long>() << "  " << std::left << std::setw(18)
        << row[0].as<std::string>() << std::right << " " << text << "\n";
  }

  out << "\nlimit granted per segment (approved cases):\n";
  for (const auto& row :
       tx.exec_params("SELECT m.segment, count(*) FILTER (WHERE d.outcome = 'approve'), "
                      "coalesce(sum(d.limit_cny) FILTER (WHERE d.outcome = 'approve'), 0)::float8 "
                      "FROM decisions d JOIN applications a USING (case_id) JOIN merchants m USING "
                      "(merchant_id) "
                      "WHERE d.kind = 'automatic' AND a.idempotency_key LIKE $1 GROUP BY m.segment "
                      "ORDER BY m.segment",
                      keyPattern))
    out << "  " << std::left << std::setw(8) << row[0].as<std::string>() << std::right
        << std::setw(5) << row[1].as<long>() << " approved  " << std::setprecision(0)
        << std::setw(12) << row[2].as<double>() << " yuan\n";

  out << "\ntime spent in each evidence source:\n";
  for (const auto& row : tx.exec_params(
           "SELECT e.source_id, count(*), count(*) FILTER (WHERE e.status = 'ok'), "
           "percentile_cont(0.5) WITHIN GROUP (ORDER BY e.duration_ms), "
           "percentile_cont(0.99) WITHIN GROUP (ORDER BY e.duration_ms), sum(e.duration_ms) / 1000 "
           "FROM evidence_runs e JOIN applications a USING (case_id) WHERE a.idempotency_key LIKE "
           "$1 "
           "GROUP BY e.source_id ORDER BY e.source_id",
           keyPattern))
    out << "  " << std::left << std::setw(12) << row[0].as<std::string>() << std::right << " runs "
        << std::setw(4) << row[1].as<long>() << " (ok " << row[2].as<long>() << ")  p50 "
        << std::setprecision(0) << row[3].as<double>() << " ms  p99 " << row[4].as<double>()
        << " ms  total " << std::setprecision(1) << row[5].as<double>() << " s\n";
}

}  // namespace aviary::demo
