#include <chrono>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>

#include "AgriInputMarketSimulator.h"
#include "AnalysisWriter.h"
#include "CommandError.h"
#include "CommandGroups.h"
#include "PaymentNetworkLoader.h"
#include "SupplyChainAnalyzer.h"
#include "SupplyChainSimulator.h"

namespace aviary::cli {
namespace {

struct SimulateOptions {
  std::string outDir;
  std::uint64_t seed = 1;
  int brands = 5;
  double scale = 1.0;
  std::string exportStyle = "rich", market = "consumer-goods";
};

void simulate(const SimulateOptions& o) {
  if (o.brands < 1) throw CommandError("--brands must be at least 1");
  if (!(o.scale > 0)) throw CommandError("--scale must be positive (1.0 is ~300k payments)");
  supplychain::ExportStyle style;
  if (!supplychain::ExportStyle::fromName(o.exportStyle, style))
    throw CommandError("--export must be rich, varied or plain");
  try {
    if (o.market == "farm-inputs") {
      supplychain::AgriInputMarketSimulator::Options a;
      a.seed = o.seed;
      a.brands = o.brands;
      a.scale = o.scale;
      if (o.exportStyle != "rich") a.style = style;  // rich: that market's own bank style
      const auto s = supplychain::AgriInputMarketSimulator(a).write(o.outDir);
      std::cerr << "wrote " << s.transactions << " transactions among " << s.parties << " parties, "
                << s.supplyRelations << " supply relations, " << s.rings << " rings, " << s.shells
                << " shells to " << o.outDir << "\n";
      return;
    }
    if (o.market != "consumer-goods")
      throw CommandError("--market must be consumer-goods or farm-inputs");
    supplychain::SupplyChainSimulator::Options m{o.seed, o.brands, o.scale};
    m.style = style;
    m.familyFirms = o.exportStyle != "rich";
    const auto summary = supplychain::SupplyChainSimulator(m).write(o.outDir);
    std::cerr << "wrote " << summary.transactions << " transactions among " << summary.parties
              << " parties (" << summary.firms << " firms), " << summary.supplyRelations
              << " supply relations, " << summary.rings << " rings, " << summary.shells
              << " shells to " << o.outDir << "\n";
  } catch (const CommandError&) {
    throw;
  } catch (const std::exception& e) {
    throw CommandError(e.what());
  }
}

struct AnalyzeOptions {
  std::string transactions, firms, holdings, certificates, asOf, outDir, badRows;
};

void analyze(const AnalyzeOptions& o) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  auto seconds = [](Clock::time_point a) {
    return std::chrono::duration<double>(Clock::now() - a).count();
  };
  std::int32_t asOfDay = 0;
  if (!o.asOf.empty() && !supplychain::PaymentNetworkLoader::parseDate(o.asOf, asOfDay))
    throw CommandError("--as-of '" + o.asOf + "' is not a date: use YYYY-MM-DD");
  supplychain::BadRowReport report;
  std::vector<std::string> warnings;
  std::shared_ptr<supplychain::PaymentNetwork> network;
  try {
    network = std::make_shared<supplychain::PaymentNetwork>(supplychain::PaymentNetworkLoader::load(
        {o.transactions, o.firms, o.holdings, o.certificates}, report, warnings));
  } catch (const std::exception& e) {
    throw CommandError(e.what());
  }
  for (const auto& w : warnings) std::cerr << "warning: " << w << "\n";
  std::cerr << "read " << network->txnCount() << " transactions among " << network->partyCount()
            << " parties in " << seconds(start) << " s\n";
  std::cerr << report.summary();
  const auto analysisStart = Clock::now();
  const auto analysis = supplychain::SupplyChainAnalyzer::analyze(network, {asOfDay});
  std::cerr << "analysed in " << seconds(analysisStart) << " s: " << analysis.relations.size()
            << " relations, " << analysis.rings.size() << " rings, " << analysis.flags.size()
            << " risk flags\n";
  try {
    supplychain::AnalysisWriter::write(analysis, o.outDir);
    const std::string badPath = o.badRows.empty() ? o.outDir + "/bad_rows.jsonl" : o.badRows;
    std::ofstream bad(badPath);
    if (!bad) throw std::runtime_error("cannot write " + badPath);
    bad << report.toJsonLines();
  } catch (const std::exception& e) {
    throw CommandError(e.what());
  }
  std::cerr << "wrote " << o.outDir
            << "/entities.jsonl, relations.jsonl, rings.jsonl, model.json in " << seconds(start)
            << " s total\n";
}

}  // namespace

void addSupplyChainCommands(CLI::App& app) {
  CLI::App* group = app.add_subcommand("supplychain", "Rebuild trade networks from payments");
  group->require_subcommand(1);
  auto anOptions = std::make_shared<AnalyzeOptions>();
  CLI::App* an =
      group->add_subcommand("analyze", "Infer relations, roles, risks and limits from payments");
  an->add_option("--transactions", anOptions->transactions, "transactions.csv")->required();
  an->add_option("--firms", anOptions->firms, "firms.csv (optional)");
  an->add_option("--holdings", anOptions->holdings, "holdings.csv (optional)");
  an->add_option("--certificates", anOptions->certificates, "certificates.csv (optional)");
  an->add_option("--as-of", anOptions->asOf, "YYYY-MM-DD; default the day after the last payment");
  an->add_option("--out-dir", anOptions->outDir, "Folder for entities/relations/rings.jsonl")
      ->required();
  an->add_option("--bad-rows", anOptions->badRows,
                 "Bad-row report (default OUT_DIR/bad_rows.jsonl)");
  an->callback([anOptions] { analyze(*anOptions); });

  auto simOptions = std::make_shared<SimulateOptions>();
  CLI::App* sim =
      group->add_subcommand("simulate", "Write simulated transactions, registry and truth");
  sim->add_option("OUT_DIR", simOptions->outDir, "Folder for the CSVs and truth.json")->required();
  sim->add_option("--seed", simOptions->seed, "Random seed");
  sim->add_option("--brands", simOptions->brands, "Number of brands");
  sim->add_option("--scale", simOptions->scale, "Size factor; 1.0 is ~300k transactions");
  sim->add_option("--export", simOptions->exportStyle,
                  "How the bank writes it: rich (memos, times, industry codes), varied (sparse "
                  "memos in several languages, dates only, industry names, family firms) or plain "
                  "(no memos, dates only, no industries)");
  sim->add_option("--market", simOptions->market,
                  "consumer-goods (default) or farm-inputs (a second, differently built market)");
  sim->callback([simOptions] { simulate(*simOptions); });
}

}  // namespace aviary::cli
