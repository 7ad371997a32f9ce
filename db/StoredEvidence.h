#pragma once

#include <nlohmann/json.hpp>

#include "Evidence.h"

namespace aviary {

// Evidence read back as it was stored: `stored` is its stored form, with artifact_blobs
// references in place of the artifacts' bytes, and `evidence` the same without those bytes
// (the kernel never reads them). A decision that uses it writes `stored` again as it is, so
// a photo read on upload is not read back, decoded, hashed and sent once more on submit.
struct StoredEvidence {
  Evidence evidence;
  nlohmann::json stored;
};

}  // namespace aviary
