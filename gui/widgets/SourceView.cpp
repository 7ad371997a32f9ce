#include "SourceView.h"

#include <nlohmann/json.hpp>

namespace aviary::gui {

SourceView::SourceView(QWidget* parent) : QWidget(parent) {}

SourceView::~SourceView() = default;

void SourceView::clear() {
  showEvidence(nlohmann::json());
}

}  // namespace aviary::gui
