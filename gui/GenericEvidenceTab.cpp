#include "GenericEvidenceTab.h"

#include <QScrollArea>
#include <QVBoxLayout>
#include <nlohmann/json.hpp>

#include "ArtifactView.h"
#include "EvidenceSummaryView.h"

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
  auto* scroll = new QScrollArea;
  scroll->setWidgetResizable(true);
  scroll->setWidget(content);
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(0, 0, 0, 0);
  outer->addWidget(scroll);
}

}  // namespace aviary::gui
