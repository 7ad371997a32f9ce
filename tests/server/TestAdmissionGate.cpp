#include <QtTest>

#include <atomic>
#include <thread>

#include "AdmissionGate.h"

using namespace aviary;

// Readings run a few at a time; a bounded queue waits its turn and whoever comes after is
// refused at once (the server's 503 with Retry-After), never left hanging.
class TestAdmissionGate : public QObject {
  Q_OBJECT

 private slots:
  void aFullGateRefusesAtOnceAndAQueuedCallerGetsItsTurn() {
    AdmissionGate gate(1, 1);
    auto first = gate.enter();
    QVERIFY(first.has_value());
    std::atomic<bool> secondRan{false};
    std::thread second([&] {
      auto pass = gate.enter();
      secondRan = pass.has_value();
    });
    QTRY_COMPARE_WITH_TIMEOUT(gate.queued(), std::size_t{1}, 5000);
    QVERIFY(!secondRan);
    const auto started = std::chrono::steady_clock::now();
    QVERIFY(!gate.enter().has_value());  // running 1 and queued 1: refused, without waiting
    QVERIFY(std::chrono::steady_clock::now() - started < std::chrono::seconds(1));
    QVERIFY(gate.retryAfterSeconds() >= 1);
    first.reset();  // the running turn ends: the queued caller runs
    second.join();
    QVERIFY(secondRan);
    QCOMPARE(gate.queued(), std::size_t{0});
    QVERIFY(gate.enter().has_value());
  }

  void neverMoreRunThanTheLimit() {
    AdmissionGate gate(2, 100);
    std::atomic<int> inside{0}, most{0}, refused{0};
    std::vector<std::thread> callers;
    for (int t = 0; t < 8; ++t)
      callers.emplace_back([&] {
        for (int i = 0; i < 10; ++i) {
          auto pass = gate.enter();
          if (!pass) {
            ++refused;
            continue;
          }
          const int now = ++inside;
          int seen = most.load();
          while (now > seen && !most.compare_exchange_weak(seen, now)) {
          }
          std::this_thread::sleep_for(std::chrono::microseconds(300));
          --inside;
        }
      });
    for (auto& caller : callers) caller.join();
    QCOMPARE(refused.load(), 0);  // 8 callers never fill a queue of 100
    QVERIFY(most <= 2);
    QVERIFY(most >= 1);
  }
};

QTEST_GUILESS_MAIN(TestAdmissionGate)
#include "TestAdmissionGate.moc"
