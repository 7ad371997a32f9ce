#include "CreditModelTrainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <random>
#include <set>

#include "FeatureEncoder.h"
#include "ProbabilityCalibrator.h"
#include "ReferenceDistribution.h"
#include "XGBoostBooster.h"
#include "XGBoostMatrix.h"

namespace aviary::credit {
namespace {

std::string trimmed(const std::string& text) {
  std::size_t begin = text.find_first_not_of(" \t"), end = text.find_last_not_of(" \t");
  return begin == std::string::npos ? std::string() : text.substr(begin, end - begin + 1);
}

// Fisher-Yates with our own index draw, so folds are the same on every standard library.
void shuffle(std::vector<std::size_t>& items, std::mt19937_64& rng) {
  for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[rng() % i]);
}

std::vector<float> selectRows(const std::vector<float>& features, std::size_t columns,
                              const std::vector<std::size_t>& rows) {
  std::vector<float> out(rows.size() * columns);
  for (std::size_t i = 0; i < rows.size(); ++i)
    std::copy_n(&features[rows[i] * columns], columns, &out[i * columns]);
  return out;
}

std::vector<float> selectLabels(const std::vector<int>& labels,
                                const std::vector<std::size_t>& rows) {
  std::vector<float> out;
  out.reserve(rows.size());
  for (std::size_t r : rows) out.push_back(static_cast<float>(labels[r]));
  return out;
}

std::vector<std::size_t> allExcept(const std::vector<std::vector<std::size_t>>& folds,
                                   std::size_t held) {
  std::vector<std::size_t> rows;
  for (std::size_t k = 0; k < folds.size(); ++k)
    if (k != held) rows.insert(rows.end(), folds[k].begin(), folds[k].end());
  std::sort(rows.begin(), rows.end());
  return rows;
}

void configure(XGBoostBooster& booster, const HyperParameters& p, std::uint64_t seed, int threads) {
  booster.setParameter("verbosity", "0");
  booster.setParameter("objective", "binary:logistic");
  booster.setParameter("tree_method", "hist");
  booster.setParameter("max_depth", std::to_string(p.maxDepth));
  booster.setParameter("eta", std::to_string(p.eta));
  booster.setParameter("min_child_weight", std::to_string(p.minChildWeight));
  booster.setParameter("subsample", std::to_string(p.subsample));
  booster.setParameter("colsample_bytree", std::to_string(p.colsampleByTree));
  booster.setParameter("lambda", std::to_string(p.lambda));
  booster.setParameter("seed", std::to_string(seed % 2147483647));
  if (threads > 0) booster.setParameter("nthread", std::to_string(threads));
}

void meanAndSd(const std::vector<double>& values, double& mean, double& sd) {
  mean = std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
  double squares = 0;
  for (double v : values) squares += (v - mean) * (v - mean);
  sd = values.size() > 1 ? std::sqrt(squares / static_cast<double>(values.size() - 1)) : 0;
}

}  // namespace

CreditModelTrainer::CreditModelTrainer(TrainerOptions options) : options_(std::move(options)) {
  if (options_.folds < 2) throw TrainingError("--folds must be at least 2");
  if (options_.innerFolds < 2) throw TrainingError("inner folds must be at least 2");
  if (options_.grid.empty()) throw TrainingError("the hyper-parameter grid is empty");
}

void CreditModelTrainer::say(const std::string& line) const {
  if (options_.progress) options_.progress(line);
}

