#include <QtTest>

#include "CsvTable.h"
#include "TextEncoding.h"

using namespace aviary;

class TestCsvTable : public QObject {
  Q_OBJECT

 private slots:
  void quotedFieldsKeepCommasQuotesAndNewlines() {
    const CsvTable table = CsvTable::parse(
        "id,name,note\r\n1,\"Li, Wei\",\"said \"\"hi\"\"\"\r\n2,Bo,\"two\nlines\"\r\n");
    QCOMPARE(table.rowCount(), std::size_t(2));
    QCOMPARE(table.row(0)[1], std::string("Li, Wei"));
    QCOMPARE(table.row(0)[2], std::string("said \"hi\""));
    QCOMPARE(table.row(1)[2], std::string("two\nlines"));
    QCOMPARE(table.lineOf(1), std::size_t(3));
    QVERIFY(table.problems().empty());
  }

  void emptyCellsAndByteOrderMarkAreRead() {
    const CsvTable table = CsvTable::parse(
        "\xEF\xBB\xBF"
        "a,b,c\n1,,3\n,,\n");
    QCOMPARE(table.header()[0], std::string("a"));
    QCOMPARE(table.rowCount(), std::size_t(2));
    QCOMPARE(table.row(0)[1], std::string());
    QCOMPARE(table.row(1)[0], std::string());
    QCOMPARE(table.columnIndex("c"), 2);
    QCOMPARE(table.columnIndex("missing"), -1);
  }

  void textSavedAsGbkIsReadAsGb18030() {
    // Excel on Chinese Windows saves a CSV in GBK: 玉米 is D3 F1 C3 D7, 大豆 B4 F3 B6 B9.
    const CsvTable gbk =
        CsvTable::parse("parcel_id,system\nq1,\xD3\xF1\xC3\xD7\nq2,\xB4\xF3\xB6\xB9\n", "x.csv");
    QCOMPARE(gbk.encoding(), std::string("GB18030"));
    QCOMPARE(gbk.row(0)[1], std::string("玉米"));
    QCOMPARE(gbk.row(1)[1], std::string("大豆"));
    QVERIFY(gbk.encodingNote().find("x.csv is not UTF-8") != std::string::npos);
    // UTF-8 stays as it is and says nothing.
    const CsvTable utf8 = CsvTable::parse("\xEF\xBB\xBFid,system\nq1,玉米\n");
    QCOMPARE(utf8.encoding(), std::string("UTF-8"));
    QCOMPARE(utf8.row(0)[1], std::string("玉米"));
    QVERIFY(utf8.encodingNote().empty());
    // A UTF-8 file with one stray byte (Latin-1 é) is not read as GB18030, which would
    // garble every Chinese name in it.
    const std::string strayText = "id,name\n1,玉米\n2,大豆\n3,caf\xE9s\n";
    QVERIFY(TextEncoding::gb18030ToUtf8(strayText).has_value());  // it would decode, wrongly
    const CsvTable stray = CsvTable::parse(strayText);
    QCOMPARE(stray.encoding(), std::string("UTF-8"));
    QCOMPARE(stray.row(1)[1], std::string("大豆"));
    // Bytes that are neither are kept, for the reader of the field to report.
    const CsvTable neither = CsvTable::parse("id,name\n1,a\xFF\n");
    QCOMPARE(neither.encoding(), std::string("UTF-8"));
    QCOMPARE(neither.row(0)[1], std::string("a\xFF"));
  }

  void utf8IsCheckedStrictly() {
    QVERIFY(TextEncoding::isUtf8("plain, 玉米, café"));
    QVERIFY(TextEncoding::isUtf8(""));
    QVERIFY(!TextEncoding::isUtf8("\xC0\xAF"));      // an overlong '/'
    QVERIFY(!TextEncoding::isUtf8("\xED\xA0\x80"));  // a surrogate
    QVERIFY(!TextEncoding::isUtf8("\xE7\x8E"));      // cut short
    QVERIFY(!TextEncoding::gb18030ToUtf8("\xFF").has_value());
    QVERIFY(TextEncoding::mostlyNotUtf8("\xD3\xF1\xC3\xD7 \xB4\xF3\xB6\xB9"));  // 玉米 大豆
    QVERIFY(!TextEncoding::mostlyNotUtf8("玉米 大豆 caf\xE9s"));
  }

  void badRowsAreSkippedWithTheirLineAndTheRestKept() {
    const CsvTable table =
        CsvTable::parse("a,b\n1,2\n3\n4,5,6\n7,x\"y\n\"8\"z,9\n10,11\n", "apps.csv");
    QCOMPARE(table.rowCount(), std::size_t(2));
    QCOMPARE(table.row(1)[0], std::string("10"));
    QCOMPARE(table.problems().size(), std::size_t(4));
    QCOMPARE(table.problems()[0].line, std::size_t(3));
    QVERIFY(table.problems()[0].message.find("1 fields where the header has 2") !=
            std::string::npos);
    QCOMPARE(table.problems()[1].line, std::size_t(4));
    QCOMPARE(table.problems()[2].line, std::size_t(5));
    QVERIFY(table.problems()[2].message.find("quote") != std::string::npos);
    QCOMPARE(table.problems()[3].line, std::size_t(6));
  }

  void unreadableFilesFailWithWhatToDo() {
    try {
      CsvTable::parse("a,b\n1,\"open\n2,3\n", "apps.csv");
      QFAIL("an unterminated quote must fail");
    } catch (const CsvError& error) {
      QVERIFY(std::string(error.what()).find("line 2 is never closed") != std::string::npos);
    }
    QVERIFY_THROWS_EXCEPTION(CsvError, CsvTable::parse("", "empty.csv"));
    QVERIFY_THROWS_EXCEPTION(CsvError, CsvTable::parse("a,a\n1,2\n"));
    QVERIFY_THROWS_EXCEPTION(CsvError, CsvTable::parse("a,,c\n1,2,3\n"));
    QVERIFY_THROWS_EXCEPTION(CsvError, CsvTable::read("/nonexistent/apps.csv"));
  }

  void realDataReadsCompletely() {
    const CsvTable table =
        CsvTable::read(std::string(AVIARY_SOURCE_DIR) + "/tests/data/credit/credit_data.csv");
    QCOMPARE(table.rowCount(), std::size_t(4454));
    QCOMPARE(table.header().size(), std::size_t(14));
    QVERIFY(table.problems().empty());
  }
};

QTEST_GUILESS_MAIN(TestCsvTable)
#include "TestCsvTable.moc"
