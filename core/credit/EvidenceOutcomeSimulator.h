#pragma once

#include <string>
#include <vector>

#include "CsvTable.h"

namespace aviary::credit {

// Gives labelled applications the evidence features a case of their segment would carry,
// drawn conditional on the real outcome. No lender yet has outcomes observed together with
// satellite, supply-chain and credential evidence; until it does, this lets the decision
// model learn how evidence combines with the applicant's own data. The link between evidence
// and outcome is a stated assumption (a latent "evidence quality" whose means differ by
// `separation` standard deviations between good and bad loans), not a finding: retrain on
// real outcomes as soon as they exist.
class EvidenceOutcomeSimulator {
 public:
  struct Options {
    unsigned seed = 1;
    double separation = 0.8;  // AUC of the latent alone = Phi(separation / sqrt 2) ~ 0.71
  };

  // The model columns this simulator writes, as "<source>.<feature>" (the names the plugins
  // declare, so the kernel fills them from real evidence).
  static const std::vector<std::string>& evidenceColumns();

  // The input rows with the evidence columns of a randomly drawn segment (farmer, dealer or
  // shop); the other sources' columns stay empty (missing), as they are for a real case.
  static std::string simulateCsv(const CsvTable& applications, const std::string& targetColumn,
                                 const std::string& badLabel, const Options& options);
};

}  // namespace aviary::credit
