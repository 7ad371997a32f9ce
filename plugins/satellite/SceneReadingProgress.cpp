#include "SceneReadingProgress.h"

namespace aviary::satellite {

SceneReadingProgress::SceneReadingProgress(std::ostream& err, std::string label)
    : err_(err), label_(std::move(label)) {}

std::function<void(std::size_t, std::size_t)> SceneReadingProgress::callback() {
  return [this](std::size_t, std::size_t total) {
    {
      std::lock_guard lock(mutex_);
      if (!bar_)  // the total is known once reading starts
        bar_ = std::make_unique<ProgressBar>(label_, static_cast<long>(total), err_, kQuietSeconds);
    }
    bar_->advance();
  };
}

void SceneReadingProgress::finish() {
  std::lock_guard lock(mutex_);
  if (bar_) bar_->finish();
  bar_.reset();
}

}  // namespace aviary::satellite
