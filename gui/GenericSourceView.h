#pragma once

#include <QString>

#include "SourceView.h"

class QLabel;
class QVBoxLayout;

namespace aviary::gui {

class GenericEvidenceTab;

// The page of a source that brings no view of its own, or whose view was refused: its
// evidence drawn by artifact kind (GenericEvidenceTab), made afresh for each case.
class GenericSourceView : public SourceView {
  Q_OBJECT
 public:
  explicit GenericSourceView(QString sourceId, QWidget* parent = nullptr);

  QString title() const override { return sourceId_; }
  void showEvidence(const nlohmann::json& evidence) override;
  GenericEvidenceTab* content() const { return content_; }  // null: no evidence

 private:
  QString sourceId_;
  QVBoxLayout* layout_;
  QLabel* none_;
  GenericEvidenceTab* content_ = nullptr;
};

}  // namespace aviary::gui
