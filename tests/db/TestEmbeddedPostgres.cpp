#include <QtTest>

#include <pqxx/pqxx>

#include "DatabaseLocator.h"
#include "TestDatabaseCluster.h"

using namespace aviary;

class TestEmbeddedPostgres : public QObject {
  Q_OBJECT

 private slots:
  void startsOnAUnixSocketOnlyAndKeepsDataAcrossRestarts() {
    testing::TestDatabaseCluster test;
    EmbeddedPostgres& cluster = test.cluster();
    QVERIFY(cluster.isRunning());
    {
      pqxx::connection connection(cluster.connectionString());
      pqxx::work tx(connection);
      QCOMPARE(tx.exec1("SHOW listen_addresses")[0].as<std::string>(), std::string(""));
      tx.exec("CREATE TABLE kept (x int); INSERT INTO kept VALUES (7)");
      tx.commit();
    }
    cluster.stop();
    QVERIFY(!cluster.isRunning());
    QVERIFY_THROWS_EXCEPTION(pqxx::broken_connection, pqxx::connection(cluster.connectionString()));
    cluster.start();  // second start reuses the cluster
    pqxx::connection connection(cluster.connectionString());
    pqxx::read_transaction tx(connection);
    QCOMPARE(tx.exec1("SELECT x FROM kept")[0].as<int>(), 7);
  }

  void startIsIdempotent() {
    testing::TestDatabaseCluster test;
    test.cluster().start();
    test.cluster().start();
    QVERIFY(test.cluster().isRunning());
  }

  void passwordsAreRedacted() {
    QCOMPARE(DatabaseLocator::redact("postgresql://bob:s3cret@db.example/aviary"),
             std::string("postgresql://bob:***@db.example/aviary"));
    QCOMPARE(DatabaseLocator::redact("host=db user=bob password=s3cret dbname=aviary"),
             std::string("host=db user=bob password=*** dbname=aviary"));
  }

  void environmentUrlWinsOverEmbedded() {
    qputenv("AVIARY_DATABASE_URL", "postgresql://u:p@h/d");
    const auto target = DatabaseLocator::locate();
    qunsetenv("AVIARY_DATABASE_URL");
    QVERIFY(!target.embedded);
    QCOMPARE(target.origin, std::string("AVIARY_DATABASE_URL"));
    QVERIFY(DatabaseLocator::locate().embedded);
  }
};

QTEST_GUILESS_MAIN(TestEmbeddedPostgres)
#include "TestEmbeddedPostgres.moc"
