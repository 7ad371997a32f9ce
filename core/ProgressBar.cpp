#include "ProgressBar.h"

#include <algorithm>
#include <cstdio>

#include <unistd.h>

namespace aviary {

ProgressBar::Frame ProgressBar::frame(long done, long total, double elapsedSeconds, int width) {
  Frame f;
  f.total = std::max(1L, total);
  f.done = std::clamp(done, 0L, f.total);
  f.share = static_cast<double>(f.done) / static_cast<double>(f.total);
  f.filled = std::clamp(static_cast<int>(f.share * width), 0, width);
  f.etaSeconds = f.done > 0 ? std::max(0.0, elapsedSeconds) / static_cast<double>(f.done) *
                                  static_cast<double>(f.total - f.done)
                            : 0.0;
  return f;
}

ProgressBar::ProgressBar(std::string label, long total, std::ostream& out, double quietSeconds)
    : label_(std::move(label)),
      total_(total > 0 ? total : 1),
      out_(out),
      quietSeconds_(quietSeconds),
      started_(std::chrono::steady_clock::now()),
      terminal_(&out == &std::cerr && isatty(fileno(stderr)) != 0) {
  draw();
}

void ProgressBar::advance(long steps) {
  std::lock_guard lock(mutex_);
  // Counted without a ceiling (the caller's count is its own); the drawing is clamped.
  done_ += steps;
  draw();
}

void ProgressBar::set(long done, long total) {
  std::lock_guard lock(mutex_);
  done_ = std::max(done_, done);
  total_ = total > 0 ? total : 1;
  draw();
}

void ProgressBar::finish() {
  std::lock_guard lock(mutex_);
  done_ = total_;
  if (!drawn_) return;  // quick work: nothing was shown, so nothing to close
  draw();
  if (terminal_) out_ << '\n' << std::flush;
}

void ProgressBar::draw() {
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  if (!drawn_ && elapsed < quietSeconds_) return;
  const Frame f = frame(done_, total_, elapsed);
  // In a log file a redrawn line is noise: write a line at each tenth instead.
  const int tenth = static_cast<int>(f.share * 10);
  if (!terminal_ && tenth == lastTenthLogged_) return;
  lastTenthLogged_ = tenth;
  drawn_ = true;
  char line[256];
  std::snprintf(line, sizeof line,
                terminal_ ? "\r%-28s [%.*s%.*s] %ld/%ld %3.0f%%  eta %.0f s   "
                          : "%-28s [%.*s%.*s] %ld/%ld %3.0f%%  eta %.0f s\n",
                label_.c_str(), f.filled, "##############################", kWidth - f.filled,
                "..............................", f.done, f.total, f.share * 100, f.etaSeconds);
  out_ << line << std::flush;
}

}  // namespace aviary
