#include "TrainingReport.h"

#include <cstdio>

#include "CreditModelTrainer.h"

namespace aviary::credit {
namespace {

std::string format(const char* pattern, double a, double b) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, a, b);
  return text;
}

}  // namespace

std::string trainingReportMarkdown(const TrainingResult& result, const std::string& command) {
  const auto& report = result.report;
  const auto& cv = report.at("cross_validation");
  std::string out = "# Credit model training report\n\n";
  out += "Command: `" + command + "`\n\n";
  out += "Data: `" + report.at("data").at("source").get<std::string>() + "`, " +
         std::to_string(report.at("data").at("rows").get<std::size_t>()) + " rows, " +
         std::to_string(report.at("data").at("bad").get<std::size_t>()) + " bad, " +
         std::to_string(result.skippedRows.size()) + " rows skipped.\n\n";
  out += "Model SHA-256: `" + (result.model ? result.model->sha256() : std::string("-")) + "`\n\n";
  out += "## Cross-validation (" + std::to_string(cv.at("folds").get<int>()) +
         "-fold, stratified, seed " + std::to_string(cv.at("seed").get<std::uint64_t>()) + ")\n\n";
  out +=
      "Nested: in each outer fold the hyper-parameters and the number of rounds were chosen by " +
      std::to_string(cv.at("inner_folds").get<int>()) +
      "-fold inner cross-validation with early stopping (patience " +
      std::to_string(cv.at("early_stopping_rounds").get<int>()) +
      " rounds) on that fold's training rows only; the outer test rows never took part.\n\n";
  out += "| metric | mean ± sd |\n| --- | --- |\n";
  out += "| AUC | " + format("%.4f ± %.4f", result.aucMean, result.aucSd) + " |\n";
  out += "| KS | " + format("%.4f ± %.4f", result.ksMean, result.ksSd) + " |\n";
  out += "| Gini | " + format("%.4f ± %.4f", result.giniMean, result.giniSd) + " |\n\n";
  out +=
      "| fold | AUC | KS | Gini | chosen parameters | rounds |\n| ---: | ---: | ---: | ---: | --- "
      "| ---: |\n";
  for (std::size_t k = 0; k < result.folds.size(); ++k) {
    const auto& fold = result.folds[k];
    char line[320];
    std::snprintf(line, sizeof line, "| %zu | %.4f | %.4f | %.4f | %s | %d |\n", k + 1,
                  fold.metrics.auc, fold.metrics.ks, fold.metrics.gini, fold.chosen.label().c_str(),
                  fold.chosen.rounds);
    out += line;
  }
  out += "\nGrid searched in every fold:\n\n";
  for (const auto& p : cv.at("grid")) {
    char line[200];
    std::snprintf(line, sizeof line,
                  "- max_depth=%d eta=%g min_child_weight=%g subsample=%g colsample_bytree=%g "
                  "lambda=%g\n",
                  p.at("max_depth").get<int>(), p.at("eta").get<double>(),
                  p.at("min_child_weight").get<double>(), p.at("subsample").get<double>(),
                  p.at("colsample_bytree").get<double>(), p.at("lambda").get<double>());
    out += line;
  }
  const auto& final = report.at("final").at("chosen");
  out += "\nFinal model (tuned the same way on all rows, then trained on all rows): max_depth=" +
         std::to_string(final.at("max_depth").get<int>()) +
         ", rounds=" + std::to_string(final.at("rounds").get<int>()) + ", " +
         std::to_string(report.at("final").at("features").get<std::size_t>()) +
         " encoded features.\n\n";
  out += "## Calibration\n\nPlatt scaling of the XGBoost margin, fitted on out-of-fold margins. ";
  out +=
      "The table below is honest: each fold's PDs come from a calibrator fitted on the other "
      "folds' out-of-fold margins. Deciles of predicted PD:\n\n";
  out += result.reliability.toMarkdown();
  char line[200];
  std::snprintf(
      line, sizeof line,
      "\nExpected calibration error %.4f; pooled out-of-fold log loss %.4f, Brier %.4f.\n",
      result.reliability.expectedCalibrationError(), result.pooledCalibrated.logLoss,
      result.pooledCalibrated.brier);
  out += line;
  return out;
}

}  // namespace aviary::credit
