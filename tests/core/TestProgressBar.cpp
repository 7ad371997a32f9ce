#include <QtTest>

#include <algorithm>
#include <sstream>

#include "ProgressBar.h"

using aviary::ProgressBar;

// The bar's arithmetic: share, filled cells and time left, including a caller that counts
// more steps than it announced (the demo once drew 33/30, 110% and a negative ETA).
class TestProgressBar : public QObject {
  Q_OBJECT

 private slots:
  void halfwayShowsHalfTheBarAndTheTimeLeft() {
    const auto f = ProgressBar::frame(15, 30, 10.0, 30);
    QCOMPARE(f.done, 15L);
    QCOMPARE(f.share, 0.5);
    QCOMPARE(f.filled, 15);
    QCOMPARE(f.etaSeconds, 10.0);  // 10 s for 15 steps, 15 to go
  }

  void nothingDoneHasNoEstimate() {
    const auto f = ProgressBar::frame(0, 40, 3.0, 30);
    QCOMPARE(f.filled, 0);
    QCOMPARE(f.etaSeconds, 0.0);
  }

  void overshootIsClampedToTheTotal() {
    const auto f = ProgressBar::frame(33, 30, 12.0, 30);
    QCOMPARE(f.done, 30L);
    QCOMPARE(f.share, 1.0);
    QCOMPARE(f.filled, 30);
    QCOMPARE(f.etaSeconds, 0.0);
  }

  void negativeAndEmptyInputsStayInRange() {
    const auto negative = ProgressBar::frame(-2, 10, 5.0, 30);
    QCOMPARE(negative.done, 0L);
    QCOMPARE(negative.filled, 0);
    QVERIFY(negative.etaSeconds >= 0.0);
    const auto empty = ProgressBar::frame(0, 0, 1.0, 30);  // a bar over nothing
    QCOMPARE(empty.total, 1L);
    QCOMPARE(empty.share, 0.0);
    const auto clockWentBack = ProgressBar::frame(3, 10, -1.0, 30);
    QCOMPARE(clockWentBack.etaSeconds, 0.0);
  }

  void aLogGetsALineEachTenthAndQuickWorkNone() {
    std::ostringstream log;
    ProgressBar bar("reading", 20, log);
    for (int i = 0; i < 20; ++i) bar.advance();
    bar.finish();
    const std::string text = log.str();
    QCOMPARE(std::count(text.begin(), text.end(), '\n'), 11L);  // 0%, 10%, ... 100%
    QVERIFY(text.find("20/20 100%") != std::string::npos);
    std::ostringstream quiet;
    ProgressBar quick("reading", 20, quiet, 60);  // done long before a minute
    for (int i = 0; i < 20; ++i) quick.advance();
    quick.finish();
    QVERIFY(quiet.str().empty());
  }

  void aCountedStepNeverGoesBackAndItsTotalMayFall() {
    // Threads report out of order; a fit learns it will boost fewer rounds than planned.
    std::ostringstream log;
    ProgressBar bar("fitting", 10, log);
    bar.set(6, 10);
    bar.set(4, 10);  // a late report: still 6, the same tenth, nothing new drawn
    QVERIFY(log.str().find("6/10") != std::string::npos);
    QVERIFY(log.str().find("4/10") == std::string::npos);
    bar.set(8, 8);
    QVERIFY(log.str().find("8/8 100%") != std::string::npos);
  }

  void filledCellsRoundDown() {
    QCOMPARE(ProgressBar::frame(1, 3, 1.0, 30).filled, 10);
    QCOMPARE(ProgressBar::frame(2, 3, 1.0, 30).filled, 20);
    QCOMPARE(ProgressBar::frame(29, 30, 1.0, 30).filled, 29);
  }
};

QTEST_GUILESS_MAIN(TestProgressBar)
#include "TestProgressBar.moc"
