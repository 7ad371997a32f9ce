#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>

#include "ProgressBar.h"

namespace aviary::satellite {

// The scenes' reading as a progress bar on a command's stderr, drawn once it has taken a few
// seconds: a lender's scenes on a server take minutes, a local batch a second or two.
class SceneReadingProgress {
 public:
  explicit SceneReadingProgress(std::ostream& err, std::string label = "reading scenes");
  // For ParcelAssessor::Options::progress; safe to call from the reading threads.
  std::function<void(std::size_t, std::size_t)> callback();
  // Closes the bar's line, if one was drawn.
  void finish();

 private:
  static constexpr double kQuietSeconds = 3;
  std::ostream& err_;
  std::string label_;
  std::mutex mutex_;
  std::unique_ptr<ProgressBar> bar_;
};

}  // namespace aviary::satellite
