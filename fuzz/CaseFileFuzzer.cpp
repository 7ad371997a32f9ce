// Case files come from merchants' apps and from admins' scripts: any JSON at all must end
// in a CaseFile or a CaseFileError, and a parsed case must survive its own round trip.
#include <cstdint>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "CaseFile.h"
#include "CaseFileError.h"
#include "FuzzInput.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto json =
      nlohmann::json::parse(aviary::fuzz::FuzzInput::text(data, size), nullptr, false);
  if (json.is_discarded()) return 0;
  try {
    const auto parsed = aviary::CaseFile::fromJson(json);
    const auto again = aviary::CaseFile::fromJson(parsed.toJson());
    if (again.toJson() != parsed.toJson()) std::abort();  // the stored form must be stable
  } catch (const aviary::CaseFileError&) {
  }
  return 0;
}
