#include <QtTest>

#include <csignal>
#include <random>

#include <pqxx/pqxx>

#include "CaseRepository.h"
#include "SampleCaseJson.h"
#include "TestDatabaseCluster.h"

using namespace aviary;

// Real worker processes against a real database: kill some mid-case, restart the database
// under load, and check that every case ends with exactly one automatic decision.
class TestWorkerFleet : public QObject {
  Q_OBJECT

  std::unique_ptr<testing::TestDatabaseCluster> cluster_;
  std::string url_;

  QProcess* startWorker(const QString& name) {
    auto* process = new QProcess(this);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert("AVIARY_DATABASE_URL", QString::fromStdString(url_));
    environment.insert("AVIARY_PLUGIN_PATH", AVIARY_BINARY_DIR "/fixture-plugins");
    environment.insert("AVIARY_PLUGINS", "fixture_slow,fixture_good");
    environment.insert("AVIARY_MODEL", AVIARY_SOURCE_DIR "/resources/models/credit_default.json");
    process->setProcessEnvironment(environment);
    process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process->start(AVIARY_BINARY_DIR "/bin/aviary",
                   {"worker", "--concurrency", "2", "--lease", "5", "--drain", "--name", name});
    if (!process->waitForStarted()) qFatal("cannot start aviary worker");
    return process;
  }
  long count(const std::string& sql) {
    pqxx::connection connection(url_);
    pqxx::read_transaction tx(connection);
    return tx.exec1(sql)[0].as<long>();
  }

 private slots:
  void initTestCase() {
    cluster_ = std::make_unique<testing::TestDatabaseCluster>();
    url_ = cluster_->createMigratedDatabase("fleet");
  }
  void cleanupTestCase() { cluster_.reset(); }

  void everyCaseIsDecidedExactlyOnce() {
    constexpr int kCases = 24;
    CaseRepository repository(url_);
    for (int i = 0; i < kCases; ++i) {
      auto json = testing::shopCaseJson("fleet-" + std::to_string(i));
      json["inputs"] = {{i % 2 ? "fixture_slow" : "fixture_good", nlohmann::json::object()},
                        {"fixture_slow", nlohmann::json::object()}};
      repository.submit(CaseFile::fromJson(json));
    }
    std::vector<QProcess*> workers;
    for (int i = 0; i < 3; ++i) workers.push_back(startWorker("w" + QString::number(i)));

    // Let them get going, then kill two of them mid-case.
    QTRY_VERIFY_WITH_TIMEOUT(count("SELECT count(*) FROM decisions") >= 3, 30000);
    std::mt19937 random(7);
    std::shuffle(workers.begin(), workers.end(), random);
    for (int i = 0; i < 2; ++i) {
      ::kill(static_cast<pid_t>(workers[i]->processId()), SIGKILL);
      workers[i]->waitForFinished();
    }
    QVERIFY(count("SELECT count(*) FROM applications WHERE status = 'processing'") > 0);

    // Restart the database under load; the survivor must reconnect.
    cluster_->cluster().stop();
    QTest::qWait(1500);
    cluster_->cluster().start();
    workers.push_back(startWorker("late"));

    for (std::size_t i = 2; i < workers.size(); ++i) {
      QVERIFY2(workers[i]->waitForFinished(120000), "a draining worker did not finish");
      QCOMPARE(workers[i]->exitStatus(), QProcess::NormalExit);
    }
    QCOMPARE(count("SELECT count(*) FROM applications WHERE status IN ('submitted', 'processing')"),
             0L);
    QCOMPARE(count("SELECT count(*) FROM decisions WHERE kind = 'automatic'"), long(kCases));
    QCOMPARE(count("SELECT count(DISTINCT case_id) FROM decisions WHERE kind = 'automatic'"),
             long(kCases));
    QCOMPARE(count("SELECT count(*) FROM audit_log WHERE action = 'decision_recorded'"),
             long(kCases));
  }
};

QTEST_GUILESS_MAIN(TestWorkerFleet)
#include "TestWorkerFleet.moc"
