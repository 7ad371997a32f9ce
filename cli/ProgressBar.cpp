#include "ProgressBar.h"

#include <cstdio>

#include <unistd.h>

namespace aviary::cli {

ProgressBar::ProgressBar(std::string label, long total)
    : label_(std::move(label)),
      total_(total > 0 ? total : 1),
      started_(std::chrono::steady_clock::now()),
      terminal_(isatty(fileno(stderr)) != 0) {
  draw();
}

void ProgressBar::advance(long steps) {
  std::lock_guard lock(mutex_);
  done_ += steps;
  draw();
}

void ProgressBar::finish() {
  std::lock_guard lock(mutex_);
  done_ = total_;
  draw();
  if (terminal_) std::fputc('\n', stderr);
}

void ProgressBar::draw() {
  constexpr int kWidth = 30;
  const double share = static_cast<double>(done_) / static_cast<double>(total_);
  // In a log file a redrawn line is noise: write a line at each tenth instead.
  const int tenth = static_cast<int>(share * 10);
  if (!terminal_ && tenth == lastTenthLogged_) return;
  lastTenthLogged_ = tenth;
  const int filled = static_cast<int>(share * kWidth);
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  const double eta =
      done_ > 0 ? elapsed / static_cast<double>(done_) * static_cast<double>(total_ - done_) : 0;
  std::fprintf(stderr,
               terminal_ ? "\r%-28s [%.*s%.*s] %ld/%ld %3.0f%%  eta %.0f s   "
                         : "%-28s [%.*s%.*s] %ld/%ld %3.0f%%  eta %.0f s\n",
               label_.c_str(), filled, "##############################", kWidth - filled,
               "..............................", done_, total_, share * 100, eta);
  std::fflush(stderr);
}

}  // namespace aviary::cli
