#include "OutcomeImporter.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include <pqxx/pqxx>

#include "CaseFile.h"

namespace aviary {
namespace {

struct OutcomeRow {
  std::size_t line = 0;
  std::int64_t caseId = 0;
  std::string asOf, status;
};

std::string trimmed(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return {};
  return text.substr(begin, text.find_last_not_of(" \t") - begin + 1);
}

// The row's values, or the reason it cannot be recorded.
std::optional<OutcomeRow> parseRow(const std::vector<std::string>& cells, int caseColumn,
                                   int dateColumn, int statusColumn, std::size_t line,
                                   std::string& problem) {
  OutcomeRow row;
  row.line = line;
  const std::string caseText = trimmed(cells[static_cast<std::size_t>(caseColumn)]);
  const auto parsed =
      std::from_chars(caseText.data(), caseText.data() + caseText.size(), row.caseId);
  if (caseText.empty() || parsed.ec != std::errc() ||
      parsed.ptr != caseText.data() + caseText.size() || row.caseId <= 0) {
    problem =
        "case_id '" + caseText + "' is not a case number: use the id 'aviary case submit' printed";
    return std::nullopt;
  }
  row.asOf = trimmed(cells[static_cast<std::size_t>(dateColumn)]);
  if (!CaseFile::isRealDate(row.asOf)) {
    problem = "as_of '" + row.asOf + "' is not a real date: write it as YYYY-MM-DD";
    return std::nullopt;
  }
  row.status = trimmed(cells[static_cast<std::size_t>(statusColumn)]);
  if (std::none_of(std::begin(OutcomeImporter::kStatuses), std::end(OutcomeImporter::kStatuses),
                   [&](const char* status) { return row.status == status; })) {
    problem =
        "status '" + row.status + "' is unknown: use current, late_30, late_90, default or repaid";
    return std::nullopt;
  }
  return row;
}

}  // namespace

OutcomeImporter::OutcomeImporter(std::string connectionString)
    : connectionString_(std::move(connectionString)) {}

OutcomeImport OutcomeImporter::import(const std::filesystem::path& csv) const {
  const CsvTable table = CsvTable::read(csv);
  const int caseColumn = table.columnIndex("case_id");
  const int dateColumn = table.columnIndex("as_of");
  const int statusColumn = table.columnIndex("status");
  if (caseColumn < 0 || dateColumn < 0 || statusColumn < 0)
    throw CsvError(csv.string() + ": the header must name the columns case_id, as_of and status");

  OutcomeImport result;
  result.rows = table.rowCount() + table.problems().size();
  result.problems = table.problems();
  std::vector<OutcomeRow> rows;
  for (std::size_t i = 0; i < table.rowCount(); ++i) {
    std::string problem;
    if (auto row =
            parseRow(table.row(i), caseColumn, dateColumn, statusColumn, table.lineOf(i), problem))
      rows.push_back(std::move(*row));
    else
      result.problems.push_back({table.lineOf(i), problem});
  }

  pqxx::connection connection(connectionString_);
  pqxx::work tx(connection);
  std::set<std::int64_t> known;
  {
    std::string ids = "{";
    for (const auto& row : rows) ids += (ids.size() > 1 ? "," : "") + std::to_string(row.caseId);
    for (const auto& found : tx.exec_params(
             "SELECT case_id FROM applications WHERE case_id = ANY($1::bigint[])", ids + "}"))
      known.insert(found[0].as<std::int64_t>());
  }
  const std::string source = csv.filename().string();
  for (const auto& row : rows) {
    if (!known.contains(row.caseId)) {
      result.problems.push_back({row.line, "case " + std::to_string(row.caseId) +
                                               " does not exist: check the id against "
                                               "'aviary case show'"});
      continue;
    }
    const auto stored = tx.exec_params(
        "INSERT INTO outcomes (case_id, as_of, status, source) VALUES ($1, $2::date, $3, $4) "
        "ON CONFLICT (case_id, as_of) DO UPDATE SET status = EXCLUDED.status, "
        "source = EXCLUDED.source, imported_by = session_user, imported_at = now() "
        "WHERE outcomes.status <> EXCLUDED.status RETURNING (xmax = 0)",
        row.caseId, row.asOf, row.status, source);
    if (stored.empty()) {
      ++result.unchanged;
      continue;
    }
    const bool inserted = stored[0][0].as<bool>();
    ++(inserted ? result.recorded : result.corrected);
    tx.exec_params(
        "INSERT INTO audit_log (case_id, action, detail) VALUES ($1, $2, $3::jsonb)", row.caseId,
        inserted ? "outcome_recorded" : "outcome_corrected",
        nlohmann::json({{"as_of", row.asOf}, {"status", row.status}, {"source", source}}).dump());
  }
  if (result.recorded + result.corrected > 0)
    tx.exec_params("INSERT INTO audit_log (action, detail) VALUES ('outcomes_imported', $1::jsonb)",
                   nlohmann::json({{"source", source},
                                   {"rows", result.rows},
                                   {"recorded", result.recorded},
                                   {"corrected", result.corrected},
                                   {"unchanged", result.unchanged},
                                   {"rejected", result.problems.size()}})
                       .dump());
  tx.commit();
  std::sort(result.problems.begin(), result.problems.end(),
            [](const auto& a, const auto& b) { return a.line < b.line; });
  return result;
}

}  // namespace aviary
