#pragma once

#include <string>

namespace aviary::credit {

struct TrainingResult;

// The human-readable training report (Markdown): CV figures, tuning choices, reliability table.
std::string trainingReportMarkdown(const TrainingResult& result, const std::string& command);

}  // namespace aviary::credit
