#pragma once

#include <QString>
#include <memory>
#include <string>

#include "SourceView.h"

namespace aviary::gui {

// What the workbench made of one source's "view" entry.
struct LoadedSourceView {
  std::string sourceId;
  std::unique_ptr<SourceView> view;  // null: the source is shown in the generic tab
  QString problem;  // why its view is not used and what to do; "" when it is, or has none
};

}  // namespace aviary::gui
