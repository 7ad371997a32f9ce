#include <QtTest>

#include <fstream>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "TestDatabaseCluster.h"

using namespace aviary;

namespace {

const QString kAviary = AVIARY_BINARY_DIR "/bin/aviary";
const QString kCorpus = AVIARY_SOURCE_DIR "/tests/data/bad";

struct CommandRun {
  int exitCode = -1;
  bool crashed = false;
  QString output;  // stdout and stderr together: a message may go to either
};

}  // namespace

// Every file of tests/data/bad goes through the command a user would feed it to, as a real
// process against a real database: it gets its clear error, and the database is unchanged.
class TestBadInputCorpus : public QObject {
  Q_OBJECT

  std::unique_ptr<testing::TestDatabaseCluster> cluster_;
  std::string url_;
  QTemporaryDir scratch_;
  nlohmann::json expectations_;
  QMap<QString, QString> placeholders_;

  CommandRun run(const QStringList& arguments, const QMap<QString, QString>& extraEnvironment = {},
                 const QString& program = kAviary) {
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert("AVIARY_DATABASE_URL", QString::fromStdString(url_));
    for (auto it = extraEnvironment.begin(); it != extraEnvironment.end(); ++it)
      environment.insert(it.key(), it.value());
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    CommandRun result;
    if (!process.waitForFinished(180000)) {
      process.kill();
      process.waitForFinished();
      result.crashed = true;
    }
    result.crashed = result.crashed || process.exitStatus() == QProcess::CrashExit;
    result.exitCode = process.exitCode();
    result.output = QString::fromUtf8(process.readAll());
    return result;
  }

  QString substituted(QString text, const QString& file) const {
    text.replace("{file}", file);
    for (auto it = placeholders_.begin(); it != placeholders_.end(); ++it)
      text.replace("{" + it.key() + "}", it.value());
    return text;
  }

  // Every row of every table, hashed: a refused input must not change a single one.
  std::map<std::string, std::string> databaseFingerprint() {
    pqxx::connection connection(url_);
    pqxx::read_transaction tx(connection);
    std::map<std::string, std::string> fingerprint;
    for (const auto& table : tx.exec("SELECT table_name FROM information_schema.tables WHERE "
                                     "table_schema = 'public' AND table_type = 'BASE TABLE'")) {
      const std::string name = table[0].as<std::string>();
      const auto row = tx.exec1(
          "SELECT count(*)::text || ':' || md5(coalesce(string_agg(t::text, "
          "chr(10) ORDER BY t::text), '')) FROM public." +
          connection.quote_name(name) + " t");
      fingerprint[name] = row[0].as<std::string>();
    }
    return fingerprint;
  }

 private slots:
  void initTestCase() {
    QVERIFY(scratch_.isValid());
    std::ifstream in(kCorpus.toStdString() + "/expectations.json");
    expectations_ = nlohmann::json::parse(in);
    QVERIFY(expectations_.size() >= 30);
    cluster_ = std::make_unique<testing::TestDatabaseCluster>();
    url_ = cluster_->createMigratedDatabase("bad_input");

    // A valid case waiting in the queue, for the model and rule files to be tried on.
    const QString caseFile = scratch_.filePath("queued_case.json");
    std::ofstream(caseFile.toStdString()) << nlohmann::json{
        {"idempotency_key", "bad-corpus-queued"},
        {"merchant", {{"merchant_id", "BAD-Q1"}, {"name", "Queued Noodles"}, {"segment", "shop"}}},
        {"application", {{"requested_amount_cny", 80000}, {"term_months", 12}}},
        {"as_of", "2026-11-01"},
        {"applicant", {{"Seniority", 5}, {"Income", 150}}},
        {"inputs", nlohmann::json::object()}};
    const CommandRun submitted = run({"case", "submit", caseFile, "--json"});
    QVERIFY2(submitted.exitCode == 0, qPrintable(submitted.output));
    const auto answer =
        nlohmann::json::parse(submitted.output.trimmed().split('\n').last().toStdString());
    placeholders_["queued_case"] = QString::number(answer.at("case_id").get<long>());

    const QString scenes = scratch_.filePath("scenes");
    const CommandRun simulated =
        run({"satellite", "simulate", scenes, "--seed", "11", "--parcels", "1"}, {},
            QFileInfo(kAviary).dir().filePath("aviary-simulate"));
    QVERIFY2(simulated.exitCode == 0, qPrintable(simulated.output));
    placeholders_["simulated_catalog"] = scenes + "/catalog.json";
    placeholders_["simulated_parcels"] = scenes + "/parcels.geojson";
    placeholders_["here"] = kCorpus;
    placeholders_["scratch"] = scratch_.path();
  }

