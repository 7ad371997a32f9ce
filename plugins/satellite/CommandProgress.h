#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>

#include "ProgressBar.h"

namespace aviary::satellite {

// A long step of a command (reading scenes, fitting a model) as a progress bar on its stderr,
// drawn once the step has taken a few seconds: scenes on a server take minutes, a local batch
// a second or two.
class CommandProgress {
 public:
  CommandProgress(std::ostream& err, std::string label);
  // Reports (done, total); safe to call from several threads, in any order.
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
