#include "ProcessRunner.h"

#include <sys/wait.h>

#include <boost/process.hpp>
#include <iterator>

namespace aviary {

namespace bp = boost::process;

ProcessRunner::ProcessRunner(std::string runAsUser) : runAsUser_(std::move(runAsUser)) {}

ProcessResult ProcessRunner::run(const std::vector<std::string>& arguments) const {
  std::vector<std::string> full;
  if (!runAsUser_.empty()) full = {"runuser", "-u", runAsUser_, "--"};
  full.insert(full.end(), arguments.begin(), arguments.end());
  if (full.empty()) return {127, "no program to run\n"};
  const std::string& name = full.front();
  const boost::filesystem::path program =
      name.find('/') == std::string::npos ? bp::search_path(name) : boost::filesystem::path(name);
  if (program.empty()) return {127, "cannot run " + name + ": not found on the PATH\n"};
  ProcessResult result;
  try {
    bp::ipstream output;  // stdout and stderr together, as a terminal would show them
    bp::child child(program, bp::args(std::vector<std::string>(full.begin() + 1, full.end())),
                    (bp::std_out & bp::std_err) > output, bp::std_in < bp::null);
    result.output.assign(std::istreambuf_iterator<char>(output), {});
    child.wait();
    const int status = child.native_exit_code();
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  } catch (const bp::process_error& error) {
    return {127, "cannot run " + name + ": " + error.what() + "\n"};
  }
  return result;
}

}  // namespace aviary
