#pragma once

#include <nlohmann/json.hpp>

#include "Evidence.h"
#include "SourceDescription.h"

namespace aviary {

// JSON form of evidence, as stored in the database and replayed later.
nlohmann::json toJson(const Evidence& evidence);
Evidence evidenceFromJson(const nlohmann::json& json);

nlohmann::json toJson(const SourceDescription& description);

}  // namespace aviary
