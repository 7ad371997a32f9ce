#include "CommandProgress.h"

namespace aviary::satellite {

CommandProgress::CommandProgress(std::ostream& err, std::string label)
    : err_(err), label_(std::move(label)) {}

std::function<void(std::size_t, std::size_t)> CommandProgress::callback() {
  return [this](std::size_t done, std::size_t total) {
    std::lock_guard lock(mutex_);
    if (!bar_)  // the total is known once the step starts
      bar_ = std::make_unique<ProgressBar>(label_, static_cast<long>(total), err_, kQuietSeconds);
    bar_->set(static_cast<long>(done), static_cast<long>(total));
  };
}

void CommandProgress::finish() {
  std::lock_guard lock(mutex_);
  if (bar_) bar_->finish();
  bar_.reset();
}

}  // namespace aviary::satellite
