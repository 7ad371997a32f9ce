#include <QtTest>

#include "CalendarDate.h"

using aviary::CalendarDate;

class TestCalendarDate : public QObject {
  Q_OBJECT

 private slots:
  void readsAndWritesIsoDates() {
    const auto date = CalendarDate::fromIso("2024-02-29");
    QVERIFY(date.has_value());
    QCOMPARE(date->year(), 2024);
    QCOMPARE(date->month(), 2);
    QCOMPARE(date->day(), 29);
    QCOMPARE(QString::fromStdString(date->iso()), QString("2024-02-29"));
    QCOMPARE(date->dayOfYear(), 60);
  }

  void refusesDatesThatDoNotExist() {
    QVERIFY(!CalendarDate::fromIso("2023-02-29"));
    QVERIFY(!CalendarDate::fromIso("2023-13-01"));
    QVERIFY(!CalendarDate::fromIso("2023-1-01"));
    QVERIFY(!CalendarDate::fromIso("2023-01-01T00:00"));
    QVERIFY(!CalendarDate::fromIso("0000-01-01"));
    QVERIFY(!CalendarDate::fromParts(1900, 2, 29));
    QVERIFY(CalendarDate::fromParts(2000, 2, 29));
  }

  void countsDaysFromTheEpochBothWays() {
    QCOMPARE(CalendarDate::fromIso("1970-01-01")->daysSinceEpoch(), std::int64_t{0});
    QCOMPARE(CalendarDate::fromIso("1969-12-31")->daysSinceEpoch(), std::int64_t{-1});
    QCOMPARE(CalendarDate::fromIso("2000-03-01")->daysSinceEpoch(), std::int64_t{11017});
    // Every day of four centuries survives the round trip through day numbers.
    for (std::int64_t day = -200000; day <= 200000; day += 1) {
      const CalendarDate date = CalendarDate::fromDaysSinceEpoch(day);
      QCOMPARE(CalendarDate::daysFromCivil(date.year(), date.month(), date.day()), day);
    }
    static_assert(CalendarDate::daysFromCivil(2026, 12, 5) == 20792);
  }

  void runsSeasonsIntoTheNextYear() {
    QCOMPARE(QString::fromStdString(CalendarDate::fromYearAndDay(2026, 1).iso()),
             QString("2026-01-01"));
    QCOMPARE(QString::fromStdString(CalendarDate::fromYearAndDay(2026, 366).iso()),
             QString("2027-01-01"));
    QCOMPARE(QString::fromStdString(CalendarDate::fromYearAndDay(2024, 366).iso()),
             QString("2024-12-31"));
  }

  void countsWholeMonths() {
    const auto start = *CalendarDate::fromIso("2024-01-31");
    QCOMPARE(start.monthsUntil(*CalendarDate::fromIso("2024-02-29")), 0);
    QCOMPARE(start.monthsUntil(*CalendarDate::fromIso("2024-03-31")), 2);
    QCOMPARE(start.monthsUntil(*CalendarDate::fromIso("2023-12-31")), -1);
    QVERIFY(start < start.plusDays(1));
  }
};

QTEST_GUILESS_MAIN(TestCalendarDate)
#include "TestCalendarDate.moc"
