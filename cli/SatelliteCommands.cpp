#include <CLI/CLI.hpp>

#include "CommandGroups.h"
#include "ReservedCommand.h"

namespace aviary::cli {

void addSatelliteCommands(CLI::App& app) {
  CLI::App* group = app.add_subcommand("satellite", "Assess farmers' parcels from Sentinel-2 scenes");
  group->require_subcommand(1);
  addReservedCommand(*group, "assess", "Assess parcels against a STAC catalog");
  addReservedCommand(*group, "train", "Train the crop-system classifier on labelled parcels");
  addReservedCommand(*group, "simulate", "Write a simulated catalog, parcels and truth");
}

}  // namespace aviary::cli
