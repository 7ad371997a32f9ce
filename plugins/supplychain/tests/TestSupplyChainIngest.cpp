#include <QtTest>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>

#include "CsvReader.h"
#include "PaymentNetworkLoader.h"

using namespace aviary::supplychain;
namespace fs = std::filesystem;

class TestSupplyChainIngest : public QObject {
  Q_OBJECT

 private:
  fs::path dir_;
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }
  static const BadRowReport::Row* rowAt(const BadRowReport& report, std::size_t line) {
    for (const auto& r : report.rows())
      if (r.line == line) return &r;
    return nullptr;
  }

 private slots:
  void initTestCase() {
    dir_ = fs::temp_directory_path() /
           ("aviary_sc_ingest_" + std::to_string(QCoreApplication::applicationPid()));
    fs::create_directories(dir_);
  }
  void cleanupTestCase() { fs::remove_all(dir_); }

  void eachBadRowKindIsReportedWithItsLineAndTheRestLoad() {
    write(
        "transactions.csv",
        "txn_id,time,payer_id,payer_name,payee_id,payee_name,amount,channel,memo\n"
        "T1,2025-01-05T10:00:00,F1,甲商贸有限公司,F2,乙食品有限公司,100.50,bank,货款\n"  // 2
        "T2,2025-01-06T11:00:00+08:00,F1,甲商贸有限公司,F2,乙食品有限公司,20,bank,\"订单#1,"
        "\n含运费\"\n"                                                // 3-4
        "T3,2025-01-07T10:00:00,F1,甲,F2,乙,10.00,bank\n"             // 5: 8 columns
        "T4,2025-01-07T10:00:00,F1,甲,F2,乙,10.00,bank,\"abc\"def\n"  // 6: text after quote
        "T5,2025-01-07T10:00:00,F1,\xff\xfe,F2,乙,10.00,bank,\n"      // 7: not UTF-8
        "T6,2025-01-07T10:00:00,F1,甲,F2,乙,-5,bank,\n"               // 8
        "T7,2025-01-07T10:00:00,F1,甲,F2,乙,0.00,bank,\n"             // 9
        "T8,2025-01-07T10:00:00,F1,甲,F2,乙,abc,bank,\n"              // 10
        "T9,2025-13-01T10:00:00,F1,甲,F2,乙,10.00,bank,\n"            // 11
        "T10,2025-01-07T10:00:00,F1,甲,F1,甲,10.00,bank,\n"           // 12
        "T1,2025-01-05T10:00:00,F1,甲商贸有限公司,F2,乙食品有限公司,100.50,bank,货款\n"  // 13:
                                                                                         // duplicate
        "T11,2025-02-01T09:30,F2,乙食品有限公司,F3,丙原料有限公司,200.00,bank,进货\r\n"  // 14
        "T12,2025-01-07T10:00:00,F1,甲,F2,乙,1.234,bank,\n");                            // 15
    write("holdings.csv",
          "holder_id,firm_id,share\n"
          "P1,F1,0.6\n"
          "P1,F999,0.5\n"  // 3: unknown firm
          "P2,F2,1.5\n");  // 4: share out of range
    BadRowReport report;
    std::vector<std::string> warnings;
    const PaymentNetwork net = PaymentNetworkLoader::load(
        {dir_ / "transactions.csv", {}, dir_ / "holdings.csv", dir_ / "missing_certificates.csv"},
        report, warnings);

    QCOMPARE(net.txnCount(), std::size_t{3});
    using K = BadRowReport::Kind;
    const std::vector<std::pair<std::size_t, K>> expected = {
        {5, K::ColumnCount},     {6, K::Malformed},  {7, K::NonUtf8},  {8, K::BadAmount},
        {9, K::BadAmount},       {10, K::BadAmount}, {11, K::BadTime}, {12, K::SelfPayment},
        {13, K::DuplicateTxnId}, {15, K::BadAmount}};
    for (const auto& [line, kind] : expected) {
      const auto* row = rowAt(report, line);
      QVERIFY2(row != nullptr, ("no report for line " + std::to_string(line)).c_str());
      QVERIFY2(row->kind == kind,
               (std::to_string(line) + ": " + BadRowReport::kindName(row->kind)).c_str());
      QVERIFY(!row->error.empty());
    }
    const auto* unknown = rowAt(report, 3);
    QVERIFY(unknown && unknown->file == "holdings.csv" && unknown->kind == K::UnknownFirm);
    QVERIFY(rowAt(report, 4) && rowAt(report, 4)->kind == K::BadValue);
    QCOMPARE(report.total(), expected.size() + 2);
    QCOMPARE(report.count(K::BadAmount), std::size_t{4});
    QCOMPARE(net.holdings.size(), std::size_t{1});
    QCOMPARE(warnings.size(), std::size_t{1});
    QVERIFY(warnings[0].find("missing_certificates.csv") != std::string::npos);

    // The duplicate of T1 is not counted twice: F1 paid F2 twice, 120.50 in all.
    const std::uint32_t f1 = net.parties.find("F1"), f2 = net.parties.find("F2");
    const std::uint32_t pair = net.findPair(f1, f2);
    QVERIFY(pair != PartyTable::kNone);
    QCOMPARE(net.pairs[pair].txnCount, 2u);
    QCOMPARE(net.pairs[pair].cents, std::int64_t{12050});
    QCOMPARE(net.pairs[pair].memoCount[static_cast<std::size_t>(MemoClass::Goods)], 2u);
    QCOMPARE(net.line[1], 3u);  // T2 starts on line 3; its memo spans into line 4
    QCOMPARE(net.line[2], 14u);
  }

  void aBankExportSavedInGbkIsReadAsGb18030() {
    // 甲商贸 pays 乙食品 for goods (货款), written as a Chinese bank export writes it: GBK.
    const std::string gbkPayer = "\xBC\xD7\xC9\xCC\xC3\xB3", gbkPayee = "\xD2\xD2\xCA\xB3\xC6\xB7",
                      gbkGoods = "\xBB\xF5\xBF\xEE";
    std::string text = "txn_id,time,payer_id,payer_name,payee_id,payee_name,amount,channel,memo\n";
    for (int i = 1; i <= 3; ++i)
      text += "T" + std::to_string(i) + ",2025-01-0" + std::to_string(i) + "T10:00:00,F1," +
              gbkPayer + ",F2," + gbkPayee + ",100.00,bank," + gbkGoods + "\n";
    write("gbk_transactions.csv", text);
    write("gbk_firms.csv", "firm_id,name,kind\nF1," + gbkPayer + ",enterprise\n");
    BadRowReport report;
    std::vector<std::string> warnings;
    const PaymentNetwork net = PaymentNetworkLoader::load(
        {dir_ / "gbk_transactions.csv", dir_ / "gbk_firms.csv", {}, {}}, report, warnings);
    QCOMPARE(report.total(), std::size_t{0});
    QCOMPARE(net.txnCount(), std::size_t{3});
    QCOMPARE(report.notes().size(), std::size_t{2});
    QVERIFY(report.summary().find("gbk_transactions.csv is not UTF-8") != std::string::npos);
    const std::uint32_t f1 = net.parties.find("F1"), f2 = net.parties.find("F2");
    const std::uint32_t pair = net.findPair(f1, f2);
    QVERIFY(pair != PartyTable::kNone);
    QCOMPARE(net.pairs[pair].memoCount[static_cast<std::size_t>(MemoClass::Goods)], 3u);
    QCOMPARE(net.names[f1], std::string("甲商贸"));
    QCOMPARE(net.names[f2], std::string("乙食品"));
  }

  // A quote that nothing closes would, read strictly, swallow the rest of the file: only its
  // own row is lost, whether the file is read whole, in stretches or through a small buffer.
  void strayQuoteThatIsNeverClosedLosesOnlyItsRow() {
    std::string text = "txn_id,time,payer_id,payer_name,payee_id,payee_name,amount,channel,memo\n";
    text += "T1,2025-01-05T10:00:00,F1,甲,F2,乙,10.00,bank,货款\n";      // 2
    text += "T2,2025-01-05T10:00:00,F1,甲,F2,乙,10.00,bank,\"未闭合\n";  // 3: stray quote
    for (int i = 3; i < 300; ++i)                                        // 4..300
      text += "T" + std::to_string(i) + ",2025-01-06T10:00:00,F1,甲,F2,乙,1.00,bank,进货\n";
    write("stray_quote.csv", text);
    for (unsigned threads : {1u, 2u, 4u}) {
      BadRowReport report;
      std::vector<std::string> warnings;
      const PaymentNetwork net = PaymentNetworkLoader::load({dir_ / "stray_quote.csv", {}, {}, {}},
                                                            report, warnings, threads);
      QCOMPARE(net.txnCount(), std::size_t{298});
      QCOMPARE(report.total(), std::size_t{1});
      const auto* row = rowAt(report, 3);
      QVERIFY(row && row->kind == BadRowReport::Kind::Malformed);
      QVERIFY2(row->error.find("never closed") != std::string::npos, row->error.c_str());
      QCOMPARE(net.line.back(), 300u);
    }
    CsvReader csv(dir_ / "stray_quote.csv", 1024);
    std::size_t records = 0, malformed = 0;
    while (csv.next()) {
      ++records;
      malformed += csv.malformed();
    }
    QCOMPARE(records, std::size_t{300});  // the header and every row
    QCOMPARE(malformed, std::size_t{1});
  }

  // The file is read in stretches on several threads; cuts fall inside quoted memos that span
  // lines, so stretches must be re-read. Every thread count gives the single pass's result.
  void stretchesReadInParallelGiveTheSamePassAsOne() {
    std::string text = "txn_id,time,payer_id,payer_name,payee_id,payee_name,amount,channel,memo\n";
    std::size_t line = 2;
    std::vector<std::size_t> goodLines, badLines;
    std::set<std::string> keptIds;
    std::size_t duplicates = 0;
    for (int i = 0; i < 4000; ++i) {
      const std::string id = "T" + std::to_string(i % 3001);  // ids from 3001 on repeat
      const std::string payer = "F" + std::to_string((i * 7) % 311);
      const std::string payee = "F" + std::to_string((i * 13 + 5) % 297 + 311);
      // A payer's first row has no name; later ones do: the first non-empty name is kept.
      const std::string payerName = i < 311 ? "" : "商贸" + std::to_string(i % 311);
      std::string row = id + ",2025-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10) +
                        "T10:0" + std::to_string(i % 10) + ":00," + payer + "," + payerName + "," +
                        payee + ",乙" + std::to_string(i) + ",";
      std::size_t lines = 1;
      bool bad = false;
      if (i % 17 == 3) {
        row += "-1,bank,";  // bad amount
        bad = true;
      } else {
        row += std::to_string(100 + i) + ".5,bank,";
      }
      if (i % 2 == 0) {
        row += "\"货款\n第" + std::to_string(i) + "批,\"\"急\"\"\n\"";  // spans three lines
        lines = 3;
      } else if (i % 23 == 0) {
        row += "\"未闭合\"x";  // text after the closing quote
        bad = true;
      } else {
        row += "进货";
      }
      text += row + (i % 5 == 0 ? "\r\n" : "\n");
      // A repeated id is a duplicate only when its first row was kept.
      const bool duplicate = !bad && !keptIds.insert(id).second;
      duplicates += duplicate;
      (bad || duplicate ? badLines : goodLines).push_back(line);
      line += lines;
    }
    write("stretches.csv", text);

    struct Pass {
      PaymentNetwork net;
      BadRowReport report;
    };
    auto load = [&](unsigned threads) {
      auto pass = std::make_unique<Pass>();
      std::vector<std::string> warnings;
      pass->net = PaymentNetworkLoader::load({dir_ / "stretches.csv", {}, {}, {}}, pass->report,
                                             warnings, threads);
      return pass;
    };
    const auto one = load(1);
    // What the file holds, independent of the reader: every good row, on its line.
    QCOMPARE(one->net.txnCount(), goodLines.size());
    std::vector<std::size_t> lines(one->net.line.begin(), one->net.line.end());
    std::sort(lines.begin(), lines.end());
    QVERIFY(lines == goodLines);
    QCOMPARE(one->report.total(), badLines.size());
    for (std::size_t l : badLines) QVERIFY2(rowAt(one->report, l), std::to_string(l).c_str());
    QVERIFY(duplicates > 500);
    QCOMPARE(one->report.count(BadRowReport::Kind::DuplicateTxnId), duplicates);
    const std::uint32_t f7 = one->net.parties.find("F7");
    QVERIFY(f7 != PartyTable::kNone);
    QVERIFY(!one->net.names[f7].empty());

    for (unsigned threads : {2u, 3u, 4u, 7u, 8u}) {
      const auto many = load(threads);
      const auto& a = one->net;
      const auto& b = many->net;
      QCOMPARE(b.txnCount(), a.txnCount());
      QCOMPARE(b.partyCount(), a.partyCount());
      for (std::uint32_t k = 0; k < a.partyCount(); ++k) {
        QCOMPARE(b.parties.id(k), a.parties.id(k));
        QCOMPARE(b.names[k], a.names[k]);
      }
      QVERIFY(b.time == a.time && b.payer == a.payer && b.payee == a.payee && b.cents == a.cents &&
              b.memo == a.memo && b.line == a.line && b.txnIdText == a.txnIdText &&
              b.txnIdEnd == a.txnIdEnd);
      QCOMPARE(many->report.rows().size(), one->report.rows().size());
      for (std::size_t r = 0; r < a.txnCount() && r < one->report.rows().size(); ++r) {
        const auto& x = one->report.rows()[r];
        const auto& y = many->report.rows()[r];
        QVERIFY(x.line == y.line && x.kind == y.kind && x.id == y.id && x.error == y.error);
      }
    }
  }

  void readerHandlesQuotesAcrossBufferBoundaries() {
    std::string text = "a,b,c\r\n";
    for (int i = 0; i < 3000; ++i)
      text += std::to_string(i) + ",\"x\"\"" + std::to_string(i) + "\nline\",plain" +
              std::to_string(i) + "\r\n";
    write("quotes.csv", text);
    CsvReader csv(dir_ / "quotes.csv", 1024);
    QVERIFY(csv.next());
    QCOMPARE(csv.size(), std::size_t{3});
    int n = 0;
    while (csv.next()) {
      QVERIFY(!csv.malformed());
      QCOMPARE(csv.size(), std::size_t{3});
      QCOMPARE(std::string(csv[1]), "x\"" + std::to_string(n) + "\nline");
      QCOMPARE(std::string(csv[2]), "plain" + std::to_string(n));
      QCOMPARE(csv.line(), static_cast<std::size_t>(2 + 2 * n));
      ++n;
    }
    QCOMPARE(n, 3000);
  }

  void parsersAcceptTheFormatsAndRejectTheRest() {
    std::int64_t cents = 0, t = 0, t2 = 0;
    QVERIFY(PaymentNetworkLoader::parseAmountCents("12.3", cents) && cents == 1230);
    QVERIFY(!PaymentNetworkLoader::parseAmountCents("1e5", cents));
    QVERIFY(!PaymentNetworkLoader::parseAmountCents("", cents));
    QVERIFY(PaymentNetworkLoader::parseTime("2025-03-01T08:00:00Z", t));
    QVERIFY(PaymentNetworkLoader::parseTime("2025-03-01 16:00:00", t2));
    QCOMPARE(t, t2);  // UTC 08:00 is 16:00 in China
    QVERIFY(!PaymentNetworkLoader::parseTime("2025-02-30T08:00:00", t));
    QVERIFY(!PaymentNetworkLoader::parseTime("yesterday", t));
  }
};

QTEST_GUILESS_MAIN(TestSupplyChainIngest)
#include "TestSupplyChainIngest.moc"
