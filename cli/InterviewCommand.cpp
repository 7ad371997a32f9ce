#include <unistd.h>

#include <fstream>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "CommandError.h"
#include "CommandGroups.h"
#include "CredentialReader.h"
#include "DocumentReadingJson.h"
#include "IndustryMaterials.h"
#include "InterviewEngine.h"

namespace aviary::cli {

namespace {

struct InterviewOptions {
  std::string merchantId;
  std::string industry;
  std::string asOf;
  std::vector<std::string> readings;
  std::vector<std::string> images;
  std::string answers;
  std::string transcript;
  int materials = 4;
};

std::vector<DocumentReading> loadReadings(const InterviewOptions& options) {
  std::vector<DocumentReading> documents;
  for (const std::string& path : options.readings) {
    std::ifstream file(path);
    if (!file)
      throw CommandError("cannot read " + path +
                         ": give the JSON Lines file `aviary credential read --out` wrote");
    std::string line;
    int number = 0;
    while (std::getline(file, line)) {
      ++number;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      try {
        documents.push_back(DocumentReadingJson::fromJson(nlohmann::json::parse(line)));
      } catch (const std::exception& error) {
        // One bad line loses one document, not the interview.
        std::cerr << "aviary: " << path << ":" << number << " skipped (" << error.what()
                  << "): each line must be one JSON object from `aviary credential read`\n";
      }
    }
  }
  if (!options.images.empty()) {
    const CredentialReader reader(options.asOf);
    for (const std::string& image : options.images) {
      try {
        documents.push_back(reader.readFile(image, image));
      } catch (const std::exception& error) {
        throw CommandError(error.what());
      }
      if (!documents.back().error.empty())
        std::cerr << "aviary: " << image << ": " << documents.back().error << "\n";
    }
  }
  return documents;
}

// Answers from --answers: {"question id": "answer"} or ["answer", ...] in question order.
class ScriptedAnswers {
 public:
  explicit ScriptedAnswers(const std::string& path) {
    std::ifstream file(path);
    if (!file) throw CommandError("cannot read " + path + ": check the path of --answers");
    try {
      answers_ = nlohmann::json::parse(file);
    } catch (const std::exception& error) {
      throw CommandError(path + " is not valid JSON (" + error.what() +
                         "): give {\"purpose\": \"...\", ...} or a list of answers");
    }
    if (!answers_.is_object() && !answers_.is_array())
      throw CommandError(path + " must hold a JSON object keyed by question id or a list");
  }
  // nullopt when a list has run out (the interview ends there).
  std::optional<std::string> answerTo(const std::string& questionId) {
    if (answers_.is_array()) {
      if (next_ >= answers_.size()) return std::nullopt;
      const auto& value = answers_[next_++];
      return value.is_string() ? value.get<std::string>() : value.dump();
    }
    if (!answers_.contains(questionId)) return std::string();
    const auto& value = answers_[questionId];
    return value.is_string() ? value.get<std::string>() : value.dump();
  }

 private:
  nlohmann::json answers_;
  std::size_t next_ = 0;
};

void runInterview(const InterviewOptions& options) {
  InterviewEngine engine({options.merchantId, options.industry, options.asOf, options.materials},
                         loadReadings(options));
  std::unique_ptr<ScriptedAnswers> scripted;
  if (!options.answers.empty()) scripted = std::make_unique<ScriptedAnswers>(options.answers);
  const bool echo = scripted || !isatty(STDIN_FILENO);
  while (const auto question = engine.next()) {
    std::cout << "Aviary: " << question->text << "\n        why: " << question->why << "\n";
    std::optional<std::string> answer;
    if (scripted) {
      answer = scripted->answerTo(question->id);
    } else {
      if (!echo) std::cout << "> " << std::flush;
      std::string line;
      if (std::getline(std::cin, line)) answer = line;
    }
    if (!answer) {
      engine.stop();
      break;
    }
    if (echo) std::cout << "merchant: " << *answer << "\n";
    engine.answer(*answer);
  }
  const nlohmann::json transcript = engine.transcript();
  const auto& turns = transcript["turns"];
  if (!turns.empty()) std::cout << "Aviary: " << turns.back().value("text", "") << "\n";
  for (const auto& finding : transcript["findings"])
    std::cout << (finding.value("passed", false) ? "  ok    " : "  CHECK ")
              << finding.value("name", "") << ": " << finding.value("detail", "") << "\n";
  if (!options.transcript.empty()) {
    std::ofstream file(options.transcript);
    if (!file)
      throw CommandError("cannot write " + options.transcript + ": check the directory exists");
    file << transcript.dump(2) << "\n";
    std::cerr << "transcript saved to " << options.transcript << "\n";
  }
}

}  // namespace

void addInterviewCommand(CLI::App& app) {
  auto options = std::make_shared<InterviewOptions>();
  auto* command = app.add_subcommand(
      "interview",
      "Interview a merchant for the materials that matter: purpose of funds, repayment, answers "
      "checked against the documents already read");
  command->add_option("MERCHANT_ID", options->merchantId, "The merchant being interviewed")
      ->required();
  command
      ->add_option("--industry", options->industry,
                   "restaurant, retail, farm, dealer or workshop (default: from the "
                   "documents, else asked)")
      ->check(CLI::IsMember(IndustryMaterials::industries()));
  command->add_option("--readings", options->readings,
                      "JSON Lines from `aviary credential read --out` (the documents read)");
  command->add_option("--images", options->images, "Photos of documents to read first");
  command->add_option("--answers", options->answers,
                      "JSON answers ({question id: answer} or a list) instead of stdin");
  command->add_option("--transcript", options->transcript, "Save the transcript as JSON here");
  command->add_option("--as-of", options->asOf, "Judge terms as of this day (YYYY-MM-DD)");
  command->add_option("--max-materials", options->materials, "Materials asked for at most")
      ->check(CLI::Range(0, 20));
  command->callback([options] { runInterview(*options); });
}

}  // namespace aviary::cli
