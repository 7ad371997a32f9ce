#include <filesystem>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>

#include "CommandError.h"
#include "CommandGroups.h"
#include "CredentialReader.h"
#include "CredentialSimulator.h"
#include "DocumentReadingJson.h"

namespace aviary::cli {

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
      throw CommandError(error.what());
    }
  });
}

void addReadCommand(CLI::App& group) {
  auto* command = group.add_subcommand("read", "Read photos of documents: kind, fields, checks");
  auto images = std::make_shared<std::vector<std::string>>();
  auto out = std::make_shared<std::string>();
  auto asOf = std::make_shared<std::string>();
  command->add_option("IMAGE", *images, "Photos or scans (JPEG, PNG, TIFF, scanned PDF)")
      ->required();
  command->add_option("--out", *out, "Write JSON Lines here instead of stdout");
  command->add_option("--as-of", *asOf, "Judge validity as of this day (YYYY-MM-DD)");
  command->callback([images, out, asOf] {
    std::ofstream file;
    if (!out->empty()) {
      file.open(*out);
      if (!file) throw CommandError("cannot write " + *out + ": check the directory exists");
    }
    std::ostream& sink = out->empty() ? std::cout : file;
    const CredentialReader reader(*asOf);
    int index = 0;
    for (const std::string& image : *images) {
      std::cerr << "[" << ++index << "/" << images->size() << "] " << image << "\n";
      DocumentReading reading;
      try {
        reading = reader.readFile(image, image);
      } catch (const std::exception& error) {
        // The OCR model itself is missing: no file can be read.
        throw CommandError(error.what());
      }
      sink << DocumentReadingJson::toJson(reading).dump() << "\n";
      sink.flush();
    }
  });
}

}  // namespace

void addCredentialCommands(CLI::App& app) {
  CLI::App* group = app.add_subcommand("credential", "Read business documents from photos");
  group->require_subcommand(1);
  addReadCommand(*group);
  addSimulateCommand(*group);
}

}  // namespace aviary::cli
