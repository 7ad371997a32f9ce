#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace aviary::satellite {

// The member `key` of a JSON object when it is a string, else empty: a member of another kind
// (or a value that is no object) is a malformed file to report, not an exception from the
// JSON library (nlohmann's value() throws a type error there).
inline std::string stringMember(const nlohmann::json& object, const char* key) {
  const auto found = object.is_object() ? object.find(key) : object.end();
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

}  // namespace aviary::satellite
