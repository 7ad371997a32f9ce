#pragma once

#include <nlohmann/json.hpp>

#include "SourceView.h"

class QLabel;
class QListWidget;
class QTableWidget;
class QVBoxLayout;

namespace aviary::gui {

class AnnotatedImageView;
class EvidenceSummaryView;

// The credential source's view of a merchant's documents: each photo with the detected page
// and the located fields drawn on it, the fields with their confidence, each check passed or
// failed with its detail, re-shoot requests, cross-document consistency and the interview.
// Reads, per document, an image artifact "document:<file>" and a table artifact
// "reading:<file>" holding the `aviary credential read` object (fields may carry
// "box": [x, y, w, h] and the object "page": [[x, y] × 4], in image pixels); plus optional
// tables "cross_document_checks" and "interview_transcript".
class CredentialsTab : public SourceView {
  Q_OBJECT
 public:
  explicit CredentialsTab(QWidget* parent = nullptr);

  QString title() const override { return tr("C&redentials"); }
  void showEvidence(
      const nlohmann::json& evidence) override;  // a null json: no credential evidence
  void showDocument(int row);

  QLabel* figures() const { return figures_; }
  QListWidget* documents() const { return documents_; }
  AnnotatedImageView* photo() const { return photo_; }
  QTableWidget* fields() const { return fields_; }
  QTableWidget* checks() const { return checks_; }
  QLabel* reshoot() const { return reshoot_; }
  QTableWidget* crossChecks() const { return crossChecks_; }
  QTableWidget* transcript() const { return transcript_; }

 private:
  nlohmann::json evidence_;
  std::vector<nlohmann::json> readings_;
  QLabel* figures_;
  QListWidget* documents_;
  AnnotatedImageView* photo_;
  QTableWidget* fields_;
  QTableWidget* checks_;
  QLabel* reshoot_;
  QTableWidget* crossChecks_;
  QTableWidget* transcript_;
  EvidenceSummaryView* summary_;
};

}  // namespace aviary::gui
