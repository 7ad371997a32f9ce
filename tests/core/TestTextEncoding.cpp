#include <QtTest>

#include "TextEncoding.h"

using aviary::TextEncoding;

// The one UTF-8 check every reader uses (CSV tables, transactions, firms).
class TestTextEncoding : public QObject {
  Q_OBJECT

 private slots:
  void chineseNamesAreUtf8AndOverlongFormsAreNot() {
    QVERIFY(TextEncoding::isUtf8("福州鑫源"));
    QVERIFY(!TextEncoding::isUtf8("\xc0\xaf"));  // overlong
  }
};

QTEST_GUILESS_MAIN(TestTextEncoding)
#include "TestTextEncoding.moc"
