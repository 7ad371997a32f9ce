#pragma once

#include "SourceView.h"

class QLabel;

namespace aviary::gui {
class EvidenceSummaryView;
}

namespace electricity {

// The electricity source's page in the workbench: its figures in one line (months billed,
// average use, trend, late payments), read from its features, then the shared summary of
// status, features and facts. Built as its own module against the installed SDK.
class ElectricityView : public aviary::gui::SourceView {
  Q_OBJECT
 public:
  explicit ElectricityView(QWidget* parent = nullptr);

  QString title() const override { return tr("&Electricity"); }
  void showEvidence(const nlohmann::json& evidence) override;

 private:
  QLabel* figures_;
  aviary::gui::EvidenceSummaryView* summary_;
};

}  // namespace electricity
