#pragma once

#include <QWidget>
#include <nlohmann/json_fwd.hpp>

#include "SourceViewAbi.h"

class QTableWidget;

namespace aviary::gui {

// Any artifact of any evidence source, drawn by its kind: an image as a picture, a time
// series as a chart, a graph as a node-link drawing, a table as a table. A new plugin's
// artifacts therefore show up without workbench changes.
class AVIARY_WORKBENCH_EXPORT ArtifactView : public QWidget {
  Q_OBJECT
 public:
  explicit ArtifactView(const nlohmann::json& artifact, QWidget* parent = nullptr);

  QWidget* content() const { return content_; }
  QString kind() const { return kind_; }

  // A table from {columns, rows}, an array of objects, or an object (key, value).
  static QTableWidget* tableFrom(const nlohmann::json& data);
  // Decodes an artifact's bytes_base64.
  static QByteArray bytesOf(const nlohmann::json& artifact);

 private:
  QWidget* content_ = nullptr;
  QString kind_;
};

}  // namespace aviary::gui
