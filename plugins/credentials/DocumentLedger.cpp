#include "DocumentLedger.h"

#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <stdexcept>

#include <pqxx/pqxx>

#include "Sha256.h"

namespace aviary {

FeatureDescriptor DocumentLedger::duplicateFeature() {
  return {"duplicate_documents", FeatureDescriptor::Type::Number, "documents",
          "documents nearly identical to a photo another merchant submitted"};
}

DocumentLedger::DocumentLedger(std::string connection, std::string schema)
    : connection_(std::move(connection)), schema_(std::move(schema)) {
  static const std::regex plain("[a-z_][a-z0-9_]*");
  if (!std::regex_match(schema_, plain))
    throw std::invalid_argument("schema '" + schema_ + "' is not a plain lower-case name");
}

std::vector<DocumentLedger::NearCopy> DocumentLedger::compareAndRecord(
    const std::string& merchantId, std::int64_t caseId,
    const std::vector<Document>& documents) const {
  pqxx::connection connection(connection_);
  pqxx::work tx(connection);
  // schema_ is a plain identifier (checked above); everything else is a parameter.
  const std::string table = schema_ + ".documents";
  std::vector<NearCopy> copies;
  for (const auto& document : documents) {
    // Stored as PostgreSQL's signed bigint: the same 64 bits. bit_count of the XOR is the
    // Hamming distance (PostgreSQL 14+).
    const auto hash = static_cast<std::int64_t>(document.hash);
    for (const auto& row :
         tx.exec_params("SELECT merchant_id, coalesce(case_id, 0), file_name, "
                        "bit_count((perceptual_hash # $2)::bit(64)) AS distance FROM " +
                            table +
                            " WHERE merchant_id <> $1 AND perceptual_hash IS NOT NULL "
                            "AND bit_count((perceptual_hash # $2)::bit(64)) <= $3 "
                            "ORDER BY distance, document_id LIMIT 5",
                        merchantId, hash, kMaxDistance))
      copies.push_back({document.file, row[0].as<std::string>(), row[1].as<std::int64_t>(),
                        row[2].as<std::string>(), row[3].as<int>()});
  }
  if (caseId > 0)
    for (const auto& document : documents) {
      std::ifstream in(document.path, std::ios::binary);
      const std::string bytes{std::istreambuf_iterator<char>(in), {}};
      tx.exec_params("INSERT INTO " + table +
                         " (merchant_id, case_id, file_name, sha256, perceptual_hash, storage_uri, "
                         "kind) SELECT $1, $2, $3, $4, $5, $6, $7 WHERE EXISTS (SELECT 1 FROM "
                         "public.applications WHERE case_id = $2) ON CONFLICT DO NOTHING",
                     merchantId, caseId, document.file, in ? sha256Hex(bytes) : "unreadable",
                     static_cast<std::int64_t>(document.hash), "file://" + document.path,
                     document.kind);
    }
  tx.commit();
  return copies;
}

void DocumentLedger::annotate(Evidence& credentials, const std::vector<NearCopy>& copies) {
  std::set<std::string> copiedFiles;
  for (const auto& copy : copies) {
    copiedFiles.insert(copy.file);
    credentials.facts.push_back({"near_copy_of_another_merchants_document",
                                 copy.otherFile + " of merchant " + copy.otherMerchant + " (case " +
                                     std::to_string(copy.otherCase) + "), " +
                                     std::to_string(copy.distance) + " of 64 hash bits differ",
                                 {copy.file, "phash-64", 1.0}});
  }
  credentials.features[duplicateFeature().name] = static_cast<double>(copiedFiles.size());
}

}  // namespace aviary
