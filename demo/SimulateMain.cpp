// aviary-simulate: test and demo data from the evidence sources' simulators (photos of
// documents, bank exports of a supply chain, satellite scenes over parcels). Kept out of the host
// `aviary` and the plugins, which never carry test-data generators.
#include <iostream>
#include <memory>
#include <stdexcept>

#include <CLI/CLI.hpp>

#include "AgriInputMarketSimulator.h"
#include "CredentialSimulator.h"
#include "SceneSimulator.h"
#include "SupplyChainSimulator.h"

namespace aviary::demo {
namespace {

void addSimulateCommand(CLI::App& group) {
  auto* command = group.add_subcommand("simulate", "Render synthetic credential photos with truth");
  auto options = std::make_shared<CredentialSimulator::Options>();
  auto directory = std::make_shared<std::string>();
  auto reshoot = std::make_shared<double>(0.2);
  command->add_option("OUT_DIR", *directory, "Directory for the photos and truth files")
      ->required();
  command->add_option("--seed", options->seed, "Random seed (same seed, same photos)");
  command->add_option("--n", options->count, "Number of photos")->check(CLI::Range(1, 100000));
  command->add_option("--reshoot-share", *reshoot, "Share of photos that must be re-shot")
      ->check(CLI::Range(0.0, 1.0));
  command->add_option("--kinds", options->kinds, "Only these kinds (codes)");
  command->callback([options, directory, reshoot] {
    options->reshootShare = *reshoot;
    try {
      const int count = CredentialSimulator().write(*options, *directory);
      std::cerr << "wrote " << count << " photos and truth.jsonl to " << *directory << "\n";
    } catch (const std::exception& error) {
      throw std::runtime_error(error.what());
    }
  });
}

struct SimulateOptions {
  std::string outDir;
  std::uint64_t seed = 1;
  int brands = 5;
  double scale = 1.0;
  std::string exportStyle = "rich", market = "consumer-goods";
};

void simulateTrade(const SimulateOptions& o) {
  if (o.brands < 1) throw std::invalid_argument("--brands must be at least 1");
  if (!(o.scale > 0))
    throw std::invalid_argument("--scale must be positive (1.0 is ~300k payments)");
  supplychain::ExportStyle style;
  if (!supplychain::ExportStyle::fromName(o.exportStyle, style))
    throw std::invalid_argument("--export must be rich, varied or plain");
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
      throw std::invalid_argument("--market must be consumer-goods or farm-inputs");
    supplychain::SupplyChainSimulator::Options m{o.seed, o.brands, o.scale};
    m.style = style;
    m.familyFirms = o.exportStyle != "rich";
    const auto summary = supplychain::SupplyChainSimulator(m).write(o.outDir);
    std::cerr << "wrote " << summary.transactions << " transactions among " << summary.parties
              << " parties (" << summary.firms << " firms), " << summary.supplyRelations
              << " supply relations, " << summary.rings << " rings, " << summary.shells
              << " shells to " << o.outDir << "\n";
  } catch (const std::invalid_argument&) {
    throw;
  }
}

void addTradeCommand(CLI::App& parent) {
  CLI::App& group =
      *parent.add_subcommand("supplychain", "Simulated bank exports of a supply chain");
  group.require_subcommand(1);
  auto simOptions = std::make_shared<SimulateOptions>();
  CLI::App* sim =
      group.add_subcommand("simulate", "Write simulated transactions, registry and truth");
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
  sim->callback([simOptions] { simulateTrade(*simOptions); });
}

void addSceneCommand(CLI::App& parent) {
  CLI::App& group = *parent.add_subcommand("satellite", "Simulated satellite scenes over parcels");
  group.require_subcommand(1);
  auto options = std::make_shared<satellite::SceneSimulator::Options>();
  auto outDir = std::make_shared<std::string>();
  CLI::App* cmd = group.add_subcommand("simulate", "Write a simulated catalog, parcels and truth");
  cmd->add_option("OUT_DIR", *outDir, "Folder for catalog.json, parcels.geojson, truth.jsonl")
      ->required();
  cmd->add_option("--seed", options->seed, "Random seed")->capture_default_str();
  cmd->add_option("--parcels", options->parcels, "Number of parcels")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  cmd->add_option("--dates", options->dates, "Number of scenes over the year")
      ->check(CLI::Range(1, 400))
      ->capture_default_str();
  cmd->add_option("--cloud", options->meanCloud, "Mean cloud cover of a scene (0..0.8)")
      ->check(CLI::Range(0.0, 0.8))
      ->capture_default_str();
  cmd->add_option("--min-mu", options->minAreaMu, "Smallest parcel in mu")
      ->check(CLI::Range(0.1, 100000.0))
      ->capture_default_str();
  cmd->add_option("--max-mu", options->maxAreaMu, "Largest parcel in mu")
      ->check(CLI::Range(1.0, 100000.0))
      ->capture_default_str();
  cmd->add_flag("--vary-region", options->varyRegion,
                "Draw a farming region: calendars shifted up to a month, other peaks, season "
                "lengths, soils, haze, sensors and revisit gaps");
  cmd->add_option("--hazard-share", options->hazardShare,
                  "Share of planted parcels hit by each of flood, drought and pest")
      ->check(CLI::Range(0.0, 0.33))
      ->capture_default_str();
  cmd->add_option("--year", options->year, "Year of the scenes")->capture_default_str();
  cmd->callback([options, outDir] {
    const auto summary = satellite::SceneSimulator::write(*outDir, *options);
    std::cerr << "simulated " << summary.parcels << " parcels, " << summary.scenes
              << " scenes, mean cloud " << summary.meanCloud << " in " << *outDir << "\n";
  });
}

}  // namespace
}  // namespace aviary::demo

int main(int argc, char** argv) {
  CLI::App app{"Write simulated test and demo data for the evidence sources", "aviary-simulate"};
  app.require_subcommand(1);
  auto* credential = app.add_subcommand("credential", "Simulated photos of business documents");
  credential->require_subcommand(1);
  aviary::demo::addSimulateCommand(*credential);
  aviary::demo::addTradeCommand(app);
  aviary::demo::addSceneCommand(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  } catch (const std::exception& error) {
    std::cerr << "aviary-simulate: " << error.what() << "\n";
    return 1;
  }
  return 0;
}
