#pragma once

namespace aviary {

// Life cycle of one plugin, in the order the loader moves it along.
enum class PluginState {
  Read,         // manifest parsed
  Resolved,     // ABI and id accepted
  Loaded,       // library opened with RTLD_NOW and symbols found
  Initialised,  // factory returned a source whose id matches the manifest
  Disabled,     // left out by AVIARY_PLUGINS
  Failed        // refused; see the reason
};

const char* toString(PluginState state);

}  // namespace aviary
