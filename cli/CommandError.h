#pragma once

#include <stdexcept>
#include <string>

namespace aviary::cli {

// A failure the user can act on: main() prints the message as one line and exits non-zero.
class CommandError : public std::runtime_error {
 public:
  explicit CommandError(const std::string& message, int exitCode = 1)
      : std::runtime_error(message), exitCode_(exitCode) {}
  int exitCode() const { return exitCode_; }

 private:
  int exitCode_;
};

// A command that already said what it had to (a plugin's own command): main() exits with
// its code and prints nothing more.
class CommandExit : public std::exception {
 public:
  explicit CommandExit(int exitCode) : exitCode_(exitCode) {}
  int exitCode() const { return exitCode_; }
  const char* what() const noexcept override { return "command exit"; }

 private:
  int exitCode_;
};

}  // namespace aviary::cli
