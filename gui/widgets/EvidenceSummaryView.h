#pragma once

#include <QWidget>
#include <nlohmann/json_fwd.hpp>

#include "SourceViewAbi.h"

class QLabel;
class QTableWidget;

namespace aviary::gui {

// One source's evidence in words: its status (and why it is not ok), warnings, the features
// the kernel read, and the facts with their provenance and confidence.
class AVIARY_WORKBENCH_EXPORT EvidenceSummaryView : public QWidget {
  Q_OBJECT
 public:
  explicit EvidenceSummaryView(QWidget* parent = nullptr);

  void showEvidence(const nlohmann::json& evidence);

  QLabel* statusLabel() const { return status_; }
  QTableWidget* features() const { return features_; }
  QTableWidget* facts() const { return facts_; }

 private:
  QLabel* status_;
  QTableWidget* features_;
  QTableWidget* facts_;
};

}  // namespace aviary::gui
