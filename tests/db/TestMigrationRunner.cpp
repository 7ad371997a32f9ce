#include <QtTest>

#include <filesystem>
#include <fstream>
#include <thread>

#include <pqxx/pqxx>

#include "MigrationRunner.h"
#include "TestDatabaseCluster.h"

using namespace aviary;
namespace fs = std::filesystem;

class TestMigrationRunner : public QObject {
  Q_OBJECT

  std::unique_ptr<testing::TestDatabaseCluster> cluster_;
  fs::path scratch_;

  // A private copy of the real migrations, so a test can edit one.
  fs::path copyMigrations(const std::string& name) {
    const fs::path target = scratch_ / name;
    fs::create_directories(target);
    for (const auto& entry : fs::directory_iterator(fs::path(AVIARY_SOURCE_DIR) / "migrations"))
      fs::copy_file(entry.path(), target / entry.path().filename());
    return target;
  }
  static long count(const std::string& url, const std::string& sql) {
    pqxx::connection connection(url);
    pqxx::read_transaction tx(connection);
    return tx.exec1(sql)[0].as<long>();
  }

 private slots:
  void initTestCase() {
    cluster_ = std::make_unique<testing::TestDatabaseCluster>();
    scratch_ = fs::temp_directory_path() / ("aviary-migrations-" + std::to_string(getpid()));
    fs::create_directories(scratch_);
  }
  void cleanupTestCase() {
    cluster_.reset();
    fs::remove_all(scratch_);
  }

  void migratesOnceThenIsANoOp() {
    const auto url = cluster_->createDatabase("twice");
    MigrationRunner runner(url, copyMigrations("twice"));
    const auto first = runner.migrate();
    QVERIFY(first.size() >= 3);
    QCOMPARE(first.front().version, 1);
    QCOMPARE(count(url, "SELECT count(*) FROM schema_history"), long(first.size()));
    QVERIFY(runner.migrate().empty());
    QCOMPARE(count(url, "SELECT count(*) FROM schema_history"), long(first.size()));
    for (const auto& row : runner.status()) QCOMPARE(row.state, MigrationStatus::State::Applied);
    QVERIFY(runner.validate().empty());
  }

  void aPluginMigratesItsOwnSchema() {
    const auto url = cluster_->createDatabase("plugin");
    MigrationRunner(url, copyMigrations("host-for-plugin")).migrate();
    const fs::path folder = scratch_ / "plugin-migrations";
    fs::create_directories(folder);
    std::ofstream(folder / "V1__readings.sql") << "CREATE TABLE readings (id integer);\n";
    MigrationRunner plugin(url, folder, "fixture_source");
    QCOMPARE(plugin.migrate().size(), std::size_t(1));
    QVERIFY(plugin.migrate().empty());
    // Its table and its own history live in its schema; the host's history is untouched.
    QCOMPARE(count(url,
                   "SELECT count(*) FROM pg_tables WHERE schemaname = 'fixture_source' AND "
                   "tablename IN ('readings', 'schema_history')"),
             2L);
    QCOMPARE(count(url, "SELECT count(*) FROM fixture_source.schema_history"), 1L);
    QCOMPARE(count(url,
                   "SELECT count(*) FROM public.schema_history WHERE description = "
                   "'readings'"),
             0L);
    std::ofstream(folder / "V1__readings.sql", std::ios::app) << "-- edited\n";
    QCOMPARE(plugin.validate().size(), std::size_t(1));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, MigrationRunner(url, folder, "Bad; DROP"));
  }

  void concurrentMigratesDoNotCorrupt() {
    const auto url = cluster_->createDatabase("concurrent");
    const auto folder = copyMigrations("concurrent");
    std::atomic<int> appliedTotal = 0;
    std::atomic<int> failures = 0;
    std::vector<std::thread> admins;
    for (int i = 0; i < 4; ++i)
      admins.emplace_back([&] {
        try {
          appliedTotal += static_cast<int>(MigrationRunner(url, folder).migrate().size());
        } catch (const std::exception&) {
          ++failures;
        }
      });
    for (auto& admin : admins) admin.join();
    const long files = static_cast<long>(MigrationRunner(url, folder).discover().size());
    QCOMPARE(failures.load(), 0);
    QCOMPARE(long(appliedTotal.load()), files);  // each file applied by exactly one admin
    QCOMPARE(count(url, "SELECT count(*) FROM schema_history"), files);
  }

  void editedAppliedMigrationIsCaught() {
    const auto url = cluster_->createDatabase("edited");
    const auto folder = copyMigrations("edited");
    MigrationRunner runner(url, folder);
    runner.migrate();
    std::ofstream(folder / "V0001__core_schema.sql", std::ios::app) << "\n-- sneaky edit\n";
    const auto problems = runner.validate();
    QCOMPARE(problems.size(), std::size_t(1));
    QVERIFY2(problems[0].find("V0001__core_schema.sql was edited") != std::string::npos,
             problems[0].c_str());
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, runner.migrate());
    QCOMPARE(runner.status().front().state, MigrationStatus::State::Edited);
  }

  void failedMigrationRollsBackAndIsReported() {
    const auto url = cluster_->createDatabase("failing");
    const auto folder = copyMigrations("failing");
    std::ofstream(folder / "V9000__broken.sql")
        << "CREATE TABLE half_done (x int);\nSELECT * FROM no_such_table;\n";
    MigrationRunner runner(url, folder);
    try {
      runner.migrate();
      QFAIL("a broken migration must fail");
    } catch (const std::runtime_error& error) {
      QVERIFY2(std::string(error.what()).find("V9000__broken.sql failed and was rolled back") !=
                   std::string::npos,
               error.what());
    }
    QCOMPARE(count(url, "SELECT count(*) FROM pg_tables WHERE tablename = 'half_done'"), 0L);
    QCOMPARE(runner.status().back().state, MigrationStatus::State::Failed);
    QCOMPARE(count(url, "SELECT count(*) FROM schema_history WHERE version = 9000"), 0L);
  }

  void misnamedFileIsRefused() {
    const auto folder = copyMigrations("misnamed");
    std::ofstream(folder / "add_things.sql") << "SELECT 1;";
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, MigrationRunner("", folder).discover());
  }
};

QTEST_GUILESS_MAIN(TestMigrationRunner)
#include "TestMigrationRunner.moc"
