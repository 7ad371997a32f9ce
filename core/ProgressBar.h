#pragma once

#include <chrono>
#include <iostream>
#include <mutex>
#include <string>

namespace aviary {

// A one-line progress bar: "label [#####.....] 12/40  30%  eta 8 s". On a terminal it redraws
// one line; in a log it writes a line at each tenth. Safe to advance from several threads.
class ProgressBar {
 public:
  // What one drawing shows. `done` is clamped to 0..total, so a caller that counts more
  // steps than it announced never shows more than 100% or a negative time left.
  struct Frame {
    long done = 0;
    long total = 1;
    double share = 0.0;       // 0..1
    int filled = 0;           // 0..width
    double etaSeconds = 0.0;  // >= 0
  };
  static Frame frame(long done, long total, double elapsedSeconds, int width = kWidth);

  // Draws on `out` (a terminal only when it is std::cerr and stderr is one). With
  // `quietSeconds`, nothing is drawn until that long has passed: quick work stays quiet.
  ProgressBar(std::string label, long total, std::ostream& out = std::cerr,
              double quietSeconds = 0);
  void advance(long steps = 1);
  // Where the work stands when the caller counts it: `done` of `total` (a total may change as
  // the work learns its size; `done` never goes back, as threads may report out of order).
  void set(long done, long total);
  void finish();

 private:
  static constexpr int kWidth = 30;
  void draw();

  std::string label_;
  long total_;
  long done_ = 0;
  std::ostream& out_;
  double quietSeconds_;
  std::chrono::steady_clock::time_point started_;
  std::mutex mutex_;
  bool terminal_;  // stderr is a terminal: redraw one line; else log a line per tenth
  bool drawn_ = false;
  int lastTenthLogged_ = -1;
};

}  // namespace aviary
