#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "CommandError.h"
#include "CommandGroups.h"
#include "DatabaseLocator.h"
#include "OutcomeImporter.h"

namespace aviary::cli {
namespace {

void import(const std::string& path) {
  OutcomeImport result;
  try {
    result = OutcomeImporter(DatabaseLocator::open().connectionString).import(path);
  } catch (const CsvError& error) {
    throw CommandError(std::string(error.what()) + " (nothing was recorded)");
  }
  for (const auto& problem : result.problems)
    std::cerr << path << ": line " << problem.line << " not recorded: " << problem.message << "\n";
  std::cout << result.rows << " rows: " << result.recorded << " outcomes recorded, "
            << result.corrected << " corrected, " << result.unchanged << " already recorded, "
            << result.problems.size() << " rejected\n";
}

}  // namespace

void addOutcomeCommands(CLI::App& app) {
  CLI::App* group = app.add_subcommand("outcome", "Repayment outcomes of decided cases");
  group->require_subcommand(1);
  auto file = std::make_shared<std::string>();
  auto* importCommand = group->add_subcommand(
      "import",
      "Record outcomes from a CSV with columns case_id,as_of,status (status: current, "
      "late_30, late_90, default or repaid); bad rows are reported with their line");
  importCommand->add_option("FILE", *file, "The CSV file")->required()->check(CLI::ExistingFile);
  importCommand->callback([file] { import(*file); });
}

}  // namespace aviary::cli
