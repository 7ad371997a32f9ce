#include "ProcessRunner.h"

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace aviary {

ProcessRunner::ProcessRunner(std::string runAsUser) : runAsUser_(std::move(runAsUser)) {}

ProcessResult ProcessRunner::run(const std::vector<std::string>& arguments) const {
  std::vector<std::string> full;
  if (!runAsUser_.empty()) full = {"runuser", "-u", runAsUser_, "--"};
  full.insert(full.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (auto& argument : full) argv.push_back(argument.data());
  argv.push_back(nullptr);

  int pipeFds[2];
  if (pipe(pipeFds) != 0) throw std::runtime_error(std::string("pipe failed: ") + strerror(errno));
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error(std::string("fork failed: ") + strerror(errno));
  if (pid == 0) {
    dup2(pipeFds[1], STDOUT_FILENO);
    dup2(pipeFds[1], STDERR_FILENO);
    close(pipeFds[0]);
    close(pipeFds[1]);
    execvp(argv[0], argv.data());
    const std::string message =
        std::string("cannot run ") + argv[0] + ": " + strerror(errno) + "\n";
    (void)!write(STDERR_FILENO, message.data(), message.size());
    _exit(127);
  }
  close(pipeFds[1]);
  ProcessResult result;
  std::array<char, 4096> buffer{};
  ssize_t n = 0;
  while ((n = read(pipeFds[0], buffer.data(), buffer.size())) > 0 || (n < 0 && errno == EINTR))
    if (n > 0) result.output.append(buffer.data(), static_cast<std::size_t>(n));
  close(pipeFds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

}  // namespace aviary
