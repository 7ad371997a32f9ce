#pragma once

#include <exception>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace aviary {

// For a plugin's commands (EvidenceSource::runCommand): parses `arguments` with a CLI11 app
// and runs `body`, turning help, usage errors and a thrown exception into what the host
// expects: 0 done (or help shown), 1 failed (one line on err saying what to do), 2 bad usage.
// Header-only, so a plugin that includes it brings CLI11 (Debian's libcli11-dev) itself.
inline int runCommandLine(CLI::App& app, const std::vector<std::string>& arguments,
                          std::ostream& out, std::ostream& err, const std::function<void()>& body) {
  std::vector<std::string> reversed(arguments.rbegin(), arguments.rend());  // CLI11's order
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error, out, err);
    return code == 0 ? 0 : 2;
  }
  try {
    body();
  } catch (const std::exception& error) {
    err << app.get_name() << ": " << error.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace aviary
