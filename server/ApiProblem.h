#pragma once

#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace aviary {

// An RFC 9457 problem document (application/problem+json) the API answers with: thrown
// where a request cannot be served, turned into the response at the server's boundary.
// `detail` always says what the caller should do next.
class ApiProblem : public std::runtime_error {
 public:
  ApiProblem(int status, std::string title, std::string detail);
  // A 503 or 429 that tells the caller when to come back (the Retry-After header).
  ApiProblem(int status, std::string title, std::string detail, int retryAfterSeconds);

  int status() const { return status_; }
  const std::string& title() const { return title_; }
  const std::string& detail() const { return detail_; }
  int retryAfterSeconds() const { return retryAfterSeconds_; }  // 0: no header
  nlohmann::json toJson(const std::string& instance = {}) const;

  static constexpr const char* kMediaType = "application/problem+json";

 private:
  int status_;
  std::string title_;
  std::string detail_;
  int retryAfterSeconds_ = 0;
};

}  // namespace aviary
