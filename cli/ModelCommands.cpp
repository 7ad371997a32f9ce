#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "BinaryMetrics.h"
#include "BookTrainingTable.h"
#include "CaseFile.h"
#include "CommandError.h"
#include "CommandGroups.h"
#include "CreditModel.h"
#include "CreditModelTrainer.h"
#include "CsvTable.h"
#include "DatabaseLocator.h"
#include "EvidenceOutcomeSimulator.h"
#include "ReferenceDistribution.h"
#include "ReliabilityTable.h"
#include "TrainingReport.h"

namespace aviary::cli {
namespace {

using namespace aviary::credit;

struct TrainArguments {
  std::string data, target, bad, out, report, since;
  bool fromDatabase = false;
  int folds = 5;
  std::uint64_t seed = 42;
  int threads = 0;
  bool json = false;
};

struct SimulateEvidenceArguments {
  std::string data, target, bad, out;
  unsigned seed = 1;
  double separation = 0.8;
};

struct ReferenceArguments {
  std::string model, data, out;
};

struct EvaluateArguments {
  std::string model, data, target, bad;
  bool json = false;
};

CsvTable readTable(const std::string& path) {
  try {
    CsvTable table = CsvTable::read(path);
    if (const std::string note = table.encodingNote(); !note.empty())
      std::cerr << "note: " << note << "\n";
    return table;
  } catch (const CsvError& error) {
    throw CommandError(error.what());
  }
}

// A model file the user named; a file that is not a model is the user's error, not a crash.
std::unique_ptr<CreditModel> loadModel(const std::string& path) {
  try {
    return std::make_unique<CreditModel>(CreditModel::load(path));
  } catch (const CreditModelError& error) {
    throw CommandError(error.what());
  }
}

void reportSkipped(const std::string& path, const std::vector<CsvProblem>& skipped) {
  for (const auto& problem : skipped)
    std::cerr << path << ": line " << problem.line << " skipped: " << problem.message << "\n";
}

std::string plusMinus(double mean, double sd) {
  char text[64];
  std::snprintf(text, sizeof text, "%.4f ± %.4f", mean, sd);
  return text;
}

// The stored cases with repayment outcomes, evidence columns included.
CsvTable tableFromDatabase(TrainArguments& args) {
  if (!args.since.empty() && !aviary::CaseFile::isRealDate(args.since))
    throw CommandError("--since '" + args.since + "' is not a date: write it as YYYY-MM-DD");
  StoredBook::Filter filter;
  filter.since = args.since;
  try {
    CsvTable table = BookTrainingTable::fromBook(DatabaseLocator::open().connectionString, filter);
    args.target = BookTrainingTable::kTarget;
    args.bad = "bad";
    std::cerr << "training on " << table.rowCount()
              << " stored cases with repayment outcomes (bad: ever 90 days late or in default)\n";
    return table;
  } catch (const std::invalid_argument& error) {
    throw CommandError(error.what());
  }
}

void runTrain(TrainArguments& args, const std::string& commandLine) {
  if (!args.fromDatabase && (args.data.empty() || args.target.empty() || args.bad.empty()))
    throw CommandError(
        "give --data, --target and --bad, or --from-database to train on stored "
        "cases with repayment outcomes");
  const CsvTable table = args.fromDatabase ? tableFromDatabase(args) : readTable(args.data);
  TrainerOptions options;
  options.target = {args.target, args.bad};
  options.folds = args.folds;
  options.seed = args.seed;
  options.threads = args.threads;
  options.progress = [](const std::string& line) {
    // Grid details (indented) only with --verbose; fold summaries always.
    if (line.rfind("    ", 0) == 0 && !spdlog::should_log(spdlog::level::debug)) return;
    std::cerr << line << "\n";
  };
  TrainingResult result;
  try {
    result = CreditModelTrainer(options).train(table);
  } catch (const TrainingError& error) {
    throw CommandError(error.what());
  }
  reportSkipped(args.data, result.skippedRows);
  try {
    result.model->save(args.out);
  } catch (const CreditModelError& error) {
    throw CommandError(error.what());
  }
  if (!args.report.empty()) {
    std::ofstream report(args.report);
    if (!report) throw CommandError("cannot write report " + args.report);
    report << trainingReportMarkdown(result, commandLine);
  }
  if (args.json) {
    nlohmann::json out{{"auc", result.aucMean},
                       {"ks", result.ksMean},
                       {"gini", result.giniMean},
                       {"auc_sd", result.aucSd},
                       {"ks_sd", result.ksSd},
                       {"gini_sd", result.giniSd},
                       {"folds", args.folds},
                       {"rows", result.report["data"]["rows"]},
                       {"bad", result.report["data"]["bad"]},
                       {"skipped_rows", result.skippedRows.size()},
                       {"calibration", result.report["calibration"]},
                       {"final", result.report["final"]},
                       {"model", args.out},
                       {"sha256", result.model->sha256()}};
    std::cout << out.dump() << "\n";
    return;
  }
  std::cout << "cross-validated over " << args.folds << " folds (" << result.report["data"]["rows"]
            << " rows, " << result.report["data"]["bad"] << " bad)\n"
            << "  AUC   " << plusMinus(result.aucMean, result.aucSd) << "\n"
            << "  KS    " << plusMinus(result.ksMean, result.ksSd) << "\n"
            << "  Gini  " << plusMinus(result.giniMean, result.giniSd) << "\n\n"
            << "reliability of calibrated out-of-fold PDs (deciles):\n"
            << result.reliability.toMarkdown() << "\nmodel written to " << args.out << " (sha256 "
            << result.model->sha256() << ")\n";
}

void runEvaluate(const EvaluateArguments& args) {
  const auto model = loadModel(args.model);
  const CsvTable table = readTable(args.data);
  const CreditTarget target{args.target.empty() ? model->target().column : args.target,
                            args.bad.empty() ? model->target().badLabel : args.bad};
  std::vector<std::size_t> usable;
  std::vector<CsvProblem> skipped = table.problems();
  std::vector<int> labels;
  try {
    labels = CreditModelTrainer::labelsOf(table, target, usable, skipped);
  } catch (const TrainingError& error) {
    throw CommandError(error.what());
  }
  // Rows that cannot be encoded are reported with their line and left out; the rest go on.
  const std::size_t columns = model->encoder().featureCount();
  std::vector<float> encoded;
  std::vector<int> kept;
  encoded.reserve(usable.size() * columns);
  std::vector<float> row(columns);
  for (std::size_t r : usable) {
    try {
      model->encoder().encode(table, r, row.data());
    } catch (const FeatureError& error) {
      skipped.push_back({table.lineOf(r), error.what()});
      continue;
    }
    encoded.insert(encoded.end(), row.begin(), row.end());
    kept.push_back(labels[r]);
  }
  std::sort(skipped.begin(), skipped.end(),
            [](const CsvProblem& a, const CsvProblem& b) { return a.line < b.line; });
  reportSkipped(args.data, skipped);
  const std::vector<double> pd = model->probabilitiesOfDefault(encoded);
  BinaryMetrics metrics;
  try {
    metrics = BinaryMetrics::compute(kept, pd);
  } catch (const std::invalid_argument& error) {
    throw CommandError(args.data + ": " + error.what() + "; evaluate on rows with both outcomes");
  }
  const ReliabilityTable reliability = ReliabilityTable::compute(kept, pd, 10);
  if (args.json) {
    nlohmann::json out = metrics.toJson();
    out["model_sha256"] = model->sha256();
    out["reliability"] = reliability.toJson();
    nlohmann::json errors = nlohmann::json::array();
    for (const auto& problem : skipped)
      errors.push_back({{"line", problem.line}, {"error", problem.message}});
    out["skipped"] = errors;
    std::cout << out.dump() << "\n";
    return;
  }
  char text[200];
  std::snprintf(text, sizeof text,
                "%zu rows (%zu bad, %zu skipped)\n  AUC   %.4f\n  KS    %.4f\n  Gini  %.4f\n"
                "  log loss %.4f, Brier %.4f\n\n",
                metrics.count, metrics.bad, skipped.size(), metrics.auc, metrics.ks, metrics.gini,
                metrics.logLoss, metrics.brier);
  std::cout << text << "reliability (deciles of predicted PD):\n" << reliability.toMarkdown();
}

// For a model trained before monitoring existed: its training data's distribution, so
// `aviary monitor` can measure drift against it.
void runReference(const ReferenceArguments& args) {
  const auto model = loadModel(args.model);
  const CsvTable table = readTable(args.data);
  reportSkipped(args.data, table.problems());
  const std::size_t columns = model->encoder().featureCount();
  std::vector<float> encoded, row(columns);
  std::vector<std::size_t> kept;
  for (std::size_t r = 0; r < table.rowCount(); ++r) {
    try {
      model->encoder().encode(table, r, row.data());
    } catch (const FeatureError& error) {
      std::cerr << args.data << ": line " << table.lineOf(r) << " skipped: " << error.what()
                << "\n";
      continue;
    }
    encoded.insert(encoded.end(), row.begin(), row.end());
    kept.push_back(r);
  }
  if (kept.empty()) throw CommandError(args.data + " has no row the model can read");
  const auto reference = ReferenceDistribution::forTable(
      table, model->encoder(), kept, model->probabilitiesOfDefault(encoded),
      "rows of " + std::filesystem::path(args.data).filename().string() +
          "; score = the model's calibrated PD on them");
  const CreditModel withReference = model->withReferenceDistribution(reference);
  try {
    withReference.save(args.out);
  } catch (const CreditModelError& error) {
    throw CommandError(error.what());
  }
  std::cout << "training distribution of " << model->featureColumns().size() << " columns over "
            << kept.size() << " rows added; model written to " << args.out << " (sha256 "
            << withReference.sha256() << ")\n";
}

void runSimulateEvidence(const SimulateEvidenceArguments& args) {
  const CsvTable table = readTable(args.data);
  reportSkipped(args.data, table.problems());
  std::string csv;
  try {
    csv = EvidenceOutcomeSimulator::simulateCsv(table, args.target, args.bad,
                                                {args.seed, args.separation});
  } catch (const std::invalid_argument& error) {
    throw CommandError(error.what());
  }
  std::ofstream out(args.out, std::ios::binary);
  out << csv;
  if (!out)
    throw CommandError("cannot write " + args.out + ": check the folder exists and is writable");
  std::cerr << "wrote " << table.rowCount() << " applications with "
            << EvidenceOutcomeSimulator::evidenceColumns().size()
            << " simulated evidence columns to " << args.out << "\n";
}

}  // namespace

void addModelCommands(CLI::App& app) {
  CLI::App* group = app.add_subcommand("model", "Train and evaluate the credit model");
  group->require_subcommand(1);

  auto train = std::make_shared<TrainArguments>();
  CLI::App* trainCommand =
      group->add_subcommand("train", "Train a credit model on any CSV with cross-validation");
  auto* dataOption = trainCommand->add_option("--data", train->data, "CSV with a header row");
  trainCommand->add_option("--target", train->target, "Column holding the outcome");
  trainCommand->add_option("--bad", train->bad, "Value of the target that means bad");
  trainCommand
      ->add_flag("--from-database", train->fromDatabase,
                 "Train on the stored cases with repayment outcomes (see 'aviary outcome "
                 "import'), evidence columns included")
      ->excludes(dataOption);
  trainCommand->add_option("--since", train->since,
                           "With --from-database: only cases decided on or after YYYY-MM-DD");
  trainCommand->add_option("--folds", train->folds, "Cross-validation folds")
      ->check(CLI::Range(2, 20));
  trainCommand->add_option("--seed", train->seed, "Seed for folds and XGBoost sampling");
  trainCommand->add_option("--out", train->out, "Model file to write")->required();
  trainCommand->add_option("--report", train->report, "Also write a Markdown training report");
  trainCommand->add_option("--threads", train->threads, "XGBoost threads (0 = all cores)");
  trainCommand->add_flag("--json", train->json, "Print one JSON object");
  trainCommand->callback([train] {
    std::string line =
        "aviary model train " +
        (train->fromDatabase
             ? "--from-database" +
                   (train->since.empty() ? std::string() : " --since " + train->since)
             : "--data " + train->data + " --target " + train->target + " --bad " + train->bad) +
        " --folds " + std::to_string(train->folds) + " --seed " + std::to_string(train->seed) +
        " --out " + train->out;
    runTrain(*train, line);
  });

  auto evaluate = std::make_shared<EvaluateArguments>();
  CLI::App* evaluateCommand =
      group->add_subcommand("evaluate", "Evaluate a credit model on held-out rows");
  evaluateCommand->add_option("--model", evaluate->model, "Model file from `model train`")
      ->required();
  evaluateCommand->add_option("--data", evaluate->data, "CSV with the outcome column")->required();
  evaluateCommand->add_option("--target", evaluate->target,
                              "Outcome column (default: the model's)");
  evaluateCommand->add_option("--bad", evaluate->bad, "Bad outcome value (default: the model's)");
  evaluateCommand->add_flag("--json", evaluate->json, "Print one JSON object");
  evaluateCommand->callback([evaluate] { runEvaluate(*evaluate); });

  auto simulate = std::make_shared<SimulateEvidenceArguments>();
  CLI::App* simulateCommand = group->add_subcommand(
      "simulate-evidence",
      "Add simulated evidence features (satellite, supply chain, credentials) to labelled "
      "applications, drawn conditional on the outcome, to train a decision model before real "
      "outcomes with evidence exist; the evidence-outcome link is an assumption (--separation)");
  simulateCommand->add_option("--data", simulate->data, "Labelled applications (CSV)")->required();
  simulateCommand->add_option("--target", simulate->target, "Column holding the outcome")
      ->required();
  simulateCommand->add_option("--bad", simulate->bad, "Value of the target that means bad")
      ->required();
  simulateCommand->add_option("--out", simulate->out, "CSV to write")->required();
  simulateCommand->add_option("--seed", simulate->seed, "Seed of the simulation");
  simulateCommand
      ->add_option("--separation", simulate->separation,
                   "Standard deviations between good and bad loans' evidence quality")
      ->check(CLI::Range(0.0, 3.0));
  simulateCommand->callback([simulate] { runSimulateEvidence(*simulate); });

  auto reference = std::make_shared<ReferenceArguments>();
  CLI::App* referenceCommand = group->add_subcommand(
      "reference",
      "Add the training data's distribution to a model trained before monitoring "
      "existed, so 'aviary monitor' can measure drift against it");
  referenceCommand->add_option("--model", reference->model, "Model file")->required();
  referenceCommand->add_option("--data", reference->data, "The CSV the model was trained on")
      ->required();
  referenceCommand->add_option("--out", reference->out, "Model file to write")->required();
  referenceCommand->callback([reference] { runReference(*reference); });

  addModelReleaseCommands(*group);
}

}  // namespace aviary::cli