  void cleanupTestCase() { cluster_.reset(); }

  void everyFileInTheCorpusHasAnExpectation() {
    QStringList uncovered;
    QDirIterator files(kCorpus, QDir::Files, QDirIterator::Subdirectories);
    while (files.hasNext()) {
      const QString relative = QDir(kCorpus).relativeFilePath(files.next());
      if (relative == "README.md" || relative == "expectations.json") continue;
      bool covered = false;
      for (const auto& entry : expectations_) {
        covered =
            covered || relative.toStdString() == entry.at("file").get<std::string>() ||
            (entry.contains("covers") &&
             relative.startsWith(QString::fromStdString(entry.at("covers").get<std::string>())));
      }
      if (!covered) uncovered << relative;
    }
    QVERIFY2(uncovered.isEmpty(),
             qPrintable("no entry in expectations.json for: " + uncovered.join(", ")));
  }

  void everyBadFileGetsItsClearErrorAndChangesNothing_data() {
    QTest::addColumn<int>("index");
    for (std::size_t i = 0; i < expectations_.size(); ++i)
      QTest::newRow(expectations_[i].at("file").get<std::string>().c_str()) << static_cast<int>(i);
  }

  void everyBadFileGetsItsClearErrorAndChangesNothing() {
    QFETCH(int, index);
    const auto& entry = expectations_.at(static_cast<std::size_t>(index));
    const QString file =
        kCorpus + "/" + QString::fromStdString(entry.at("file").get<std::string>());
    QVERIFY2(QFileInfo::exists(file), qPrintable(file));
    QStringList arguments;
    for (const auto& argument : entry.at("command"))
      arguments << substituted(QString::fromStdString(argument.get<std::string>()), file);
    QMap<QString, QString> environment;
    if (entry.contains("env"))
      for (const auto& [name, value] : entry.at("env").items())
        environment[QString::fromStdString(name)] =
            substituted(QString::fromStdString(value.get<std::string>()), file);

    const auto before = databaseFingerprint();
    const CommandRun result = run(arguments, environment);
    const QString shown = "aviary " + arguments.join(' ') + "\n" + result.output.right(3000);
    QVERIFY2(!result.crashed, qPrintable("crashed: " + shown));
    QVERIFY2(!result.output.contains("terminate called"), qPrintable(shown));
    // GDAL's and PROJ's own messages ("ERROR 1: Point outside of projection domain") are
    // noise on a user's terminal: what they say belongs in Aviary's message.
    for (const QString noise : {"ERROR 1: ", "Warning 1: "})
      QVERIFY2(!result.output.contains(noise), qPrintable("library noise: " + shown));
    if (entry.at("exit") == "failure")
      QVERIFY2(result.exitCode != 0, qPrintable("should have been refused: " + shown));
    else
      QVERIFY2(result.exitCode == 0, qPrintable("should have carried on: " + shown));
    for (const auto& words : entry.at("says")) {
      const QString expected = substituted(QString::fromStdString(words.get<std::string>()), file);
      QVERIFY2(result.output.contains(expected),
               qPrintable("message lacks '" + expected + "': " + shown));
    }
    QVERIFY2(databaseFingerprint() == before, qPrintable("the database changed: " + shown));
  }
};

QTEST_GUILESS_MAIN(TestBadInputCorpus)
#include "TestBadInputCorpus.moc"
