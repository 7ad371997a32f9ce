#include "Evidence.h"

#include <stdexcept>

namespace aviary {

double Evidence::totalMilliseconds() const {
  double total = 0.0;
  for (const auto& timing : timings) total += timing.milliseconds;
  return total;
}

Evidence Evidence::unavailable(std::string sourceId, std::string merchantId, std::string why) {
  Evidence evidence;
  evidence.sourceId = std::move(sourceId);
  evidence.merchantId = std::move(merchantId);
  evidence.status = Status::Unavailable;
  evidence.error = std::move(why);
  return evidence;
}

Evidence Evidence::failed(std::string sourceId, std::string merchantId, std::string why) {
  Evidence evidence = unavailable(std::move(sourceId), std::move(merchantId), std::move(why));
  evidence.status = Status::Failed;
  return evidence;
}

const char* toString(Evidence::Status status) {
  switch (status) {
    case Evidence::Status::Ok:
      return "ok";
    case Evidence::Status::Unavailable:
      return "unavailable";
    case Evidence::Status::Failed:
      return "failed";
  }
  return "failed";
}

Evidence::Status evidenceStatusFromString(const std::string& text) {
  if (text == "ok") return Evidence::Status::Ok;
  if (text == "unavailable") return Evidence::Status::Unavailable;
  if (text == "failed") return Evidence::Status::Failed;
  throw std::invalid_argument("unknown evidence status '" + text +
                              "': expected ok, unavailable or failed");
}

}  // namespace aviary
