#pragma once

#include <string>

namespace aviary {

// Where a fact came from: the document, parcel or transaction set behind it.
struct Provenance {
  std::string reference;  // e.g. "lease.jpg", "parcel:p17", "txn:T000123"
  std::string method;     // e.g. "ocr", "xgboost", "pagerank"
  double confidence = 1.0;
};

}  // namespace aviary
