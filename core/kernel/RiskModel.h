#pragma once

#include <map>
#include <string>
#include <variant>
#include <vector>

#include "RiskScore.h"

namespace aviary {

// What the kernel needs from a credit model. Rows are keyed by column name: the
// applicant's own columns and the evidence features as "<source>.<feature>".
class RiskModel {
 public:
  using Value = std::variant<std::monostate, double, std::string>;
  using Row = std::map<std::string, Value>;

  virtual ~RiskModel() = default;
  virtual RiskScore score(const Row& row) const = 0;
  virtual std::string sha256() const = 0;
  virtual std::vector<std::string> columns() const = 0;
};

}  // namespace aviary
