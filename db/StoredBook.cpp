#include "StoredBook.h"

#include <algorithm>
#include <mutex>
#include <thread>

#include <pqxx/pqxx>

#include "CaseDecider.h"
#include "EvidenceJson.h"

namespace aviary {
namespace {

// The book's rows; the feature catalog (the same for thousands of cases) by its hash only.
const char* const kBookQuery =
    "SELECT d.case_id, COALESCE(a.case_file->'merchant'->>'segment', ''), d.created_at::text, "
    "COALESCE(d.arm, ''), (d.inputs->'case_file')::text, "
    "(SELECT COALESCE(jsonb_agg(e - 'artifacts' - 'facts' - 'timings' - 'warnings'), '[]') "
    "   FROM jsonb_array_elements(d.inputs->'evidence') e)::text, "
    "(d.inputs->'decision')::text, md5((d.inputs->'feature_catalog')::text), o.bad "
    "FROM decisions d JOIN applications a USING (case_id) "
    "LEFT JOIN case_outcomes o USING (case_id) "
    "WHERE d.kind = 'automatic' AND d.inputs ? 'decision' "
    "AND ($1 = '' OR d.created_at >= $1::date) "
    "AND ($2 = '' OR a.case_file->'merchant'->>'segment' = $2) "
    "AND (NOT $3 OR o.bad IS NOT NULL) "
    "ORDER BY d.case_id";

const char* const kCatalogQuery =
    "SELECT DISTINCT ON (key) key, catalog FROM ("
    "  SELECT md5((inputs->'feature_catalog')::text) AS key, (inputs->'feature_catalog')::text "
    "  AS catalog FROM decisions WHERE kind = 'automatic' AND inputs ? 'decision') c";

BookEntry entryFrom(
    const pqxx::row& row,
    const std::map<std::string, std::map<std::string, FeatureDescriptor>>& catalogs) {
  BookEntry entry;
  entry.caseId = row[0].as<std::int64_t>();
  entry.segment = row[1].as<std::string>();
  entry.decidedAt = row[2].as<std::string>();
  entry.arm = row[3].as<std::string>();
  entry.caseFile = CaseFile::fromJson(nlohmann::json::parse(row[4].as<std::string>()));
  for (const auto& item : nlohmann::json::parse(row[5].as<std::string>()))
    entry.evidence.push_back(evidenceFromJson(item));
  entry.decision = Decision::fromJson(nlohmann::json::parse(row[6].as<std::string>()));
  const auto catalog = catalogs.find(row[7].as<std::string>());
  if (catalog != catalogs.end()) entry.catalog = &catalog->second;
  if (!row[8].is_null()) entry.bad = row[8].as<bool>();
  return entry;
}

}  // namespace

StoredBook::StoredBook(std::string connectionString)
    : connectionString_(std::move(connectionString)) {}

std::size_t StoredBook::forEach(
    const Filter& filter, int threads, const std::function<void(const BookEntry&, int)>& visit,
    const std::function<void(std::int64_t, const std::string&)>& skipped,
    const std::function<void(std::size_t)>& started) const {
  pqxx::connection connection(connectionString_);
  pqxx::read_transaction tx(connection);
  std::map<std::string, std::map<std::string, FeatureDescriptor>> catalogs;
  for (const auto& row : tx.exec(kCatalogQuery))
    catalogs[row[0].as<std::string>()] =
        CaseDecider::catalogFromJson(nlohmann::json::parse(row[1].as<std::string>()));
  const pqxx::result rows =
      tx.exec_params(kBookQuery, filter.since, filter.segment, filter.withOutcomeOnly);

  if (started) started(rows.size());
  threads = std::max(1, std::min<int>(threads, static_cast<int>(rows.size())));
  std::mutex skippedMutex;
  const auto work = [&](int thread) {
    const std::size_t begin = rows.size() * static_cast<std::size_t>(thread) / threads;
    const std::size_t end = rows.size() * static_cast<std::size_t>(thread + 1) / threads;
    for (std::size_t i = begin; i < end; ++i) {
      BookEntry entry;
      try {
        entry = entryFrom(rows[static_cast<pqxx::result::size_type>(i)], catalogs);
      } catch (const std::exception& error) {
        std::lock_guard lock(skippedMutex);
        skipped(rows[static_cast<pqxx::result::size_type>(i)][0].as<std::int64_t>(),
                std::string("its stored inputs cannot be read: ") + error.what());
        continue;
      }
      try {
        visit(entry, thread);
      } catch (const std::exception& error) {
        std::lock_guard lock(skippedMutex);
        skipped(entry.caseId, error.what());
      }
    }
  };
  std::vector<std::thread> pool;
  for (int thread = 1; thread < threads; ++thread) pool.emplace_back(work, thread);
  work(0);
  for (auto& thread : pool) thread.join();
  return rows.size();
}

}  // namespace aviary
