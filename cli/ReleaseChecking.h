#pragma once

#include <set>
#include <string>
#include <vector>

#include "ReleaseFinding.h"

namespace aviary::cli {

// Every evidence value a case can carry, "<source>.<feature>", as the loaded plugins declare
// them: what static checks compare rules and models with.
std::set<std::string> declaredEvidenceColumns();

// The static checks' findings, one line each, for the admin proposing or approving.
void printFindings(const std::vector<ReleaseFinding>& findings);

}  // namespace aviary::cli
