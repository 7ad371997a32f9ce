#include <QtTest>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include "ResourcePool.h"

using namespace aviary;

// The pool lends each object to one borrower at a time and, with a limit, never makes more
// than that many: other borrowers wait for one to come back.
class TestResourcePool : public QObject {
  Q_OBJECT

 private slots:
  void prefillMakesObjectsAheadWithinTheLimit() {
    int made = 0;
    ResourcePool<int> pool([&] { return std::make_unique<int>(++made); }, 3);
    pool.prefill(5);
    QCOMPARE(made, 3);  // the limit holds
    {
      auto a = pool.borrow();
      auto b = pool.borrow();
      auto c = pool.borrow();
      QCOMPARE(made, 3);  // all three were ready: none made on demand
    }
    pool.prefill(2);
    QCOMPARE(made, 3);  // enough exist already
  }

  void aLimitedPoolMakesNoMoreThanItsLimit() {
    std::atomic<int> made{0}, inUse{0}, mostInUse{0};
    ResourcePool<int> pool([&] { return std::make_unique<int>(++made); }, 2);
    std::vector<std::thread> borrowers;
    for (int t = 0; t < 8; ++t)
      borrowers.emplace_back([&] {
        for (int i = 0; i < 20; ++i) {
          auto lease = pool.borrow();
          const int now = ++inUse;
          int seen = mostInUse.load();
          while (now > seen && !mostInUse.compare_exchange_weak(seen, now)) {
          }
          std::this_thread::sleep_for(std::chrono::microseconds(200));
          --inUse;
        }
      });
    for (auto& b : borrowers) b.join();
    QCOMPARE(made.load(), 2);
    QVERIFY(mostInUse.load() <= 2);
  }

  void anObjectWhoseUserThrewIsReplaced() {
    int made = 0;
    ResourcePool<int> pool([&] { return std::make_unique<int>(++made); }, 1);
    try {
      auto lease = pool.borrow();
      throw std::runtime_error("the user failed");
    } catch (const std::runtime_error&) {
    }
    auto lease = pool.borrow();  // would wait forever if the dropped one still counted
    QCOMPARE(*lease, 2);
  }

  void aFailingFactoryLeavesRoom() {
    bool fail = true;
    ResourcePool<int> pool(
        [&] {
          if (fail) throw std::runtime_error("no connection");
          return std::make_unique<int>(7);
        },
        1);
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, pool.borrow());
    fail = false;
    QCOMPARE(*pool.borrow(), 7);
  }
};

QTEST_GUILESS_MAIN(TestResourcePool)
#include "TestResourcePool.moc"
