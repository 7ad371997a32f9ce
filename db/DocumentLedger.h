#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "Evidence.h"
#include "FeatureDescriptor.h"

namespace aviary {

// The documents every merchant has submitted, with their 64-bit perceptual hashes, so the
// same or nearly the same photo arriving from a different merchant is caught.
class DocumentLedger {
 public:
  struct NearCopy {
    std::string file;           // this case's document
    std::string otherMerchant;  // who submitted the near copy
    std::int64_t otherCase = 0;
    std::string otherFile;
    int distance = 0;  // differing hash bits
  };

  // Re-encoded, rescaled or re-cropped copies of one photo stay within a few bits; photos
  // of two different documents of a kind differ in about half of them.
  static constexpr int kMaxDistance = 6;

  // The feature the decider adds to credential evidence, for the policy's rules.
  static const FeatureDescriptor& duplicateFeature();

  // Documents of other merchants within kMaxDistance of the evidence's perceptual hashes.
  static std::vector<NearCopy> nearCopies(pqxx::transaction_base& tx, const std::string& merchantId,
                                          const Evidence& credentials);
  // Sets credentials.duplicate_documents and adds a fact per near copy.
  static void annotate(Evidence& credentials, const std::vector<NearCopy>& copies);
  // Stores each hashed document of the evidence for later cases to compare against.
  static void record(pqxx::transaction_base& tx, std::int64_t caseId, const std::string& merchantId,
                     const std::filesystem::path& baseDirectory, const Evidence& credentials);
};

}  // namespace aviary
