#include "CredentialCommands.h"

#include <unistd.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <ostream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "CommandLineRunner.h"
#include "CredentialReader.h"
#include "DocumentReadingJson.h"
#include "IndustryMaterials.h"
#include "InterviewEngine.h"

namespace aviary {
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

std::vector<DocumentReading> loadReadings(const InterviewOptions& options, std::ostream& err) {
  std::vector<DocumentReading> documents;
  for (const std::string& path : options.readings) {
    std::ifstream file(path);
    if (!file)
      throw std::runtime_error("cannot read " + path +
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
        err << "aviary: " << path << ":" << number << " skipped (" << error.what()
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
        throw std::runtime_error(error.what());
      }
      if (!documents.back().error.empty())
        err << "aviary: " << image << ": " << documents.back().error << "\n";
    }
  }
  return documents;
}

// Answers from --answers: {"question id": "answer"} or ["answer", ...] in question order.
class ScriptedAnswers {
 public:
  explicit ScriptedAnswers(const std::string& path) {
    std::ifstream file(path);
    if (!file) throw std::runtime_error("cannot read " + path + ": check the path of --answers");
    try {
      answers_ = nlohmann::json::parse(file);
    } catch (const std::exception& error) {
      throw std::runtime_error(path + " is not valid JSON (" + error.what() +
                               "): give {\"purpose\": \"...\", ...} or a list of answers");
    }
    if (!answers_.is_object() && !answers_.is_array())
      throw std::runtime_error(path + " must hold a JSON object keyed by question id or a list");
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

void runInterview(const InterviewOptions& options, std::ostream& out, std::ostream& err) {
  InterviewEngine engine({options.merchantId, options.industry, options.asOf, options.materials},
                         loadReadings(options, err));
  std::unique_ptr<ScriptedAnswers> scripted;
  if (!options.answers.empty()) scripted = std::make_unique<ScriptedAnswers>(options.answers);
  const bool echo = scripted || !isatty(STDIN_FILENO);
  while (const auto question = engine.next()) {
    out << "Aviary: " << question->text << "\n        why: " << question->why << "\n";
    std::optional<std::string> answer;
    if (scripted) {
      answer = scripted->answerTo(question->id);
    } else {
      if (!echo) out << "> " << std::flush;
      std::string line;
      if (std::getline(std::cin, line)) answer = line;
    }
    if (!answer) {
      engine.stop();
      break;
    }
    if (echo) out << "merchant: " << *answer << "\n";
    engine.answer(*answer);
  }
  const nlohmann::json transcript = engine.transcript();
  const auto& turns = transcript["turns"];
  if (!turns.empty()) out << "Aviary: " << turns.back().value("text", "") << "\n";
  for (const auto& finding : transcript["findings"])
    out << (finding.value("passed", false) ? "  ok    " : "  CHECK ") << finding.value("name", "")
        << ": " << finding.value("detail", "") << "\n";
  if (!options.transcript.empty()) {
    std::ofstream file(options.transcript);
    if (!file)
      throw std::runtime_error("cannot write " + options.transcript +
                               ": check the directory exists");
    file << transcript.dump(2) << "\n";
    err << "transcript saved to " << options.transcript << "\n";
  }
}

struct ReadOptions {
  std::vector<std::string> images;
  std::string out, asOf;
};

void runRead(const ReadOptions& options, std::ostream& out, std::ostream& err) {
  std::ofstream file;
  if (!options.out.empty()) {
    file.open(options.out);
    if (!file)
      throw std::runtime_error("cannot write " + options.out + ": check the directory exists");
  }
  std::ostream& sink = options.out.empty() ? out : file;
  const CredentialReader reader(options.asOf);
  int index = 0;
  for (const std::string& image : options.images) {
    err << "[" << ++index << "/" << options.images.size() << "] " << image << "\n";
    // Throws only when the OCR models themselves are missing: then no file can be read.
    const DocumentReading reading = reader.readFile(image, image);
    sink << DocumentReadingJson::toJson(reading).dump() << "\n";
    sink.flush();
  }
}

int readCommand(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& err) {
  CLI::App app{"Read photos of documents: kind, fields, checks", "aviary credential read"};
  ReadOptions options;
  app.add_option("IMAGE", options.images, "Photos, scans or PDFs (JPEG, PNG, TIFF, PDF)")
      ->required();
  app.add_option("--out", options.out, "Write JSON Lines here instead of stdout");
  app.add_option("--as-of", options.asOf, "Judge validity as of this day (YYYY-MM-DD)");
  return runCommandLine(app, arguments, out, err, [&] { runRead(options, out, err); });
}

int interviewCommand(const std::vector<std::string>& arguments, std::ostream& out,
                     std::ostream& err) {
  CLI::App app{
      "Interview a merchant for the materials that matter: purpose of funds, "
      "repayment, answers checked against the documents already read",
      "aviary credential interview"};
  InterviewOptions options;
  app.add_option("MERCHANT_ID", options.merchantId, "The merchant being interviewed")->required();
  app.add_option("--industry", options.industry,
                 "restaurant, retail, farm, dealer or workshop (default: from the documents, "
                 "else asked)")
      ->check(CLI::IsMember(IndustryMaterials::industries()));
  app.add_option("--readings", options.readings,
                 "JSON Lines from `aviary credential read --out` (the documents read)");
  app.add_option("--images", options.images, "Photos of documents to read first");
  app.add_option("--answers", options.answers,
                 "JSON answers ({question id: answer} or a list) instead of stdin");
  app.add_option("--transcript", options.transcript, "Save the transcript as JSON here");
  app.add_option("--as-of", options.asOf, "Judge terms as of this day (YYYY-MM-DD)");
  app.add_option("--max-materials", options.materials, "Materials asked for at most")
      ->check(CLI::Range(0, 20));
  return runCommandLine(app, arguments, out, err, [&] { runInterview(options, out, err); });
}

}  // namespace

std::vector<CommandDescription> CredentialCommands::list() {
  return {{"read", "Read photos of documents: kind, fields, checks"},
          {"interview",
           "Interview a merchant: purpose of funds, repayment, answers checked against the "
           "documents, the materials that would raise the limit"}};
}

int CredentialCommands::run(const std::string& name, const std::vector<std::string>& arguments,
                            std::ostream& out, std::ostream& err) {
  if (name == "read") return readCommand(arguments, out, err);
  if (name == "interview") return interviewCommand(arguments, out, err);
  err << "aviary credential has no command '" << name << "': see 'aviary credential --help'\n";
  return 2;
}

}  // namespace aviary
