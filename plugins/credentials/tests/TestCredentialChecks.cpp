#include <QtTest>

#include "ChineseAmount.h"
#include "CrossDocumentChecks.h"
#include "DocumentCatalog.h"
#include "DocumentChecks.h"
#include "DocumentDates.h"
#include "FieldExtractor.h"
#include "IdNumberChecksum.h"
#include "ReceiptFieldExtractor.h"
#include "TableLayoutReader.h"
#include "TextSimilarity.h"
#include "UsccChecksum.h"
#include "VinChecksum.h"

using namespace aviary;

namespace {

const CheckResult* findCheck(const std::vector<CheckResult>& checks, const std::string& name) {
  for (const auto& check : checks)
    if (check.name == name) return &check;
  return nullptr;
}

DocumentReading reading(std::string file, std::string kind,
                        std::map<std::string, std::string> values) {
  DocumentReading r;
  r.file = std::move(file);
  r.kind = std::move(kind);
  for (auto& [name, value] : values) r.fields[name] = {value, 0.9};
  return r;
}

}  // namespace

class TestCredentialChecks : public QObject {
  Q_OBJECT

 private slots:
  void usccWorkedExampleIsValid() {
    QVERIFY(UsccChecksum::valid("91350100M000100Y43"));
    QVERIFY(UsccChecksum::organisationCodeValid("91350100M000100Y43"));
  }

  void usccRejectsAlteredCodes() {
    QVERIFY(!UsccChecksum::valid("91350100M000100Y44"));       // wrong check character
    QVERIFY(!UsccChecksum::valid("91350100M000200Y43"));       // one digit changed
    QVERIFY(!UsccChecksum::valid("91350100M000100Y4"));        // too short
    QVERIFY(!UsccChecksum::wellFormed("91350100I000100Y43"));  // I is not in the alphabet
    // Organisation code with a wrong 9th character but a recomputed USCC check.
    const std::string badOrganisation = UsccChecksum::complete("91350100M000100Y5");
    QVERIFY(UsccChecksum::valid(badOrganisation));
    QVERIFY(!UsccChecksum::organisationCodeValid(badOrganisation));
    const auto check = DocumentChecks::usccChecksum("uscc_checksum", "91350100M000100Y44");
    QVERIFY(!check.passed);
    QVERIFY(QString::fromStdString(check.detail).contains("review"));
  }

  void usccNormaliseMapsOcrConfusions() {
    QCOMPARE(UsccChecksum::normalise("9135 01OOM0001OOY43"), std::string("91350100M000100Y43"));
  }

  void vinCheckCharacter() {
    // The worked example of 49 CFR 565 (check character X) and a Chinese VIN.
    QVERIFY(VinChecksum::valid("1M8GDM9AXKP042788"));
    QVERIFY(!VinChecksum::valid("1M8GDM9A1KP042788"));
    QCOMPARE(VinChecksum::complete("1M8GDM9A0KP042788"), std::string("1M8GDM9AXKP042788"));
    QVERIFY(VinChecksum::valid("LSVAU218XN2183294"));
    QVERIFY(!VinChecksum::valid("LSVAU218XN218329"));  // 16 characters
    // O and I are never in a VIN: OCR's O is a zero, its I a one.
    QCOMPARE(VinChecksum::normalise("lsvau2i8xn 2i83294"), std::string("LSVAU218XN2183294"));
  }

  void vinRepairKeepsTheOneSubstitutionTheChecksumAccepts() {
    const std::string vin = "LSVAU218XN2183294";
    QCOMPARE(VinChecksum::repair(vin), std::optional<std::string>(vin));
    // 2 read as Z in the serial: only restoring it passes.
    const auto repaired = VinChecksum::repair("LSVAU218XN2183Z94");
    QVERIFY(repaired.has_value());
    QCOMPARE(*repaired, vin);
    // 8 read as B: restoring it and reading 1 as L both pass, so nothing is guessed.
    QVERIFY(!VinChecksum::repair("LSVAU218XN21B3294").has_value());
    QVERIFY(!VinChecksum::repair("LSVAU218XN218").has_value());
  }

  void idNumberChecksumAndBirthDate() {
    // GB 11643 example: 11010519491231002X.
    QVERIFY(IdNumberChecksum::valid("11010519491231002X"));
    QCOMPARE(IdNumberChecksum::birthDate("11010519491231002X"), std::string("1949-12-31"));
    QVERIFY(!IdNumberChecksum::valid("110105194912310021"));
    QVERIFY(DocumentChecks::idNumber("11010519491231002X", "1949-12-31").passed);
    QVERIFY(!DocumentChecks::idNumber("11010519491231002X", "1949-12-30").passed);
    // A 30 February birth date with a correct check character is still refused.
    const std::string feb30 = IdNumberChecksum::complete("11010519490230002");
    QVERIFY(IdNumberChecksum::valid(feb30));
    QVERIFY(!DocumentChecks::idNumber(feb30, "").passed);
  }

