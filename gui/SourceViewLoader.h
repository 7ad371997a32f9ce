#pragma once

#include <vector>

#include "LoadedSourceView.h"
#include "PluginManifest.h"

namespace aviary::gui {

// Opens the workbench view module each source's manifest names ("view") and creates its
// SourceView. Only the view is opened, never the source's own library, so the workbench
// loads no GDAL, OpenCV or Tesseract. Order of checks, as for sources (core/PluginLoader):
// the manifest's host and compiler; the file; dlopen with RTLD_NOW; the exported view ABI;
// the factory. A refused view fails alone with a reason; its source gets the generic tab.
class SourceViewLoader {
 public:
  // The manifests on the plugin path (AVIARY_PLUGIN_PATH, the install, the build tree),
  // restricted by AVIARY_PLUGINS, sorted by id: the workbench's tab order.
  static std::vector<PluginManifest> installedSources();

  static LoadedSourceView load(const PluginManifest& source);
};

}  // namespace aviary::gui
