#include <QtTest>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "HeapReturnPolicy.h"

using aviary::HeapReturnPolicy;

// Freed 128 KiB buffers between small long-lived blocks (what reading scenes does) must go
// back to the system. Each case runs in a child process, so each starts from a fresh heap.
class TestHeapReturnPolicy : public QObject {
  Q_OBJECT

  static long residentKiB() {
    long pages = 0, resident = 0;
    if (FILE* statm = std::fopen("/proc/self/statm", "r")) {
      if (std::fscanf(statm, "%ld %ld", &pages, &resident) != 2) resident = 0;
      std::fclose(statm);
    }
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
  }

  // The resident memory (KiB) a child still holds after freeing 1,000 touched 128 KiB buffers;
  // -1 when the child failed.
  static long heldAfterFreeing(bool withPolicy) {
    int out[2];
    if (pipe(out) != 0) return -1;
    const pid_t child = fork();
    if (child == 0) {
      close(out[0]);
      if (withPolicy && !HeapReturnPolicy::returnLargeBlocks()) _exit(3);
      // One large block freed: glibc's dynamic threshold rises above 128 KiB.
      std::free(std::memset(std::malloc(1 << 20), 1, 1 << 20));
      const long before = residentKiB();
      std::vector<void*> buffers, small;
      buffers.reserve(1000);
      small.reserve(1000);
      for (int i = 0; i < 1000; ++i) {
        buffers.push_back(std::memset(std::malloc(HeapReturnPolicy::kMmapThreshold), 1,
                                      HeapReturnPolicy::kMmapThreshold));
        small.push_back(std::malloc(64));
      }
      for (void* b : buffers) std::free(b);
      const long held = residentKiB() - before;
      for (void* s : small) std::free(s);
      if (write(out[1], &held, sizeof held) != sizeof held) _exit(2);
      _exit(0);
    }
    close(out[1]);
    long held = -1;
    if (read(out[0], &held, sizeof held) != sizeof held) held = -1;
    close(out[0]);
    int status = 0;
    waitpid(child, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? held : -1;
  }

 private slots:
  void freedLargeBuffersGoBackToTheSystem() {
#if !defined(__GLIBC__)
    QSKIP("the policy is glibc's");
#endif
    const long without = heldAfterFreeing(false), with = heldAfterFreeing(true);
    qInfo("resident after freeing 125 MiB of buffers: %ld KiB without the policy, %ld KiB with",
          without, with);
    QVERIFY(with >= 0 && without >= 0);
    QVERIFY2(with < 16 * 1024, std::to_string(with).c_str());
    // The default keeps them; if a C library ever gives them back anyway, there is no contrast.
    if (without > 64 * 1024) QVERIFY(with < without / 4);
  }
};

QTEST_GUILESS_MAIN(TestHeapReturnPolicy)
#include "TestHeapReturnPolicy.moc"
