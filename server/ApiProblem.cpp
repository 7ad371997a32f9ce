#include "ApiProblem.h"

namespace aviary {

ApiProblem::ApiProblem(int status, std::string title, std::string detail)
    : std::runtime_error(title + ": " + detail),
      status_(status),
      title_(std::move(title)),
      detail_(std::move(detail)) {}

ApiProblem::ApiProblem(int status, std::string title, std::string detail, int retryAfterSeconds)
    : ApiProblem(status, std::move(title), std::move(detail)) {
  retryAfterSeconds_ = retryAfterSeconds;
}

nlohmann::json ApiProblem::toJson(const std::string& instance) const {
  nlohmann::json json = {
      {"type", "about:blank"}, {"status", status_}, {"title", title_}, {"detail", detail_}};
  if (!instance.empty()) json["instance"] = instance;
  return json;
}

}  // namespace aviary
