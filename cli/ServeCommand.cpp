#include <pthread.h>
#include <signal.h>

#include <chrono>
#include <ctime>
#include <iomanip>
#include <iostream>
#include <mutex>
#include <thread>

#include <CLI/CLI.hpp>

#include "ApiServer.h"
#include "CommandError.h"
#include "CommandGroups.h"
#include "DatabaseLocator.h"
#include "ResourceLocator.h"

namespace aviary::cli {
namespace {

namespace fs = std::filesystem;

struct ServeArguments {
  std::string listen = "127.0.0.1:8080";
  std::string data;
  std::string scenes;
  std::string payments;
  std::vector<std::string> inputs;
  double maximumMegabytes = 20;
  bool quiet = false;
  ServerOptions options;
};

fs::path defaultDataDirectory() {
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg != '\0')
    return fs::path(xdg) / "aviary" / "serve";
  return fs::path(std::getenv("HOME") ? std::getenv("HOME") : "/tmp") / ".local" / "share" /
         "aviary" / "serve";
}

std::string absoluteExisting(const std::string& path, const std::string& option) {
  std::error_code error;
  const fs::path absolute = fs::absolute(path, error);
  if (error || !fs::exists(absolute))
    throw CommandError(option + " " + path + " does not exist: give the path of the file", 2);
  return absolute.lexically_normal().string();
}

// --scenes and --payments name what the spec calls them; --input NAME=PATH adds any other.
void configureInputs(ServeArguments& arguments) {
  auto& inputs = arguments.options.configuredInputs;
  if (!arguments.scenes.empty()) inputs["catalog"] = absoluteExisting(arguments.scenes, "--scenes");
  if (!arguments.payments.empty()) {
    const fs::path folder = absoluteExisting(arguments.payments, "--payments");
    if (!fs::exists(folder / "transactions.csv"))
      throw CommandError("--payments " + arguments.payments +
                             " holds no transactions.csv: give the folder of the payment data",
                         2);
    for (const char* name : {"transactions", "firms", "holdings", "certificates"})
      if (fs::exists(folder / (std::string(name) + ".csv")))
        inputs[name] = (folder / (std::string(name) + ".csv")).string();
  }
  for (const auto& pair : arguments.inputs) {
    const auto equals = pair.find('=');
    if (equals == std::string::npos || equals == 0)
      throw CommandError("--input " + pair + " is not NAME=PATH", 2);
    inputs[pair.substr(0, equals)] =
        absoluteExisting(pair.substr(equals + 1), "--input " + pair.substr(0, equals));
  }
}

void parseListen(ServeArguments& arguments) {
  const auto colon = arguments.listen.rfind(':');
  try {
    if (colon == std::string::npos || colon == 0) throw std::invalid_argument("no port");
    arguments.options.host = arguments.listen.substr(0, colon);
    std::size_t used = 0;
    arguments.options.port = std::stoi(arguments.listen.substr(colon + 1), &used);
    if (used != arguments.listen.size() - colon - 1 || arguments.options.port < 0 ||
        arguments.options.port > 65535)
      throw std::invalid_argument("bad port");
  } catch (const std::exception&) {
    throw CommandError("--listen " + arguments.listen +
                           " is not HOST:PORT, e.g. 127.0.0.1:8080 (port 0: any free port)",
                       2);
  }
}

void serve(ServeArguments arguments) {
  parseListen(arguments);
  configureInputs(arguments);
  arguments.options.maximumRequestBytes =
      static_cast<std::size_t>(arguments.maximumMegabytes * 1024 * 1024);
  arguments.options.dataDirectory =
      arguments.data.empty() ? defaultDataDirectory() : fs::absolute(arguments.data);
  fs::create_directories(arguments.options.dataDirectory);

  // SIGINT and SIGTERM are taken by one thread that stops the server; every other thread
  // (started below, so inheriting the mask) leaves them alone.
  sigset_t stopSignals;
  sigemptyset(&stopSignals);
  sigaddset(&stopSignals, SIGINT);
  sigaddset(&stopSignals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

  const DatabaseTarget database = DatabaseLocator::open();
  const PluginRegistry registry = loadPluginsReportingRefusals();
  const CreditRiskModel model = CreditRiskModel::load(CreditRiskModel::defaultPath());
  const PolicyRuleSet policy = PolicyRuleSet::load(PolicyRuleSet::defaultPath());
  ApplicationService service(database.connectionString, registry, model, policy, arguments.options);
  std::mutex logMutex;
  const bool quiet = arguments.quiet;
  ApiServer server(service, ResourceLocator::find("resources/api"),
                   [&logMutex, quiet](const std::string& line) {
                     if (quiet) return;
                     const std::time_t now = std::time(nullptr);
                     std::lock_guard lock(logMutex);
                     std::cerr << std::put_time(std::gmtime(&now), "%FT%TZ") << " " << line << "\n";
                   });
  server.bind();
  std::thread signalWaiter([&] {
    int signal = 0;
    sigwait(&stopSignals, &signal);
    server.stop();
  });
  std::cout << "aviary serve: listening on http://" << arguments.options.host << ":"
            << server.port() << " (API /v1, page /apply) with " << registry.sources().size()
            << " evidence source(s), data in " << arguments.options.dataDirectory.string()
            << "; Ctrl-C stops" << std::endl;
  server.run();
  // Wakes the waiter when the server stopped for another reason.
  pthread_kill(signalWaiter.native_handle(), SIGTERM);
  signalWaiter.join();
  std::cout << "aviary serve: stopped" << std::endl;
}

}  // namespace

void addServeCommand(CLI::App& app) {
  auto arguments = std::make_shared<ServeArguments>();
  auto* command = app.add_subcommand(
      "serve",
      "Serve the lender channel's HTTP/JSON API (/v1, see /v1/openapi.json) and the applicant's "
      "page (/apply); channels authenticate with 'aviary token create' tokens");
  command->add_option("--listen", arguments->listen, "HOST:PORT to listen on (port 0: any free)")
      ->capture_default_str();
  command->add_option("--data", arguments->data,
                      "Folder for uploaded documents (default ~/.local/share/aviary/serve)");
  command->add_option("--scenes", arguments->scenes,
                      "STAC catalog.json of the scenes parcels are assessed against");
  command->add_option("--payments", arguments->payments,
                      "Folder of the payment data (transactions.csv, firms.csv, ...) dealers "
                      "are found in");
  command->add_option("--input", arguments->inputs,
                      "Another input every application shares, NAME=PATH (repeatable)");
  command
      ->add_option("--max-request-mb", arguments->maximumMegabytes,
                   "Largest request body accepted (413 above)")
      ->check(CLI::Range(0.01, 1024.0))
      ->capture_default_str();
  command
      ->add_option("--rate-limit", arguments->options.requestsPerMinute,
                   "Requests a minute per token (429 above; 0: no limit)")
      ->check(CLI::Range(0.0, 1e9))
      ->capture_default_str();
  command->add_option("--burst", arguments->options.burst, "Requests a token may send at once")
      ->check(CLI::Range(1.0, 1e9))
      ->capture_default_str();
  command->add_option("--threads", arguments->options.threads, "Requests served at once")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  command
      ->add_option("--deciders", arguments->options.deciders,
                   "Decisions made at once (0: one per core)")
      ->check(CLI::Range(0, 64))
      ->capture_default_str();
  command->add_flag("--quiet", arguments->quiet, "No request log on stderr");
  command->callback([arguments] { serve(*arguments); });
}

}  // namespace aviary::cli
