#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "CommandError.h"
#include "CommandGroups.h"
#include "CreditModel.h"
#include "DatabaseLocator.h"
#include "ReleaseChecking.h"
#include "ReleaseChecks.h"
#include "ReleaseRepository.h"

namespace aviary::cli {
namespace {

struct ProposeArguments {
  std::string file, note, version;
};

// The live model's columns: what a candidate is compared with. Empty when none is live.
std::vector<std::string> liveColumns(const ReleaseRepository& releases) {
  const auto live = releases.live("model");
  if (!live) return {};
  return credit::CreditModel::fromJsonText(releases.content(live->releaseId), "live model")
      .featureColumns();
}

std::vector<ReleaseFinding> checksOf(const credit::CreditModel& model,
                                     const ReleaseRepository& releases) {
  return ReleaseChecks::ofModel(model.featureColumns(), liveColumns(releases),
                                declaredEvidenceColumns());
}

void propose(const ProposeArguments& args) {
  std::unique_ptr<credit::CreditModel> model;
  try {
    model = std::make_unique<credit::CreditModel>(credit::CreditModel::load(args.file));
  } catch (const credit::CreditModelError& error) {
    throw CommandError(std::string(error.what()) + " (nothing was proposed)");
  }
  ReleaseRepository releases(DatabaseLocator::open().connectionString);
  const auto findings = checksOf(*model, releases);
  printFindings(findings);
  if (ReleaseChecks::hasErrors(findings))
    throw CommandError("not proposed: fix the errors above, then propose again");
  const std::string version = args.version.empty() ? model->sha256().substr(0, 12) : args.version;
  try {
    const Release release = releases.proposeModel(version, model->sha256(), model->toJsonText(),
                                                  args.note, ReleaseChecks::toJson(findings));
    std::cout << "proposed model " << release.version << " (sha256 " << release.sha256.substr(0, 12)
              << "); another admin approves it with 'aviary model approve " << release.version
              << "'\n";
  } catch (const std::invalid_argument& error) {
    throw CommandError(error.what());
  }
}

void approve(const std::string& version) {
  ReleaseRepository releases(DatabaseLocator::open().connectionString);
  try {
    const auto found = releases.find("model", version);
    if (found && found->proposedBy == releases.actor())
      throw CommandError(found->proposedBy + " proposed model version " + version +
                         " and cannot also approve it: another admin must (maker-checker)");
    if (found) {
      const auto model =
          credit::CreditModel::fromJsonText(releases.content(found->releaseId), "model " + version);
      const auto findings = checksOf(model, releases);
      printFindings(findings);
      if (ReleaseChecks::hasErrors(findings))
        throw CommandError("not approved: the model has errors; ask for a corrected one");
    }
    const Release release = releases.approve("model", version);
    std::cout << "model " << release.version << " is live, approved by " << release.approvedBy
              << " (proposed by " << release.proposedBy
              << "); cases submitted from now on use it\n";
  } catch (const std::invalid_argument& error) {
    throw CommandError(error.what());
  }
}

void list(bool asJson) {
  const auto releases = ReleaseRepository(DatabaseLocator::open().connectionString).list("model");
  if (asJson) {
    for (const auto& release : releases) std::cout << release.toJson().dump() << "\n";
    return;
  }
  if (releases.empty()) std::cout << "no model was proposed yet: the configured file decides\n";
  for (const auto& release : releases)
    std::cout << "model " << release.version << "  " << release.state() << "  proposed by "
              << release.proposedBy << (release.approvedBy.empty() ? "" : ", approved by ")
              << release.approvedBy << "\n    " << release.note << "\n";
}

}  // namespace

void addModelReleaseCommands(CLI::App& group) {
  auto proposeArgs = std::make_shared<ProposeArguments>();
  auto* proposeCommand = group.add_subcommand(
      "propose", "Store a candidate decision model for a second admin to approve (maker-checker)");
  proposeCommand->add_option("FILE", proposeArgs->file, "Model file from 'aviary model train'")
      ->required();
  proposeCommand->add_option("--note", proposeArgs->note, "What changes and why")->required();
  proposeCommand->add_option("--version", proposeArgs->version,
                             "A name for this version (default: the first 12 hex of its sha256)");
  proposeCommand->callback([proposeArgs] { propose(*proposeArgs); });

  auto version = std::make_shared<std::string>();
  auto* approveCommand = group.add_subcommand(
      "approve", "Make a proposed model live; the proposer cannot approve their own");
  approveCommand->add_option("VERSION", *version, "The version to approve")->required();
  approveCommand->callback([version] { approve(*version); });

  auto asJson = std::make_shared<bool>(false);
  auto* listCommand = group.add_subcommand("list", "Proposed, live and retired models");
  listCommand->add_flag("--json", *asJson, "One JSON object per line");
  listCommand->callback([asJson] { list(*asJson); });
}

}  // namespace aviary::cli
