// Admins edit the rule file by hand: a broken one must be refused with a reason, never
// crash the kernel that loads it.
#include <cstdint>
#include <stdexcept>
#include <string>

#include "FuzzInput.h"
#include "PolicyRuleSet.h"
#include "RuleContext.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto rules = aviary::PolicyRuleSet::fromText(
        std::string(aviary::fuzz::FuzzInput::text(data, size)), "fuzz.json");
    aviary::RuleContext context;
    rules.addDerivedValues(context);
    (void)rules.firedRules(context);
  } catch (const std::exception&) {
  }
  return 0;
}