std::vector<int> CreditModelTrainer::labelsOf(const CsvTable& table, const CreditTarget& target,
                                              std::vector<std::size_t>& usableRows,
                                              std::vector<CsvProblem>& skipped) {
  const int column = table.columnIndex(target.column);
  if (column < 0) {
    std::string names;
    for (const auto& name : table.header()) names += (names.empty() ? "" : ", ") + name;
    throw TrainingError(table.sourceName() + " has no column '" + target.column +
                        "'; pass --target with one of: " + names);
  }
  std::vector<int> labels(table.rowCount(), -1);
  std::set<std::string> others;
  std::size_t bad = 0;
  for (std::size_t r = 0; r < table.rowCount(); ++r) {
    const std::string value = trimmed(table.row(r)[static_cast<std::size_t>(column)]);
    if (FeatureEncoder::isMissing(value)) {
      skipped.push_back({table.lineOf(r),
                         "no " + target.column + " value; fill it in or drop the row to use it"});
      continue;
    }
    labels[r] = value == target.badLabel ? 1 : 0;
    bad += static_cast<std::size_t>(labels[r]);
    if (!labels[r]) others.insert(value);
    usableRows.push_back(r);
  }
  if (usableRows.empty())
    throw TrainingError("no row has a value in " + target.column +
                        ": the file needs data rows below its header, each with an outcome");
  if (bad == 0) {
    std::string values;
    for (const auto& v : others) values += (values.empty() ? "" : ", ") + v;
    throw TrainingError("no row has " + target.column + " = '" + target.badLabel +
                        "'; pass --bad with the label of the bad outcome (values seen: " + values +
                        ")");
  }
  if (others.size() > 1) {
    std::string values;
    for (const auto& v : others) values += (values.empty() ? "" : ", ") + v;
    throw TrainingError(target.column + " has more than two values (" + target.badLabel + ", " +
                        values + "); a credit model needs a binary target: recode it first");
  }
  return labels;
}

std::vector<std::vector<std::size_t>> CreditModelTrainer::stratifiedFolds(
    const std::vector<int>& labels, const std::vector<std::size_t>& rows, int folds,
    std::uint64_t seed) {
  std::vector<std::size_t> bad, good;
  for (std::size_t r : rows) (labels[r] == 1 ? bad : good).push_back(r);
  std::mt19937_64 rng(seed);
  shuffle(bad, rng);
  shuffle(good, rng);
  std::vector<std::vector<std::size_t>> out(static_cast<std::size_t>(folds));
  std::size_t next = 0;
  for (const auto* group : {&bad, &good})
    for (std::size_t r : *group) out[next++ % out.size()].push_back(r);
  for (auto& fold : out) std::sort(fold.begin(), fold.end());
  return out;
}

CreditModelTrainer::Selection CreditModelTrainer::select(const std::vector<float>& features,
                                                         std::size_t columns,
                                                         const std::vector<int>& labels,
                                                         const std::vector<std::size_t>& rows,
                                                         std::uint64_t seed) const {
  const auto inner = stratifiedFolds(labels, rows, options_.innerFolds, seed);
  std::vector<XGBoostMatrix> trains, valids;
  std::vector<std::vector<int>> validLabels;
  for (std::size_t k = 0; k < inner.size(); ++k) {
    validLabels.emplace_back();
    for (std::size_t r : inner[k]) validLabels.back().push_back(labels[r]);
    const auto trainRows = allExcept(inner, k);
    trains.emplace_back(selectRows(features, columns, trainRows), columns,
                        selectLabels(labels, trainRows));
    valids.emplace_back(selectRows(features, columns, inner[k]), columns,
                        selectLabels(labels, inner[k]));
  }
  Selection best;
  best.auc = -1;
  for (const HyperParameters& candidate : options_.grid) {
    std::vector<XGBoostBooster> boosters;
    for (std::size_t k = 0; k < inner.size(); ++k) {
      boosters.emplace_back(std::vector<const XGBoostMatrix*>{&trains[k], &valids[k]});
      configure(boosters.back(), candidate, seed + k, options_.threads);
    }
    // The inner folds boost in lockstep; stop when their mean validation AUC stalls.
    double bestAuc = -1;
    int bestRound = 0;
    for (int round = 0; round < options_.maxRounds; ++round) {
      double sum = 0;
      for (std::size_t k = 0; k < boosters.size(); ++k) {
        boosters[k].updateOneIteration(round, trains[k]);
        // Our own AUC: XGBoost's sorts with all OpenMP threads and spins on a busy machine.
        const auto margins = boosters[k].predictMargins(valids[k], inner[k].size());
        sum += BinaryMetrics::compute(validLabels[k],
                                      std::vector<double>(margins.begin(), margins.end()))
                   .auc;
      }
      const double auc = sum / static_cast<double>(boosters.size());
      if (auc > bestAuc) {
        bestAuc = auc;
        bestRound = round;
      } else if (round - bestRound >= options_.earlyStoppingRounds) {
        break;
      }
    }
    HyperParameters tuned = candidate;
    tuned.rounds = bestRound + 1;
    say("    " + tuned.label() + " rounds=" + std::to_string(tuned.rounds) +
        " inner AUC=" + std::to_string(bestAuc));
    if (bestAuc > best.auc) best = {tuned, bestAuc};
  }
  return best;
}