  void datesMustBeReal() {
    QCOMPARE(DocumentDates::parse("2021年3月5日")->iso(), std::string("2021-03-05"));
    QCOMPARE(DocumentDates::parse("成立日期 2021.03.05")->iso(), std::string("2021-03-05"));
    QCOMPARE(DocumentDates::parse("2024/2/29")->iso(), std::string("2024-02-29"));
    QVERIFY(!DocumentDates::parse("2023年2月29日"));
    QVERIFY(!DocumentDates::parse("2023-13-01"));
    QCOMPARE(DocumentDates::parseMonth("2024年5月"), std::string("2024-05"));
    QCOMPARE(DocumentDates::parse("2020-01-31")->monthsUntil(*DocumentDates::parse("2020-03-30")),
             1);
  }

  void amountsInWordsRoundTrip() {
    QCOMPARE(ChineseAmount::toWords(1234560), std::string("壹万贰仟叁佰肆拾伍元陆角整"));
    QCOMPARE(ChineseAmount::toWords(100000005), std::string("壹佰万元零伍分"));
    QCOMPARE(ChineseAmount::toWords(10010000), std::string("壹拾万零壹佰元整"));
    QCOMPARE(*ChineseAmount::parseWords("伍拾万元整"), std::int64_t{50000000});
    QCOMPARE(*ChineseAmount::parseWords("壹亿贰仟万零叁元"), std::int64_t{12000000300});
    QCOMPARE(*ChineseAmount::parseFigures("¥12,345.6"), std::int64_t{1234560});
    QVERIFY(!ChineseAmount::parseWords("营业执照"));
    for (std::int64_t fen : {1LL, 10LL, 100LL, 101000LL, 9999999999LL, 120000000000LL, 7005000LL})
      QCOMPARE(*ChineseAmount::parseWords(ChineseAmount::toWords(fen)), fen);
  }

  void amountFiguresWhosePointOcrLost() {
    // The digits after the last group of three are the fen.
    QCOMPARE(*ChineseAmount::parseFigures("¥2,93952"), std::int64_t{293952});
    QCOMPARE(*ChineseAmount::parseFigures("¥357,88042元"), std::int64_t{35788042});
    QCOMPARE(*ChineseAmount::parseFigures("¥2,939,52"), std::int64_t{293952});
    // Grouped amounts without fen, and ungrouped ones, are read as printed.
    QCOMPARE(*ChineseAmount::parseFigures("¥12,345,678"), std::int64_t{1234567800});
    QCOMPARE(*ChineseAmount::parseFigures("2,939"), std::int64_t{293900});
    QCOMPARE(*ChineseAmount::parseFigures("293952元"), std::int64_t{29395200});
  }

  void aMisreadTwoCharacterLabelFindsAValueInFigures() {
    const KindSpec* bill = DocumentCatalog::find("gas_bill");
    QVERIFY(bill != nullptr);
    auto line = [](std::string text) {
      OcrLine l;
      l.text = std::move(text);
      l.confidence = 0.9;
      return l;
    };
    // "户号" read as "卢号": the account number in figures after it is still found.
    auto fields = FieldExtractor::extract(*bill, {line("卢号2293292974"), line("户名吴华")});
    QCOMPARE(fields["account_no"].value, std::string("2293292974"));
    QCOMPARE(fields["account_name"].value, std::string("吴华"));
    // Not for a value that is not in figures, and not where the exact label is on the page.
    fields = FieldExtractor::extract(*bill, {line("序号日期摘要")});
    QVERIFY(!fields.count("account_no"));
    fields = FieldExtractor::extract(*bill, {line("序号1234"), line("户号5555666677")});
    QCOMPARE(fields["account_no"].value, std::string("5555666677"));
  }

  void amountInWordsAgainstFigures() {
    QVERIFY(DocumentChecks::amountInWords("a", "叁仟伍佰元整", "3500.00").passed);
    QVERIFY(!DocumentChecks::amountInWords("a", "叁仟伍佰元整", "5300.00").passed);
  }

  void invoiceArithmetic() {
    QVERIFY(DocumentChecks::invoiceArithmetic("1000.00", "130.00", "1130.00").passed);
    QVERIFY(!DocumentChecks::invoiceArithmetic("1000.00", "130.00", "1131.00").passed);
  }

