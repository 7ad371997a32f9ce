#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace aviary {

// An application opened through the channel API, as the database holds it.
struct ChannelApplication {
  std::int64_t caseId = 0;
  std::string channel;
  std::string status;       // collecting, processing, approved, declined, referred, ...
  nlohmann::json caseFile;  // as opened (without inputs until it is submitted)
  nlohmann::json inputs = nlohmann::json::object();           // source id -> its inputs so far
  nlohmann::json uploads = nlohmann::json::object();          // stored path -> SHA-256 of its bytes
  nlohmann::json interviewAnswers = nlohmann::json::array();  // [{source, answer}]
};

}  // namespace aviary
