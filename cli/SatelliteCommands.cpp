#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "CommandError.h"
#include "CommandGroups.h"
#include "SceneSimulator.h"

namespace aviary::cli {
namespace {

void addSimulate(CLI::App& group) {
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
  cmd->add_option("--max-mu", options->maxAreaMu, "Largest parcel in mu")
      ->check(CLI::Range(1.0, 100000.0))
      ->capture_default_str();
  cmd->add_option("--hazard-share", options->hazardShare,
                  "Share of planted parcels hit by each of flood, drought and pest")
      ->check(CLI::Range(0.0, 0.33))
      ->capture_default_str();
  cmd->add_option("--year", options->year, "Year of the scenes")->capture_default_str();
  cmd->callback([options, outDir] {
    try {
      const auto summary = satellite::SceneSimulator::write(*outDir, *options);
      std::cerr << "simulated " << summary.parcels << " parcels, " << summary.scenes
                << " scenes, mean cloud " << summary.meanCloud << " in " << *outDir << "\n";
    } catch (const std::exception& e) {
      throw CommandError(std::string("simulate failed: ") + e.what());
    }
  });
}

}  // namespace

void addSatelliteCommands(CLI::App& app) {
  CLI::App* group =
      app.add_subcommand("satellite", "Assess farmers' parcels from Sentinel-2 scenes");
  group->require_subcommand(1);
  addSimulate(*group);
}

}  // namespace aviary::cli
