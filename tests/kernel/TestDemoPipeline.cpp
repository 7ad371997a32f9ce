#include <QtTest>

#include <pqxx/pqxx>

#include "TestDatabaseCluster.h"

using namespace aviary;

// The main job end to end: `aviary demo` builds a small portfolio with the three simulators
// and decides it through the real plugins into a real database.
class TestDemoPipeline : public QObject {
  Q_OBJECT

 private slots:
  void smallPortfolioRunsThroughTheWholePipeline() {
    testing::TestDatabaseCluster cluster;
    const std::string url = cluster.createMigratedDatabase("demo");
    QTemporaryDir directory;
    QProcess demo;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert("AVIARY_DATABASE_URL", QString::fromStdString(url));
    demo.setProcessEnvironment(environment);
    demo.start(AVIARY_BINARY_DIR "/bin/aviary", {"demo", "--merchants", "4", "--seed", "3",
                                                 "--headless", "--dir", directory.path()});
    QVERIFY(demo.waitForFinished(600000));
    const QString output = demo.readAllStandardOutput();
    const QString errors = demo.readAllStandardError();
    QVERIFY2(demo.exitCode() == 0, qPrintable(errors.right(2000)));
    QVERIFY2(output.contains("cases decided"), qPrintable(output));
    QVERIFY(output.contains("straight-through"));
    QVERIFY(output.contains("time spent in each evidence source"));
    QCOMPARE(output.count("time spent in each evidence source"), 1);
    // Evidence is gathered as the merchant applies, then the case is decided from it.
    QVERIFY2(output.contains("decision after the last evidence arrived: p50 "), qPrintable(output));
    QVERIFY(errors.contains("evidence -> decision"));  // the progress bar

    pqxx::connection connection(url);
    auto tx = std::make_unique<pqxx::read_transaction>(connection);
    const long cases = tx->exec1("SELECT count(*) FROM applications")[0].as<long>();
    QVERIFY(cases >= 3);
    QCOMPARE(tx->exec1("SELECT count(*) FROM decisions WHERE kind = 'automatic'")[0].as<long>(),
             cases);
    QCOMPARE(tx->exec1("SELECT count(DISTINCT source_id) FROM evidence_runs")[0].as<long>(), 3L);
    // Each segment went through its own evidence source.
    QCOMPARE(
        tx->exec1(
              "SELECT count(*) FROM evidence_runs e JOIN applications a USING (case_id) "
              "JOIN merchants m USING (merchant_id) WHERE (m.segment, e.source_id) NOT IN "
              "(('farmer', 'satellite'), ('dealer', 'supplychain'), ('shop', 'credentials'))")[0]
            .as<long>(),
        0L);
    tx.reset();
    // Running it again is idempotent: no new cases, no second decisions.
    QProcess again;
    again.setProcessEnvironment(environment);
    again.start(AVIARY_BINARY_DIR "/bin/aviary", {"demo", "--merchants", "4", "--seed", "3",
                                                  "--headless", "--dir", directory.path()});
    QVERIFY(again.waitForFinished(600000));
    QCOMPARE(again.exitCode(), 0);
    {
      pqxx::read_transaction after(connection);
      QCOMPARE(after.exec1("SELECT count(*) FROM decisions")[0].as<long>(), cases);
      // Each decided case has its evidence audited when it arrived, before its decision.
      QCOMPARE(after
                   .exec1("SELECT count(*) FROM applications a WHERE NOT EXISTS (SELECT 1 FROM "
                          "audit_log g JOIN audit_log d USING (case_id) WHERE g.case_id = "
                          "a.case_id AND g.action = 'evidence_gathered' AND d.action = "
                          "'decision_recorded' AND g.occurred_at <= d.occurred_at)")[0]
                   .as<long>(),
               0L);
    }
    // The same seed with another size is another portfolio: it once failed with
    // "idempotency key 'demo-1-dealer-F00068' was already used".
    QProcess resized;
    resized.setProcessEnvironment(environment);
    resized.start(AVIARY_BINARY_DIR "/bin/aviary",
                  {"demo", "--merchants", "3", "--seed", "3", "--headless", "--dir",
                   directory.path() + "/three"});
    QVERIFY(resized.waitForFinished(600000));
    const QString resizedErrors = resized.readAllStandardError();
    QVERIFY2(resized.exitCode() == 0, qPrintable(resizedErrors.right(2000)));
    QVERIFY(!resizedErrors.contains("already used"));
    QVERIFY(!resizedErrors.contains(" 110%"));
    pqxx::read_transaction resizedTx(connection);
    QCOMPARE(resizedTx.exec1("SELECT count(*) FROM decisions")[0].as<long>(), cases + 3);
  }
};

QTEST_GUILESS_MAIN(TestDemoPipeline)
#include "TestDemoPipeline.moc"
