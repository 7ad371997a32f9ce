#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "Evidence.h"
#include "FeatureDescriptor.h"

namespace aviary {

// The credentials source's own table of documents (migrations/, in its schema), with their
// 64-bit perceptual hashes: a photo another merchant already submitted, re-encoded or
// re-cropped, is caught as a near copy.
class DocumentLedger {
 public:
  struct Document {
    std::string file;  // as named in the case's inputs
    std::string path;  // where it was read, for its SHA-256 and storage URI
    std::uint64_t hash = 0;
    std::string kind;
  };
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

  static FeatureDescriptor duplicateFeature();

  // `connection` is a libpq connection string; `schema` the source's own.
  DocumentLedger(std::string connection, std::string schema);

  // In one transaction: other merchants' documents within kMaxDistance of these, then these
  // recorded for later cases (once per case, file and content). `caseId` 0: not recorded.
  std::vector<NearCopy> compareAndRecord(const std::string& merchantId, std::int64_t caseId,
                                         const std::vector<Document>& documents) const;

  // Sets duplicate_documents and adds a fact per near copy.
  static void annotate(Evidence& credentials, const std::vector<NearCopy>& copies);

 private:
  std::string connection_;
  std::string schema_;
};

}  // namespace aviary
