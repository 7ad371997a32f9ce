#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "GuardedEvidenceSource.h"
#include "PluginManifest.h"
#include "PluginState.h"

namespace aviary {

// What the loader knows about one manifest it found, whether it loaded or not.
struct PluginRecord {
  PluginManifest manifest;
  std::filesystem::path file;  // the file the reason is about: manifest or library
  PluginState state = PluginState::Read;
  std::string reason;  // why it failed or is disabled, and what to do
  std::shared_ptr<GuardedEvidenceSource> source;
};

}  // namespace aviary
