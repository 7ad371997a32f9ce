#pragma once

#include <string>

namespace aviary {

// One row of `aviary db status`.
struct MigrationStatus {
  enum class State {
    Applied,
    Pending,
    Failed,      // pending; its last attempt failed and was rolled back (see `error`)
    Edited,      // applied, but the file changed since: `validate` refuses the database
    MissingFile  // applied, but no file of that version exists any more
  };
  int version = 0;
  std::string description;
  State state = State::Pending;
  std::string appliedAt;  // empty when pending
  std::string error;      // the last failure's message, for Failed
};

const char* toString(MigrationStatus::State state);

}  // namespace aviary
