#include "GenericEvidenceTab.h"

#include <QVBoxLayout>
#include <nlohmann/json.hpp>

#include "ArtifactView.h"
#include "EvidenceSummaryView.h"
#include "PanelLayout.h"

namespace aviary::gui {

GenericEvidenceTab::GenericEvidenceTab(const nlohmann::json& evidence, QWidget* parent)
    : QWidget(parent) {
  auto* content = new QWidget;
  auto* layout = new QVBoxLayout(content);
  auto* summary = new EvidenceSummaryView;
  summary->showEvidence(evidence);
  layout->addWidget(summary);
  for (const auto& artifact : evidence.value("artifacts", nlohmann::json::array())) {
    auto* view = new ArtifactView(artifact);
    view->setMinimumHeight(std::max(view->minimumHeight(), 280));
    layout->addWidget(view);
    ++artifactViews_;
  }
  layout->addStretch(1);
  PanelLayout::fillScrolling(this, content);
}

}  // namespace aviary::gui
