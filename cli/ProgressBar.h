#pragma once

#include <chrono>
#include <mutex>
#include <string>

namespace aviary::cli {

// A one-line progress bar on stderr: "label [#####.....] 12/40  30%  eta 8 s".
class ProgressBar {
 public:
  ProgressBar(std::string label, long total);
  void advance(long steps = 1);
  void finish();

 private:
  void draw();

  std::string label_;
  long total_;
  long done_ = 0;
  std::chrono::steady_clock::time_point started_;
  std::mutex mutex_;
  bool terminal_;  // stderr is a terminal: redraw one line; else log a line per tenth
  int lastTenthLogged_ = -1;
};

}  // namespace aviary::cli
