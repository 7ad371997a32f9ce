#include "SupplyChainCommands.h"

#include <chrono>
#include <fstream>
#include <memory>
#include <ostream>
#include <stdexcept>

#include "AnalysisWriter.h"
#include "CommandLineRunner.h"
#include "PaymentNetworkLoader.h"
#include "SupplyChainAnalyzer.h"

namespace aviary::supplychain {
namespace {

struct AnalyzeOptions {
  std::string transactions, firms, holdings, certificates, asOf, outDir, badRows;
};

void analyze(const AnalyzeOptions& o, std::ostream& err) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  auto seconds = [](Clock::time_point a) {
    return std::chrono::duration<double>(Clock::now() - a).count();
  };
  std::int32_t asOfDay = 0;
  if (!o.asOf.empty() && !PaymentNetworkLoader::parseDate(o.asOf, asOfDay))
    throw std::invalid_argument("--as-of '" + o.asOf + "' is not a date: use YYYY-MM-DD");
  BadRowReport report;
  std::vector<std::string> warnings;
  auto network = std::make_shared<PaymentNetwork>(PaymentNetworkLoader::load(
      {o.transactions, o.firms, o.holdings, o.certificates}, report, warnings));
  for (const auto& w : warnings) err << "warning: " << w << "\n";
  err << "read " << network->txnCount() << " transactions among " << network->partyCount()
      << " parties in " << seconds(start) << " s\n";
  err << report.summary();
  const auto analysisStart = Clock::now();
  const auto analysis = SupplyChainAnalyzer::analyze(network, {asOfDay});
  err << "analysed in " << seconds(analysisStart) << " s: " << analysis.relations.size()
      << " relations, " << analysis.rings.size() << " rings, " << analysis.flags.size()
      << " risk flags\n";
  AnalysisWriter::write(analysis, o.outDir);
  const std::string badPath = o.badRows.empty() ? o.outDir + "/bad_rows.jsonl" : o.badRows;
  std::ofstream bad(badPath);
  if (!bad) throw std::runtime_error("cannot write " + badPath + ": check the folder exists");
  bad << report.toJsonLines();
  err << "wrote " << o.outDir << "/entities.jsonl, relations.jsonl, rings.jsonl, model.json in "
      << seconds(start) << " s total\n";
}

}  // namespace

std::vector<CommandDescription> SupplyChainCommands::list() {
  return {{"analyze", "Infer relations, roles, risks and limits from payments"}};
}

int SupplyChainCommands::run(const std::string& name, const std::vector<std::string>& arguments,
                             std::ostream& out, std::ostream& err) {
  if (name != "analyze") {
    err << "aviary supplychain has no command '" << name << "': see 'aviary supplychain --help'\n";
    return 2;
  }
  CLI::App app{"Infer relations, roles, risks and limits from payments",
               "aviary supplychain analyze"};
  AnalyzeOptions options;
  app.add_option("--transactions", options.transactions, "transactions.csv")->required();
  app.add_option("--firms", options.firms, "firms.csv (optional)");
  app.add_option("--holdings", options.holdings, "holdings.csv (optional)");
  app.add_option("--certificates", options.certificates, "certificates.csv (optional)");
  app.add_option("--as-of", options.asOf, "YYYY-MM-DD; default the day after the last payment");
  app.add_option("--out-dir", options.outDir, "Folder for entities/relations/rings.jsonl")
      ->required();
  app.add_option("--bad-rows", options.badRows, "Bad-row report (default OUT_DIR/bad_rows.jsonl)");
  return runCommandLine(app, arguments, out, err, [&] { analyze(options, err); });
}

}  // namespace aviary::supplychain
