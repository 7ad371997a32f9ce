#include <QtTest>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "OpenMpWaitPolicy.h"

using aviary::OpenMpWaitPolicy;

// The policy is set before the program starts again: a child started with `env` in place of
// the program prints the environment the restarted program would see.
class TestOpenMpWaitPolicy : public QObject {
  Q_OBJECT

  // What the child printed (its environment, when it started `env` again), or "returned" when
  // passiveOrRestart returned instead of starting it.
  static std::string childOutput(const char* presetPolicy) {
    int out[2];
    if (pipe(out) != 0) return "no pipe";
    const pid_t child = fork();
    if (child == 0) {
      dup2(out[1], STDOUT_FILENO);
      close(out[0]);
      if (presetPolicy)
        setenv("OMP_WAIT_POLICY", presetPolicy, 1);
      else
        unsetenv("OMP_WAIT_POLICY");
      char name[] = "env";
      char* argv[] = {name, nullptr};
      OpenMpWaitPolicy::passiveOrRestart(argv, "/usr/bin/env");
      const char returned[] = "returned";
      (void)!write(STDOUT_FILENO, returned, sizeof returned - 1);
      _exit(0);
    }
    close(out[1]);
    std::string text;
    char buffer[4096];
    for (ssize_t n; (n = read(out[0], buffer, sizeof buffer)) > 0;) text.append(buffer, n);
    close(out[0]);
    int status = 0;
    waitpid(child, &status, 0);
    return text;
  }

 private slots:
  void startsAgainWithThePassivePolicy() {
    const std::string seen = childOutput(nullptr);
    QVERIFY2(seen.find("OMP_WAIT_POLICY=passive\n") != std::string::npos, seen.c_str());
    QVERIFY(seen.find("returned") == std::string::npos);
  }
  void keepsAPolicyTheUserChose() { QCOMPARE(childOutput("active"), std::string("returned")); }
};

QTEST_GUILESS_MAIN(TestOpenMpWaitPolicy)
#include "TestOpenMpWaitPolicy.moc"