  void licenceInForceAsOfADay() {
    QVERIFY(DocumentChecks::inForce("l", "2027-01-01", "2026-06-01").passed);
    QVERIFY(!DocumentChecks::inForce("l", "2026-05-31", "2026-06-01").passed);
    QVERIFY(DocumentChecks::inForce("l", "long_term", "2026-06-01").passed);
  }

  // A licence's term is read whole, start 至 end. Its end decides; a term whose end was not
  // read (a seal over it) is not "expired on" its start date.
  void aTermIsJudgedByItsEnd() {
    QVERIFY(DocumentChecks::inForce("l", "2015-01-27至2047-11-09", "2026-11-01").passed);
    QVERIFY(!DocumentChecks::inForce("l", "2015-01-27至2025-11-09", "2026-11-01").passed);
    QVERIFY(DocumentChecks::inForce("l", "2015-01-27至长期", "2026-11-01").passed);
    const CheckResult cut = DocumentChecks::inForce("l", "2015-01-27至2047", "2026-11-01");
    QVERIFY(!cut.passed && cut.unverified);
  }

  // A value that could not be read leaves its check unmade, which is not a failure: only a
  // document that reads and disagrees fails.
  void aCheckWhoseValueWasNotReadIsUnverifiedNotFailed() {
    const CheckResult words = DocumentChecks::amountInWords("a", "叁仟?佰", "3500.00");
    QVERIFY(!words.passed && words.unverified);
    QVERIFY(!DocumentChecks::amountInWords("a", "叁仟伍佰元整", "5300.00").unverified);
    const CheckResult term = DocumentChecks::inForce("l", "20?6-0", "2026-06-01");
    QVERIFY(!term.passed && term.unverified);
    QVERIFY(!DocumentChecks::inForce("l", "2026-05-31", "2026-06-01").unverified);
    QVERIFY(DocumentChecks::invoiceArithmetic("1000.00", "", "1130.00").unverified);
    QVERIFY(!DocumentChecks::invoiceArithmetic("1000.00", "130.00", "1131.00").unverified);
  }

  void documentChecksRunPerKind() {
    const auto lic = reading("lic.jpg", "business_license",
                             {{"uscc", "91350100M000100Y43"},
                              {"established_date", "2019-02-30"},
                              {"term_end", "2039-01-01"}});
    const auto checks = DocumentChecks::run(lic, "2026-01-01");
    QVERIFY(findCheck(checks, "uscc_checksum")->passed);
    QVERIFY(!findCheck(checks, "dates_real")->passed);
    QVERIFY(findCheck(checks, "licence_in_force")->passed);
    const auto invoice = reading("inv.jpg", "vat_invoice_ordinary",
                                 {{"amount_excl_tax", "100.00"},
                                  {"tax", "13.00"},
                                  {"total", "113.00"},
                                  {"total_in_words", "壹佰壹拾叁元整"},
                                  {"date", "2027-01-01"}});
    const auto invoiceChecks = DocumentChecks::run(invoice, "2026-01-01");
    QVERIFY(findCheck(invoiceChecks, "invoice_arithmetic")->passed);
    QVERIFY(findCheck(invoiceChecks, "amount_in_words_matches")->passed);
    QVERIFY(!findCheck(invoiceChecks, "date_not_in_future")->passed);
  }

  void crossDocumentConsistency() {
    const auto lic = reading("lic.jpg", "business_license",
                             {{"name", "杭州市西湖区张记餐饮有限公司"},
                              {"uscc", "91350100M000100Y43"},
                              {"address", "杭州市西湖区文三路100号"},
                              {"legal_representative", "张伟"},
                              {"established_date", "2019-03-01"}});
    auto lease = reading("lease.jpg", "store_lease",
                         {{"lessee", "张记餐饮有限公司"},
                          {"address", "杭州市西湖区文三路100号一楼"},
                          {"start_date", "2020-01-01"}});
    const auto bill = reading("bill.jpg", "electricity_bill",
                              {{"account_name", "张伟"}, {"address", "杭州市西湖区文三路100号"}});
    auto checks = CrossDocumentChecks::run({lic, lease, bill});
    QVERIFY(findCheck(checks, "name_consistent")->passed);
    QVERIFY(findCheck(checks, "lessee_is_merchant")->passed);
    QVERIFY(findCheck(checks, "bill_address_matches_lease")->passed);
    QVERIFY(findCheck(checks, "established_before_other_dates")->passed);

    lease.fields["lessee"].value = "李强";
    lease.fields["start_date"].value = "2018-01-01";
    auto invoice = reading(
        "inv.jpg", "vat_invoice_ordinary",
        {{"seller_name", "宁波市鑫源贸易有限公司"}, {"seller_tax_id", "91330200MA2AAAAAA1"}});
    checks = CrossDocumentChecks::run({lic, lease, bill, invoice});
    QVERIFY(!findCheck(checks, "lessee_is_merchant")->passed);
    QVERIFY(!findCheck(checks, "name_consistent")->passed);
    QVERIFY(!findCheck(checks, "uscc_consistent")->passed);
    QVERIFY(!findCheck(checks, "established_before_other_dates")->passed);
  }

