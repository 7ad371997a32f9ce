// A plain test program (the SDK needs no test framework): exits 0 when every check holds.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "ElectricityEvidenceSource.h"
#include "UtilityBills.h"

namespace {

int failures = 0;

void check(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "FAIL: %s\n", what);
    ++failures;
  }
}

}  // namespace

int main() {
  const auto sample = std::filesystem::path(AVIARY_PLUGIN_SOURCE_DIR) / "sample" / "bills.csv";
  const auto bills = electricity::UtilityBills::read(sample);
  check(bills.bills().size() == 12, "twelve months read");
  check(bills.problems().empty(), "no problems in the sample");
  // July was paid on 31 August (31 days late) and October is unpaid.
  check(bills.latePayments(20) == 2, "two late payments with 20 days' grace");
  check(bills.latePayments(40) == 1, "one (the unpaid one) with 40 days' grace");
  check(std::fabs(bills.usageTrend() - (3140.0 / 2640.0 - 1)) < 1e-9, "usage trend");

  const auto broken = std::filesystem::temp_directory_path() / "electricity-broken.csv";
  std::ofstream(broken) << "month,kwh,amount_cny,paid_on\n2026-13,10,5,\n2026-01,x,5,\n"
                           "2026-02,10,5,2026-02-30\n2026-03,10,5,2026-04-01\n";
  const auto partial = electricity::UtilityBills::read(broken);
  check(partial.bills().size() == 1, "the one good row of four is kept");
  check(partial.problems().size() == 3 && partial.problems()[0].line == 2, "bad rows reported");

  electricity::ElectricityEvidenceSource source;
  aviary::AssessmentRequest request;
  request.merchantId = "M1";
  request.inputsJson = "{\"bills\": \"" + sample.string() + "\"}";
  const auto evidence = source.assess(request);
  check(evidence.ok() && evidence.features.at("months_billed") == 12, "assessed");
  request.inputsJson = "{}";
  check(source.assess(request).status == aviary::Evidence::Status::Unavailable,
        "no bills: unavailable, not a crash");
  std::filesystem::remove(broken);
  return failures == 0 ? 0 : 1;
}
