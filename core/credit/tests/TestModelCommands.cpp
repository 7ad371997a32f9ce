#include <QProcess>
#include <QtTest>

#include <filesystem>

#include <nlohmann/json.hpp>

using namespace std::chrono_literals;
namespace fs = std::filesystem;

// `aviary model train` and `aviary model evaluate` as a user runs them: the JSON keys of the
// contract, exit codes and one-line errors.
class TestModelCommands : public QObject {
  Q_OBJECT

 private:
  fs::path scratch_;

  struct Run {
    int exitCode = -1;
    std::string out, err;
  };

  static Run aviary(const QStringList& arguments) {
    QProcess process;
    process.start(QString::fromStdString(std::string(AVIARY_BINARY_DIR) + "/bin/aviary"),
                  arguments);
    if (!process.waitForFinished(120000)) return {};
    return {process.exitCode(), process.readAllStandardOutput().toStdString(),
            process.readAllStandardError().toStdString()};
  }

  static QString german() {
    return QString::fromStdString(std::string(AVIARY_SOURCE_DIR) +
                                  "/tests/data/credit/german_credit.csv");
  }

 private slots:
  void initTestCase() {
    scratch_ = fs::temp_directory_path() / ("aviary-model-cmd-" + std::to_string(::getpid()));
    fs::create_directories(scratch_);
  }
  void cleanupTestCase() { fs::remove_all(scratch_); }

  void trainThenEvaluatePrintTheContractKeys() {
    const QString model = QString::fromStdString((scratch_ / "german.json").string());
    const Run train =
        aviary({"model", "train", "--data", german(), "--target", "Class", "--bad", "Bad",
                "--folds", "2", "--seed", "3", "--threads", "1", "--out", model, "--json"});
    QVERIFY2(train.exitCode == 0, train.err.c_str());
    const auto trained = nlohmann::json::parse(train.out);
    for (const char* key : {"auc", "ks", "gini", "auc_sd", "ks_sd", "gini_sd"})
      QVERIFY2(trained.contains(key), key);
    QVERIFY2(trained["auc"].get<double>() > 0.7, train.out.c_str());
    QCOMPARE(trained["gini"].get<double>(), 2 * trained["auc"].get<double>() - 1);
    QVERIFY(fs::exists(model.toStdString()));

    const Run evaluate = aviary({"model", "evaluate", "--model", model, "--data", german(),
                                 "--target", "Class", "--bad", "Bad", "--json"});
    QVERIFY2(evaluate.exitCode == 0, evaluate.err.c_str());
    const auto evaluated = nlohmann::json::parse(evaluate.out);
    QCOMPARE(evaluated["rows"].get<int>(), 1000);
    QCOMPARE(evaluated["model_sha256"], trained["sha256"]);
    QVERIFY(evaluated["auc"].get<double>() > 0.5);
  }

  void unusableInputsFailWithOneClearLine() {
    const Run wrongBad =
        aviary({"model", "train", "--data", german(), "--target", "Class", "--bad", "bad", "--out",
                QString::fromStdString((scratch_ / "x.json").string())});
    QVERIFY(wrongBad.exitCode != 0);
    QVERIFY2(wrongBad.err.find("pass --bad") != std::string::npos, wrongBad.err.c_str());

    const Run noModel = aviary({"model", "evaluate", "--model",
                                QString::fromStdString((scratch_ / "none.json").string()), "--data",
                                german(), "--target", "Class", "--bad", "Bad"});
    QVERIFY(noModel.exitCode != 0);
    QVERIFY2(noModel.err.find("cannot open model file") != std::string::npos, noModel.err.c_str());
  }
};

QTEST_GUILESS_MAIN(TestModelCommands)
#include "TestModelCommands.moc"