  void misreadFieldsAreRepairedFromTheirClosedSets() {
    const KindSpec* licence = DocumentCatalog::find("business_license");
    QVERIFY(licence != nullptr);
    // Amounts in words: 抬 is read for 拾, 沫 for 柒; 任 is a unit after a digit (仟).
    const FieldSpec* capital = licence->findField("registered_capital");
    QCOMPARE(FieldExtractor::normalise(*capital, "肆拾沫万元整").value_or(""),
             std::string("470000.00"));
    QCOMPARE(FieldExtractor::normalise(*capital, "贰抬陆万元整").value_or(""),
             std::string("260000.00"));
    QCOMPARE(FieldExtractor::normalise(*capital, "伍万肆任元整").value_or(""),
             std::string("54000.00"));
    // Legal forms: one character misread, or the last one cut off.
    const FieldSpec* name = licence->findField("name");
    QCOMPARE(FieldExtractor::normalise(*name, "杭州市明珠食品有很公司").value_or(""),
             std::string("杭州市明珠食品有限公司"));
    QCOMPARE(FieldExtractor::normalise(*name, "长沙市兴旺水果有限公").value_or(""),
             std::string("长沙市兴旺水果有限公司"));
    QCOMPARE(FieldExtractor::normalise(*name, "福州市鼓楼区兴旺便利店").value_or(""),
             std::string("福州市鼓楼区兴旺便利店"));
    // USCC: the division code is digits; one confusable slip is repaired by the checksum.
    const std::string valid = "91350100M000100Y43";
    QVERIFY(UsccChecksum::valid(valid));
    QCOMPARE(FieldExtractor::repairUscc("9135O1D0M000100Y43"), valid);
    // A card number's mask read as letters; a plain number stays as it is.
    const FieldSpec* account = DocumentCatalog::find("bank_statement")->findField("account_no");
    QCOMPARE(FieldExtractor::normalise(*account, "6222XE0EX3654").value_or(""),
             std::string("6222****3654"));
    QCOMPARE(FieldExtractor::normalise(*account, "6222021234567890").value_or(""),
             std::string("6222021234567890"));
  }

  void checksTolerateReality() {
    // A 15-digit tax number from before 2015 is a tax number, not a failed USCC.
    auto special =
        reading("s.jpg", "vat_invoice_special",
                {{"seller_tax_id", "410305012345678"}, {"buyer_tax_id", "410305123456789"}});
    auto checks = DocumentChecks::run(special, "2026-01-01");
    QVERIFY(findCheck(checks, "seller_tax_id_tax_number_format")->passed);
    QVERIFY(findCheck(checks, "seller_tax_id_uscc_checksum") == nullptr);
    // A USCC of 17 characters fails its checksum: it is not mended by adding a 9.
    const FieldSpec* uscc = DocumentCatalog::find("business_license")->findField("uscc");
    const std::string shortCode =
        FieldExtractor::normalise(*uscc, "1350100M000100Y43").value_or("");
    QCOMPARE(shortCode, std::string("1350100M000100Y43"));
    auto licence = reading("l.jpg", "business_license", {{"uscc", shortCode}});
    QVERIFY(!findCheck(DocumentChecks::run(licence, "2026-01-01"), "uscc_checksum")->passed);
    // Tax rounded line by line: 6.08 on 46.62 at 13% passes, 6.50 does not.
    QVERIFY(DocumentChecks::taxAtRate("46.62", "6.08", "13").passed);
    QVERIFY(!DocumentChecks::taxAtRate("46.62", "6.50", "13").passed);
    QVERIFY(DocumentChecks::invoiceArithmetic("46.62", "6.08", "52.70").passed);
  }

  void datesAsReceiptsPrintThem() {
    QCOMPARE(DocumentDates::parseAny("Date: 25/12/2018 8:13:39 PM")->iso(),
             std::string("2018-12-25"));
    QCOMPARE(DocumentDates::parseAny("12-01-19")->iso(), std::string("2019-01-12"));
    QCOMPARE(DocumentDates::parseAny("05 MAR 2018")->iso(), std::string("2018-03-05"));
    QCOMPARE(DocumentDates::parseAny("28-Mar-18 14:02")->iso(), std::string("2018-03-28"));
    QCOMPARE(DocumentDates::parseAny("2019年05月08日")->iso(), std::string("2019-05-08"));
    QVERIFY(!DocumentDates::parseAny("31/02/2018"));
  }

