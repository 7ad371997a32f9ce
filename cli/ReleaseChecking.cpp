#include "ReleaseChecking.h"

#include <iostream>

#include "CaseDecider.h"
#include "PluginLoader.h"

namespace aviary::cli {

std::set<std::string> declaredEvidenceColumns() {
  const PluginRegistry registry = PluginLoader::fromEnvironment().load();
  std::set<std::string> columns;
  for (const auto& [column, feature] : CaseDecider::featureCatalog(registry))
    columns.insert(column);
  return columns;
}

void printFindings(const std::vector<ReleaseFinding>& findings) {
  if (findings.empty()) std::cout << "static checks: nothing found\n";
  for (const auto& finding : findings)
    std::cout << (finding.severity == ReleaseFinding::Severity::Error ? "  error    "
                                                                      : "  warning  ")
              << finding.message << "\n";
}

}  // namespace aviary::cli
