#pragma once

#include <map>
#include <string>
#include <vector>

#include "Artifact.h"
#include "Fact.h"
#include "StageTiming.h"

namespace aviary {

// What one evidence source found about one merchant.
struct Evidence {
  enum class Status {
    Ok,           // features are usable
    Unavailable,  // inputs missing or the source could not run: the case is referred
    Failed        // the source threw, timed out or returned nonsense: the case is referred
  };

  std::string sourceId;
  std::string sourceVersion;
  std::string merchantId;
  Status status = Status::Ok;
  std::string error;  // why it is not Ok, and what to do next
  std::map<std::string, double> features;
  std::vector<Fact> facts;
  std::vector<std::string> warnings;
  std::vector<Artifact> artifacts;
  std::vector<StageTiming> timings;

  bool ok() const { return status == Status::Ok; }
  double totalMilliseconds() const;

  static Evidence unavailable(std::string sourceId, std::string merchantId, std::string why);
  static Evidence failed(std::string sourceId, std::string merchantId, std::string why);
};

const char* toString(Evidence::Status status);
Evidence::Status evidenceStatusFromString(const std::string& text);

}  // namespace aviary