std::vector<std::uint8_t> CreditModelTrainer::fit(const std::vector<float>& features,
                                                  std::size_t columns,
                                                  const std::vector<int>& labels,
                                                  const std::vector<std::size_t>& rows,
                                                  const HyperParameters& parameters) const {
  const XGBoostMatrix train(selectRows(features, columns, rows), columns,
                            selectLabels(labels, rows));
  XGBoostBooster booster({&train});
  configure(booster, parameters, options_.seed, options_.threads);
  for (int round = 0; round < parameters.rounds; ++round) booster.updateOneIteration(round, train);
  return booster.saveUbj();
}

TrainingResult CreditModelTrainer::train(const CsvTable& table) const {
  const auto started = std::chrono::steady_clock::now();
  TrainingResult result;
  result.skippedRows = table.problems();
  std::vector<std::size_t> usable;
  const std::vector<int> labels = labelsOf(table, options_.target, usable, result.skippedRows);
  const std::size_t bad = static_cast<std::size_t>(
      std::count_if(usable.begin(), usable.end(), [&](std::size_t r) { return labels[r] == 1; }));
  const std::size_t good = usable.size() - bad;
  const std::size_t minimum = static_cast<std::size_t>(options_.folds * options_.innerFolds);
  if (bad < minimum || good < minimum)
    throw TrainingError("only " + std::to_string(bad) + " bad and " + std::to_string(good) +
                        " good rows; nested " + std::to_string(options_.folds) +
                        "-fold cross-validation needs at least " + std::to_string(minimum) +
                        " of each: add rows or lower --folds");

  const std::vector<std::string> excluded{options_.target.column};
  std::vector<std::size_t> allRows(table.rowCount());
  std::iota(allRows.begin(), allRows.end(), 0);
  const auto outer = stratifiedFolds(labels, usable, options_.folds, options_.seed);

  std::vector<double> outOfFoldMargin(table.rowCount(), 0.0);
  std::vector<double> aucs, kss, ginis;
  for (std::size_t k = 0; k < outer.size(); ++k) {
    say("fold " + std::to_string(k + 1) + "/" + std::to_string(outer.size()) +
        ": tuning on the other folds");
    const auto trainRows = allExcept(outer, k);
    const FeatureEncoder encoder = FeatureEncoder::fit(table, trainRows, excluded);
    const std::size_t columns = encoder.featureCount();
    const std::vector<float> features = encoder.encodeAll(table, allRows);
    const Selection chosen =
        select(features, columns, labels, trainRows, options_.seed + 101 * (k + 1));
    const XGBoostBooster booster =
        XGBoostBooster::fromUbj(fit(features, columns, labels, trainRows, chosen.parameters));
    const std::vector<float> testFeatures = selectRows(features, columns, outer[k]);
    const std::vector<float> margins =
        booster.predictMargins(testFeatures.data(), outer[k].size(), columns);
    std::vector<int> foldLabels;
    std::vector<double> foldScores;
    for (std::size_t i = 0; i < outer[k].size(); ++i) {
      outOfFoldMargin[outer[k][i]] = margins[i];
      foldLabels.push_back(labels[outer[k][i]]);
      foldScores.push_back(margins[i]);
    }
    FoldResult fold{chosen.parameters, chosen.auc, BinaryMetrics::compute(foldLabels, foldScores)};
    char line[200];
    std::snprintf(line, sizeof line, "fold %zu: AUC %.4f KS %.4f Gini %.4f (%s rounds=%d)", k + 1,
                  fold.metrics.auc, fold.metrics.ks, fold.metrics.gini, fold.chosen.label().c_str(),
                  fold.chosen.rounds);
    say(line);
    aucs.push_back(fold.metrics.auc);
    kss.push_back(fold.metrics.ks);
    ginis.push_back(fold.metrics.gini);
    result.folds.push_back(std::move(fold));
  }
  meanAndSd(aucs, result.aucMean, result.aucSd);
  meanAndSd(kss, result.ksMean, result.ksSd);
  meanAndSd(ginis, result.giniMean, result.giniSd);

  // Calibration checked honestly: each fold's PDs use a calibrator fitted on the other folds.
  std::vector<int> pooledLabels;
  std::vector<double> pooledPd;
  for (std::size_t k = 0; k < outer.size(); ++k) {
    std::vector<double> margins;
    std::vector<int> marginLabels;
    for (std::size_t r : allExcept(outer, k)) {
      margins.push_back(outOfFoldMargin[r]);
      marginLabels.push_back(labels[r]);
    }
    const auto calibrator = ProbabilityCalibrator::fit(margins, marginLabels);
    for (std::size_t r : outer[k]) {
      pooledLabels.push_back(labels[r]);
      pooledPd.push_back(calibrator.probability(outOfFoldMargin[r]));
    }
  }
  result.pooledCalibrated = BinaryMetrics::compute(pooledLabels, pooledPd);
  result.reliability = ReliabilityTable::compute(pooledLabels, pooledPd, 10);

  std::vector<double> allMargins;
  std::vector<int> allLabels;
  for (std::size_t r : usable) {
    allMargins.push_back(outOfFoldMargin[r]);
    allLabels.push_back(labels[r]);
  }
  const ProbabilityCalibrator calibrator = ProbabilityCalibrator::fit(allMargins, allLabels);

  say("final model: tuning on all " + std::to_string(usable.size()) + " rows");
  const FeatureEncoder encoder = FeatureEncoder::fit(table, usable, excluded);
  const std::vector<float> features = encoder.encodeAll(table, allRows);
  const Selection finalChoice =
      select(features, encoder.featureCount(), labels, usable, options_.seed + 7919);
  auto ubj = fit(features, encoder.featureCount(), labels, usable, finalChoice.parameters);

  nlohmann::json folds = nlohmann::json::array();
  for (const auto& fold : result.folds)
    folds.push_back({{"metrics", fold.metrics.toJson()},
                     {"chosen", fold.chosen.toJson()},
                     {"inner_auc", fold.innerAuc}});
  nlohmann::json grid = nlohmann::json::array();
  for (const auto& p : options_.grid) grid.push_back(p.toJson());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  result.report = {
      {"data",
       {{"source", table.sourceName()},
        {"rows", usable.size()},
        {"bad", bad},
        {"skipped_rows", result.skippedRows.size()}}},
      {"cross_validation",
       {{"method",
         "nested stratified k-fold: grid + early stopping chosen by inner CV on the "
         "outer training rows only"},
        {"folds", options_.folds},
        {"inner_folds", options_.innerFolds},
        {"seed", options_.seed},
        {"max_rounds", options_.maxRounds},
        {"early_stopping_rounds", options_.earlyStoppingRounds},
        {"grid", grid},
        {"auc", {{"mean", result.aucMean}, {"sd", result.aucSd}}},
        {"ks", {{"mean", result.ksMean}, {"sd", result.ksSd}}},
        {"gini", {{"mean", result.giniMean}, {"sd", result.giniSd}}},
        {"per_fold", folds}}},
      {"calibration",
       {{"method", "Platt on out-of-fold margins"},
        {"out_of_fold_cross_fitted", result.pooledCalibrated.toJson()},
        {"reliability", result.reliability.toJson()}}},
      {"final",
       {{"chosen", finalChoice.parameters.toJson()},
        {"inner_auc", finalChoice.auc},
        {"features", encoder.featureCount()}}},
      {"reference_distribution",
       ReferenceDistribution::forTable(table, encoder, usable, pooledPd,
                                       "training rows; score = calibrated out-of-fold PD")},
      {"training_seconds", seconds}};
  result.model.emplace(encoder, std::move(ubj), calibrator, options_.target, result.report);
  return result;
}

}  // namespace aviary::credit