  void receiptFieldsWithoutLabels() {
    auto line = [](std::string text, int y) {
      return OcrLine{std::move(text), 0.9, 10, y, 300, 20, {}};
    };
    const std::vector<OcrLine> english = {line("tan woon yann", 0),
                                          line("BOOK TA.K (TAMAN DAYA) SDN BHD", 30),
                                          line("789417-W", 60),
                                          line("NO.5, JALAN SAGU 18, TAMAN DAYA", 90),
                                          line("Date: 25/12/2018 8:13:39 PM", 120),
                                          line("Total: 9.00", 150),
                                          line("Rounded Total (RM): 9.00", 180),
                                          line("Cash 10.00", 210),
                                          line("CHANGE 1.00", 240)};
    auto fields = ReceiptFieldExtractor::extract(english);
    QCOMPARE(fields["merchant_name"].value, std::string("BOOK TA.K (TAMAN DAYA) SDN BHD"));
    QCOMPARE(fields["date"].value, std::string("2018-12-25"));
    QCOMPARE(fields["total"].value, std::string("9.00"));
    const std::vector<OcrLine> chinese = {line("欢迎光临", 0),
                                          line("好又多便利店", 30),
                                          line("地址:福州市鼓楼区五一路8号", 60),
                                          line("日期:2024-03-05 10:21", 90),
                                          line("合计:¥36.50", 120),
                                          line("找零:3.50", 150)};
    fields = ReceiptFieldExtractor::extract(chinese);
    QCOMPARE(fields["merchant_name"].value, std::string("好又多便利店"));
    QCOMPARE(fields["date"].value, std::string("2024-03-05"));
    QCOMPARE(fields["total"].value, std::string("36.50"));
  }

  void invoiceFieldsFromTheirCells() {
    // An e-invoice as the OCR finds its cells: a label spaced over its cell ("名", "称:"),
    // the buyer's block above the seller's, and a total row under the column headers.
    auto cell = [](std::string text, int x, int y, int width) {
      return OcrLine{std::move(text), 0.95, x, y, width, 24, {}};
    };
    const std::vector<OcrLine> cells = {cell("名", 90, 173, 23),
                                        cell("称:个人", 183, 172, 72),
                                        cell("纳税人识别号:", 91, 204, 123),
                                        cell("227268<07//400<+3->>><0*8+6", 778, 206, 401),
                                        cell("金额", 862, 299, 63),
                                        cell("税率", 984, 297, 46),
                                        cell("税额", 1095, 299, 64),
                                        cell("46.62", 936, 329, 45),
                                        cell("13%", 991, 327, 38),
                                        cell("6.08", 1175, 327, 36),
                                        cell("合", 120, 526, 20),
                                        cell("计", 201, 526, 23),
                                        cell("¥46.62", 894, 530, 87),
                                        cell("¥6.08", 1138, 531, 73),
                                        cell("名", 91, 605, 21),
                                        cell("称:天津瑞佳讯贸易有限公司", 184, 603, 237),
                                        cell("纳税人识别号:91120222079642398Y", 92, 633, 391)};
    const KindSpec* invoice = DocumentCatalog::find("vat_invoice_ordinary");
    std::map<std::string, ExtractedField> fields;
    TableLayoutReader::complete(*invoice, cells, fields);
    QCOMPARE(fields["buyer_name"].value, std::string("个人"));
    QCOMPARE(fields["seller_name"].value, std::string("天津瑞佳讯贸易有限公司"));
    QCOMPARE(fields["seller_tax_id"].value, std::string("91120222079642398Y"));
    QVERIFY(!fields.count("buyer_tax_id"));  // the cipher beside an empty label is no tax id
    QCOMPARE(fields["amount_excl_tax"].value, std::string("46.62"));
    QCOMPARE(fields["tax"].value, std::string("6.08"));
    QCOMPARE(fields["tax_rate"].value, std::string("13"));
  }

  void organisationNamesAllowAbbreviation() {
    QVERIFY(TextSimilarity::sameOrganisation("杭州市张记餐饮有限公司", "张记餐饮"));
    QVERIFY(!TextSimilarity::sameOrganisation("杭州市张记餐饮有限公司", "李家超市"));
  }
};

QTEST_GUILESS_MAIN(TestCredentialChecks)
#include "TestCredentialChecks.moc"
