#include <QtTest>

#include <filesystem>

#include <pqxx/pqxx>

#include "DocumentLedger.h"
#include "MigrationRunner.h"
#include "TestDatabaseCluster.h"

using namespace aviary;
namespace fs = std::filesystem;

// The credentials source's own documents table, in its own schema, against a real database:
// a re-encoded copy of another merchant's photo is found; the merchant's own photos and
// other documents are not; a case's documents are recorded once however often it is read.
class TestDocumentLedger : public QObject {
  Q_OBJECT

  std::unique_ptr<testing::TestDatabaseCluster> cluster_;
  std::string url_;

  long count(const std::string& sql) {
    pqxx::connection connection(url_);
    pqxx::read_transaction tx(connection);
    return tx.exec1(sql)[0].as<long>();
  }
  std::int64_t addCase(const std::string& merchant) {
    pqxx::connection connection(url_);
    pqxx::work tx(connection);
    tx.exec_params(
        "INSERT INTO merchants (merchant_id, name, segment) VALUES ($1, $1, 'shop') "
        "ON CONFLICT DO NOTHING",
        merchant);
    const auto id =
        tx.exec_params1(
              "INSERT INTO applications (idempotency_key, merchant_id, requested_amount_cny, "
              "case_file) VALUES ($1, $2, 1000, '{}') RETURNING case_id",
              merchant + "-case", merchant)[0]
            .as<std::int64_t>();
    tx.commit();
    return id;
  }
  static std::vector<DocumentLedger::Document> photo(std::uint64_t hash) {
    return {{"licence.jpg", "/nonexistent/licence.jpg", hash, "business_license"}};
  }

 private slots:
  void initTestCase() {
    cluster_ = std::make_unique<testing::TestDatabaseCluster>();
    url_ = cluster_->createMigratedDatabase("ledger");  // the host's public.documents exists
    MigrationRunner(url_, fs::path(AVIARY_PLUGIN_SOURCE_DIR) / "migrations", "credentials")
        .migrate();
  }
  void cleanupTestCase() { cluster_.reset(); }

  void theHostsTableMovedIntoTheSourcesSchema() {
    QCOMPARE(count("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = "
                   "'documents'"),
             0L);
    QCOMPARE(count("SELECT count(*) FROM credentials.documents"), 0L);
  }

  void aNearCopyFromAnotherMerchantIsFound() {
    const DocumentLedger ledger(url_, "credentials");
    const auto first = addCase("M-a");
    QVERIFY(ledger.compareAndRecord("M-a", first, photo(0x00ff00ff00ff00ffULL)).empty());
    QVERIFY(ledger.compareAndRecord("M-a", first, photo(0x00ff00ff00ff00ffULL)).empty());
    QCOMPARE(count("SELECT count(*) FROM credentials.documents WHERE merchant_id = 'M-a'"), 1L);

    const auto copies = ledger.compareAndRecord("M-b", 0, photo(0x00ff00ff00ff00fcULL));
    QCOMPARE(copies.size(), std::size_t(1));
    QCOMPARE(copies[0].otherMerchant, std::string("M-a"));
    QCOMPARE(copies[0].otherCase, first);
    QCOMPARE(copies[0].distance, 2);
    QVERIFY(ledger.compareAndRecord("M-a", 0, photo(0x00ff00ff00ff00fcULL)).empty());  // its own
    QVERIFY(ledger.compareAndRecord("M-b", 0, photo(0xff00ff00ff00ff00ULL)).empty());  // another
    QCOMPARE(count("SELECT count(*) FROM credentials.documents"), 1L);  // case 0: not recorded

    Evidence evidence;
    DocumentLedger::annotate(evidence, copies);
    QCOMPARE(evidence.features.at("duplicate_documents"), 1.0);
    QCOMPARE(evidence.facts.size(), std::size_t(1));
  }

  void aSchemaNameIsNeverSql() {
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, DocumentLedger(url_, "x; DROP TABLE y"));
  }
};

QTEST_GUILESS_MAIN(TestDocumentLedger)
#include "TestDocumentLedger.moc"
