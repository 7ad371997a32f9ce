#include <QtTest>

#include <algorithm>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "TestDatabaseCluster.h"

using namespace aviary;

namespace {

struct CommandRun {
  int exitCode = -1;
  QString output;
};

}  // namespace

// `cmake --install` gives a copy that works on its own: the installed aviary finds its
// libraries, plugins, migrations, rules and models under the prefix, not in the source tree.
class TestInstalledCopy : public QObject {
  Q_OBJECT

  QTemporaryDir prefix_;
  std::unique_ptr<testing::TestDatabaseCluster> cluster_;
  std::string url_;

  CommandRun run(const QString& program, const QStringList& arguments,
                 const QStringList& unset = {}) {
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const auto& name : unset) environment.remove(name);
    for (const char* name :
         {"AVIARY_RULES", "AVIARY_MODEL", "AVIARY_MIGRATIONS_DIR", "AVIARY_PLUGIN_PATH",
          "AVIARY_SATELLITE_RESOURCES", "AVIARY_SATELLITE_MODEL", "LD_LIBRARY_PATH"})
      environment.remove(name);
    environment.insert("AVIARY_DATABASE_URL", QString::fromStdString(url_));
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForFinished(300000)) process.kill();
    process.waitForFinished();
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAll())};
  }
  CommandRun aviary(const QStringList& arguments) {
    return run(prefix_.filePath("bin/aviary"), arguments);
  }
  QString installed(const QString& relative) const { return prefix_.filePath(relative); }

 private slots:
  void initTestCase() {
    QVERIFY(prefix_.isValid());
    const CommandRun install =
        run(AVIARY_CMAKE_COMMAND, {"--install", AVIARY_BINARY_DIR, "--prefix", prefix_.path()});
    QVERIFY2(install.exitCode == 0, qPrintable(install.output));
    cluster_ = std::make_unique<testing::TestDatabaseCluster>();
    url_ = cluster_->createDatabase("installed");
  }
  void cleanupTestCase() { cluster_.reset(); }

  void theInstallHoldsWhatTheProgramReads() {
    for (const char* file :
         {"bin/aviary", "share/aviary/resources/rules/policy.json",
          "share/aviary/resources/models/credit_default.json",
          "share/aviary/resources/demo/applicants.csv",
          "share/aviary/migrations/V0001__core_schema.sql",
          "lib/aviary/plugins/satellite.plugin.json", "lib/aviary/plugins/libaviary_satellite.so",
          "lib/aviary/plugins/libaviary_credentials.so",
          "lib/aviary/plugins/libaviary_supplychain.so"})
      QVERIFY2(QFileInfo::exists(installed(file)), file);
#ifdef AVIARY_WORKBENCH_INSTALLED
    // The workbench, the widgets a view builds on (with their SDK headers) and each source's view.
    for (const char* file :
         {"bin/aviary-workbench", "lib/libaviary_workbench_widgets.so",
          "include/aviary/workbench/SourceView.h", "lib/cmake/Aviary/AviaryWorkbenchTargets.cmake",
          "lib/aviary/plugins/libaviary_satellite_view.so",
          "lib/aviary/plugins/libaviary_supplychain_view.so",
          "lib/aviary/plugins/libaviary_credentials_view.so"})
      QVERIFY2(QFileInfo::exists(installed(file)), file);
#endif
  }

  void theWorkbenchExplainsItselfWithoutADisplay() {
    // On a server: --help prints the options; a start says what it needs, not Qt's abort.
    const QStringList noDisplay = {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"};
    const CommandRun help = run(installed("bin/aviary-workbench"), {"--help"}, noDisplay);
    QVERIFY2(help.exitCode == 0 && help.output.contains("--second-approver-above"),
             qPrintable(help.output));
    const CommandRun start = run(installed("bin/aviary-workbench"), {}, noDisplay);
    QVERIFY2(start.exitCode == 1 && start.output.contains("QT_QPA_PLATFORM=offscreen") &&
                 !start.output.contains("qt.qpa"),
             qPrintable(start.output));
  }

  // The installed rule file is given its own version: a decision naming that version was
  // made with the installed copy, not the source tree's.
  void installedProgramMigratesAndDecidesWithTheInstalledFiles() {
    const std::string rulesPath =
        installed("share/aviary/resources/rules/policy.json").toStdString();
    auto rules = nlohmann::json::parse(std::ifstream(rulesPath));
    rules["version"] = "installed-copy";
    std::ofstream(rulesPath) << rules.dump(2);

    const CommandRun migrate = aviary({"db", "migrate"});
    QVERIFY2(migrate.exitCode == 0, qPrintable(migrate.output));
    const CommandRun status = aviary({"db", "status"});
    QVERIFY2(status.exitCode == 0 && !status.output.contains("pending", Qt::CaseInsensitive),
             qPrintable(status.output));

    const nlohmann::json caseFile = {
        {"idempotency_key", "installed-1"},
        {"merchant",
         {{"merchant_id", "M-installed"}, {"name", "Lao Wang Noodles"}, {"segment", "shop"}}},
        {"application", {{"requested_amount_cny", 50000}, {"term_months", 12}}},
        {"as_of", "2026-11-01"},
        {"applicant", {{"Age", 41}, {"Income", 180}, {"Home", "owner"}}},
        {"inputs", nlohmann::json::object()}};
    const QString casePath = installed("case.json");
    std::ofstream(casePath.toStdString()) << caseFile.dump();
    const CommandRun submit = aviary({"case", "submit", casePath, "--json"});
    QVERIFY2(submit.exitCode == 0, qPrintable(submit.output));
    const auto caseId =
        nlohmann::json::parse(submit.output.toStdString()).at("case_id").get<long>();
    const CommandRun decide = aviary({"case", "decide", QString::number(caseId), "--json"});
    QVERIFY2(decide.exitCode == 0, qPrintable(decide.output));
    const auto decision = nlohmann::json::parse(decide.output.toStdString());
    QCOMPARE(decision.at("rule_set").at("version").get<std::string>(),
             std::string("installed-copy"));

    // The satellite plugin reads its crop calendar and model from the install too.
    const QString scenes = installed("scenes");
    const CommandRun simulate =
        run(prefix_.filePath("bin/aviary-simulate"),
            {"satellite", "simulate", scenes, "--seed", "5", "--parcels", "6", "--dates", "12"});
    QVERIFY2(simulate.exitCode == 0, qPrintable(simulate.output));
    const CommandRun assess =
        aviary({"satellite", "assess", "--catalog", scenes + "/catalog.json", "--parcels",
                scenes + "/parcels.geojson", "--out", scenes + "/results.jsonl"});
    QVERIFY2(assess.exitCode == 0, qPrintable(assess.output));
    std::ifstream results((scenes + "/results.jsonl").toStdString());
    int assessed = 0, uncertain = 0, unseen = 0, mixed = 0;
    for (std::string line; std::getline(results, line);) {
      const auto parcel = nlohmann::json::parse(line);
      assessed += parcel.contains("system");
      uncertain += parcel.value("system", "") == "uncertain";
      unseen += parcel.contains("unseen_spell");
      const auto flags = parcel.value("flags", nlohmann::json::array());
      mixed += std::find(flags.begin(), flags.end(), "mixed_pixels") != flags.end();
    }
    QCOMPARE(assessed, 6);
    // The summary counts what the lines say.
    const QString summary = QString(
                                "assessed 6 parcels (0 with errors, %1 with an uncertain "
                                "crop, %2 with a month of the season unseen, %3 seen mostly "
                                "through their neighbours' pixels)")
                                .arg(uncertain)
                                .arg(unseen)
                                .arg(mixed);
    QVERIFY2(assess.output.contains(summary), qPrintable(assess.output));

    const CommandRun plugins = aviary({"plugins", "list"});
    QVERIFY2(plugins.exitCode == 0, qPrintable(plugins.output));
    for (const char* id : {"satellite", "supplychain", "credentials"})
      QVERIFY2(plugins.output.contains(id), qPrintable(plugins.output));
  }

  // The SDK: the example source builds against the installed copy alone, installs beside the
  // host's plugins, adds its command and decides a case with its evidence.
  void aSourceBuiltOutOfTreeLoadsAndDecides() {
    const QString example = QString(AVIARY_SOURCE_DIR) + "/examples/evidence-source";
    const QString build = installed("build-electricity");
    const CommandRun configure =
        run(AVIARY_CMAKE_COMMAND,
            {"-S", example, "-B", build, "-G", "Ninja", "-DCMAKE_PREFIX_PATH=" + prefix_.path()});
    QVERIFY2(configure.exitCode == 0, qPrintable(configure.output));
    const CommandRun compile = run(AVIARY_CMAKE_COMMAND, {"--build", build});
    QVERIFY2(compile.exitCode == 0, qPrintable(compile.output));
    const CommandRun tests =
        run(AVIARY_CTEST_COMMAND, {"--test-dir", build, "--output-on-failure"});
    QVERIFY2(tests.exitCode == 0, qPrintable(tests.output));
    const CommandRun install =
        run(AVIARY_CMAKE_COMMAND, {"--install", build, "--prefix", prefix_.path()});
    QVERIFY2(install.exitCode == 0, qPrintable(install.output));

#ifdef AVIARY_WORKBENCH_INSTALLED
    // Its workbench view, built against the installed widgets, installed beside it.
    QVERIFY(QFileInfo::exists(installed("lib/aviary/plugins/libaviary_electricity_view.so")));
    const auto manifest = nlohmann::json::parse(
        std::ifstream(installed("lib/aviary/plugins/electricity.plugin.json").toStdString()));
    QCOMPARE(manifest.value("view", ""), std::string("libaviary_electricity_view.so"));
#endif
    const CommandRun help = aviary({"electricity", "--help"});
    QVERIFY2(help.exitCode == 0 && help.output.contains("aviary electricity summarize"),
             qPrintable(help.output));
    const CommandRun summary = aviary({"electricity", "summarize", example + "/sample/bills.csv"});
    QVERIFY2(summary.exitCode == 0 && summary.output.contains("12 months"),
             qPrintable(summary.output));
    const CommandRun wrong = aviary({"electricity", "nonsense"});
    QCOMPARE(wrong.exitCode, 2);
    const CommandRun plugins = aviary({"plugins", "list"});
    QVERIFY2(
        plugins.output.contains("electricity  0.1.0") && !plugins.output.contains("\nrefused "),
        qPrintable(plugins.output));

    const nlohmann::json caseFile = {
        {"idempotency_key", "installed-electricity"},
        {"merchant", {{"merchant_id", "M-power"}, {"name", "Bright Shop"}, {"segment", "shop"}}},
        {"application", {{"requested_amount_cny", 30000}, {"term_months", 12}}},
        {"as_of", "2026-11-01"},
        {"applicant", {{"Age", 35}, {"Income", 150}}},
        {"inputs", {{"electricity", {{"bills", (example + "/sample/bills.csv").toStdString()}}}}}};
    const QString casePath = installed("electricity-case.json");
    std::ofstream(casePath.toStdString()) << caseFile.dump();
    const CommandRun submit = aviary({"case", "submit", casePath, "--json"});
    QVERIFY2(submit.exitCode == 0, qPrintable(submit.output));
    const auto caseId =
        nlohmann::json::parse(submit.output.toStdString()).at("case_id").get<long>();
    QVERIFY(aviary({"case", "decide", QString::number(caseId)}).exitCode == 0);
    const CommandRun shown = aviary({"case", "show", QString::number(caseId), "--json"});
    const auto stored = nlohmann::json::parse(shown.output.toStdString());
    bool found = false;
    for (const auto& evidence : stored.at("evidence"))
      if (evidence.at("source_id") == "electricity")
        found = evidence.at("features").at("late_payments").get<double>() == 2.0;
    QVERIFY2(found, qPrintable(shown.output));
  }
};

QTEST_GUILESS_MAIN(TestInstalledCopy)
#include "TestInstalledCopy.moc"
