#include "GenericSourceView.h"

#include <QLabel>
#include <QVBoxLayout>
#include <nlohmann/json.hpp>

#include "GenericEvidenceTab.h"

namespace aviary::gui {

GenericSourceView::GenericSourceView(QString sourceId, QWidget* parent)
    : SourceView(parent), sourceId_(std::move(sourceId)) {
  layout_ = new QVBoxLayout(this);
  layout_->setContentsMargins(0, 0, 0, 0);
  none_ = new QLabel;
  none_->setAlignment(Qt::AlignCenter);
  layout_->addWidget(none_);
  clear();
}

void GenericSourceView::showEvidence(const nlohmann::json& evidence) {
  delete content_;
  content_ = nullptr;
  none_->setVisible(evidence.is_null());
  none_->setText(tr("No %1 evidence in this case.").arg(sourceId_));
  if (evidence.is_null()) return;
  content_ = new GenericEvidenceTab(evidence);
  layout_->addWidget(content_);
}

}  // namespace aviary::gui
