#include "SourceView.h"

#include <nlohmann/json.hpp>

namespace aviary::gui {

SourceView::SourceView(QWidget* parent) : QWidget(parent) {}

SourceView::~SourceView() = default;

void SourceView::clear() {
  showEvidence(nlohmann::json());
}

double SourceView::feature(const nlohmann::json& evidence, const char* name) {
  const auto features = evidence.find("features");
  if (features == evidence.end() || !features->is_object()) return 0.0;
  const auto value = features->find(name);
  return value != features->end() && value->is_number() ? value->get<double>() : 0.0;
}

const nlohmann::json* SourceView::artifactNamed(const nlohmann::json& evidence,
                                                const std::string& name) {
  const auto artifacts = evidence.find("artifacts");
  if (artifacts == evidence.end() || !artifacts->is_array()) return nullptr;
  for (const auto& artifact : *artifacts)
    if (artifact.is_object() && artifact.value("name", "") == name) return &artifact;
  return nullptr;
}

}  // namespace aviary::gui
