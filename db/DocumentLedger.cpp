#include "DocumentLedger.h"

#include <fstream>
#include <iterator>
#include <set>

#include "Sha256.h"

namespace aviary {
namespace {

struct HashedDocument {
  std::string file;
  std::int64_t hash = 0;
};

std::vector<HashedDocument> hashedDocuments(const Evidence& credentials) {
  std::vector<HashedDocument> documents;
  if (credentials.sourceId != "credentials" || !credentials.ok()) return documents;
  for (const auto& fact : credentials.facts) {
    if (fact.name != "perceptual_hash") continue;
    try {
      // Stored as PostgreSQL's signed bigint: the same 64 bits.
      documents.push_back({fact.provenance.reference,
                           static_cast<std::int64_t>(std::stoull(fact.value, nullptr, 16))});
    } catch (const std::exception&) {
      // A malformed hash is simply not compared.
    }
  }
  return documents;
}

}  // namespace

const FeatureDescriptor& DocumentLedger::duplicateFeature() {
  static const FeatureDescriptor feature{
      "duplicate_documents", FeatureDescriptor::Type::Number, "documents",
      "documents nearly identical to a photo another merchant submitted"};
  return feature;
}

std::vector<DocumentLedger::NearCopy> DocumentLedger::nearCopies(pqxx::transaction_base& tx,
                                                                 const std::string& merchantId,
                                                                 const Evidence& credentials) {
  std::vector<NearCopy> copies;
  for (const auto& document : hashedDocuments(credentials)) {
    // bit_count of the XOR is the Hamming distance (PostgreSQL 14+).
    const auto rows = tx.exec_params(
        "SELECT merchant_id, coalesce(case_id, 0), file_name, "
        "bit_count((perceptual_hash # $2)::bit(64)) AS distance FROM documents "
        "WHERE merchant_id <> $1 AND perceptual_hash IS NOT NULL "
        "AND bit_count((perceptual_hash # $2)::bit(64)) <= $3 ORDER BY distance, document_id LIMIT "
        "5",
        merchantId, document.hash, kMaxDistance);
    for (const auto& row : rows)
      copies.push_back({document.file, row[0].as<std::string>(), row[1].as<std::int64_t>(),
                        row[2].as<std::string>(), row[3].as<int>()});
  }
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

void DocumentLedger::record(pqxx::transaction_base& tx, std::int64_t caseId,
                            const std::string& merchantId,
                            const std::filesystem::path& baseDirectory,
                            const Evidence& credentials) {
  for (const auto& document : hashedDocuments(credentials)) {
    const std::filesystem::path path = baseDirectory / document.file;
    std::ifstream in(path, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), {}};
    const std::string sha256 = in ? sha256Hex(bytes) : "unreadable";
    tx.exec_params(
        "INSERT INTO documents (merchant_id, case_id, file_name, sha256, perceptual_hash, "
        "storage_uri) "
        "VALUES ($1, $2, $3, $4, $5, $6)",
        merchantId, caseId, document.file, sha256, document.hash, "file://" + path.string());
  }
}

}  // namespace aviary
