#pragma once

#include <nlohmann/json.hpp>

#include "DocumentReading.h"

namespace aviary {

// One line of `aviary credential read` output (spec/formats.md): the keys file, kind,
// confidence, fields, checks, quality and reshoot keep their meaning; perceptual_hash is
// added. An unreadable file gives {"file", "error"}.
class DocumentReadingJson {
 public:
  static nlohmann::json toJson(const DocumentReading& reading);
  static std::string hashHex(std::uint64_t hash);
  // Reads one line back (file, kind, confidence, field values, checks, reshoot, error), as
  // the interview does with the readings of a merchant's documents.
  static DocumentReading fromJson(const nlohmann::json& json);
};

}  // namespace aviary
