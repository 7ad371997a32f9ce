#pragma once

#include <QWidget>
#include <nlohmann/json_fwd.hpp>

namespace aviary::gui {

// Evidence from a source the workbench has no dedicated tab for: its summary and every
// artifact drawn by kind, so a new plugin is visible on the day it ships.
class GenericEvidenceTab : public QWidget {
  Q_OBJECT
 public:
  explicit GenericEvidenceTab(const nlohmann::json& evidence, QWidget* parent = nullptr);
  int artifactViewCount() const { return artifactViews_; }

 private:
  int artifactViews_ = 0;
};

}  // namespace aviary::gui
