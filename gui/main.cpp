#include <QApplication>
#include <QCommandLineParser>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include <iostream>
#include <string_view>

#include "BackgroundResult.h"
#include "DatabaseLocator.h"
#include "HeapReturnPolicy.h"
#include "OpenMpWaitPolicy.h"
#include "WorkbenchWindow.h"

namespace {

void describeOptions(QCommandLineParser& parser) {
  parser.setApplicationDescription("Aviary underwriter workbench");
  parser.addHelpOption();
  parser.addOption({"database", "PostgreSQL URL to use instead of the embedded database.", "url"});
  parser.addOption({"role",
                    "Run every session as this role (default aviary_underwriter; add "
                    "aviary_pii_reader to a login to see ID numbers).",
                    "role"});
  parser.addOption(
      {"second-approver-above", "Limits above this many CNY need a second underwriter.", "cny"});
  parser.addOption(
      {"underwriter", "Your name in decisions and the audit log (default: $USER).", "name"});
  parser.addOption({"portfolio",
                    "Also open the Portfolio view (drift, rates, back-test, experiment) for the "
                    "risk team."});
}

bool asksForHelp(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h" || arg == "-?" || arg == "--help-all") return true;
  }
  return false;
}

// Qt aborts with a page of plugin messages when it finds no display; say what to do instead.
bool hasDisplay() {
  return !qEnvironmentVariableIsEmpty("DISPLAY") ||
         !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") ||
         !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

}  // namespace

// aviary-workbench [--database URL] [--role ROLE] [--second-approver-above CNY] [--portfolio]
// Opens on the embedded database unless a URL is given (or AVIARY_DATABASE_URL is set).
int main(int argc, char** argv) {
  if (asksForHelp(argc, argv)) {  // help needs no display
    QCoreApplication help(argc, argv);
    QCommandLineParser parser;
    describeOptions(parser);
    parser.process(help);  // prints the help and exits
  }
  if (!hasDisplay()) {
    std::cerr << "aviary-workbench needs a desktop: no display was found (DISPLAY and "
                 "WAYLAND_DISPLAY are unset). Run it in a desktop session, over ssh -X, or with "
                 "QT_QPA_PLATFORM=offscreen to check it headless.\n";
    return 1;
  }
  aviary::OpenMpWaitPolicy::passiveOrRestart(argv);
  aviary::HeapReturnPolicy::returnLargeBlocks();
  QApplication app(argc, argv);
  QApplication::setOrganizationName("Aviary");
  QApplication::setApplicationName("workbench");
  QCommandLineParser parser;
  describeOptions(parser);
  parser.process(app);
  if (parser.isSet("database")) qputenv("AVIARY_DATABASE_URL", parser.value("database").toUtf8());
  if (parser.isSet("role")) qputenv("AVIARY_ROLE", parser.value("role").toUtf8());
  // Underwriters get least privilege by default: ID numbers masked, no rule or model changes.
  if (qEnvironmentVariableIsEmpty("AVIARY_ROLE")) qputenv("AVIARY_ROLE", "aviary_underwriter");

  aviary::gui::WorkbenchWindow window;
  if (parser.isSet("second-approver-above"))
    window.setSecondApproverThresholdCny(parser.value("second-approver-above").toDouble());
  if (parser.isSet("underwriter")) window.setUnderwriter(parser.value("underwriter"));
  window.show();

  // Starting the embedded cluster takes seconds: do it off the UI thread.
  using Opened = aviary::gui::BackgroundResult<std::string>;
  QFutureWatcher<Opened> opening;
  QObject::connect(&opening, &QFutureWatcher<Opened>::finished, &window, [&] {
    const Opened opened = opening.result();
    if (opened.value) {
      window.setDatabase(*opened.value);
      if (parser.isSet("portfolio")) window.openPortfolio();
    } else
      window.showDatabaseError(opened.error);
  });
  opening.setFuture(QtConcurrent::run(
      [] { return Opened::run([] { return aviary::DatabaseLocator::open().connectionString; }); }));
  return QApplication::exec();
}
