#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace aviary::credit {

// One point of the tuning grid; `rounds` is filled in by early stopping.
struct HyperParameters {
  int maxDepth = 3;
  double eta = 0.05;
  double minChildWeight = 1;
  double subsample = 0.8;
  double colsampleByTree = 0.8;
  double lambda = 1;
  int rounds = 0;

  // A fixed small grid, searched by inner cross-validation in every outer fold.
  static std::vector<HyperParameters> defaultGrid();
  std::string label() const;
  nlohmann::json toJson() const;
};

}  // namespace aviary::credit
