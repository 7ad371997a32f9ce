// Reads photos on one thread and prints seconds per photo (p50/p99) and accuracy.
// Simulated photos, against the simulator's truth:
//   credential_read_bench [--seed N] [--n N] [--reshoot-share X] [--mistakes] [--metrics]
//                         [--fields]   (exact matches per kind and field, worst first)
//                         [--save DIR] (writes the photos to DIR to look at)
//                         [--only NAME] (reads one photo, e.g. 0020_tax_certificate)
//                         [--variety] (good photos also on light desks and as scans)
// A folder of real documents with a truth.jsonl (../shared/data/real/documents/...):
//   credential_read_bench --real DIR [--split tune|holdout] [--engine tesseract|ppocr]
//                         [--mistakes] [--only FILE]
// --split keeps every tenth record from the 3rd, 6th and 9th on (position % 10 in 2, 5, 8)
// as a held-out part: "tune" reads the rest, "holdout" only those.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "CredentialReader.h"
#include "CredentialSimulator.h"
#include "DocumentReadingJson.h"
#include "Percentile.h"
#include "ReadingScorer.h"
#include "RealSetScorer.h"
#include "SignboardMatcher.h"
#include "ThreadCpuClock.h"

namespace {

double threadSeconds() {
  return aviary::threadCpuMilliseconds() / 1e3;
}

void printSeconds(std::vector<double> seconds) {
  if (seconds.empty()) return;
  auto at = [&](double q) { return aviary::percentile(seconds, q); };
  double total = 0;
  for (double s : seconds) total += s;
  std::cout << "photos " << seconds.size() << ", CPU seconds per photo (one core): mean "
            << total / seconds.size() << ", p50 " << at(0.5) << ", p99 " << at(0.99) << "\n";
}

int realMain(const std::string& directory, const std::string& split, const std::string& only,
             bool showMistakes, bool showMetrics) {
  namespace fs = std::filesystem;
  std::ifstream truthFile(fs::path(directory) / "truth.jsonl");
  if (!truthFile) {
    std::cerr << "no truth.jsonl in " << directory << ": give a folder that has one\n";
    return 2;
  }
  const aviary::CredentialReader reader;
  aviary::RealSetScorer scorer;
  std::vector<double> seconds;
  int position = -1;
  for (std::string line; std::getline(truthFile, line);) {
    if (line.empty()) continue;
    ++position;
    const bool heldOut = position % 10 == 2 || position % 10 == 5 || position % 10 == 8;
    if ((split == "tune" && heldOut) || (split == "holdout" && !heldOut)) continue;
    const auto truth = nlohmann::json::parse(line);
    const bool ocrLines = truth.contains("image");
    const std::string file = truth.value(ocrLines ? "image" : "file", "");
    if (!only.empty() && file != only) continue;
    aviary::CredentialReader::Page page;
    const double before = threadSeconds();
    const aviary::DocumentReading reading =
        reader.readFile((fs::path(directory) / file).string(), file, &page);
    seconds.push_back(threadSeconds() - before);
    if (showMetrics) {
      std::cout << file << " kind=" << reading.kind << " engine=" << reading.ocrEngine
                << " seconds=" << seconds.back();
      for (const auto& [name, value] : reading.qualityMetrics)
        std::cout << " " << name << "=" << value;
      if (reading.reshoot) std::cout << " reshoot: " << *reading.reshoot;
      if (!reading.error.empty()) std::cout << " error: " << reading.error;
      std::cout << "\n";
    }
    if (ocrLines) {
      std::string text;
      for (const aviary::OcrLine& read : page.lines) text += read.text + "\n";
      scorer.addLines(truth, text);
    } else {
      scorer.addDocument(truth, reading);
    }
  }
  printSeconds(seconds);
  std::cout << scorer.report();
  if (showMistakes)
    for (const auto& mistake : scorer.mistakes) std::cout << "  - " << mistake << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // One core: OpenCV's own threads would hide CPU time from this thread's clock.
  cv::setNumThreads(0);
  aviary::CredentialSimulator::Options options;
  options.seed = 1001;
  options.count = 50;
  bool showMistakes = false, showMetrics = false, showFields = false;
  std::string saveDirectory;  // --save DIR writes each photo as DIR/NAME.jpg, to look at
  std::string only;           // --only NAME reads just that photo (with AVIARY_OCR_DEBUG)
  std::string realDirectory, split = "all";
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (arg == "--seed")
      options.seed = static_cast<std::uint32_t>(std::stoul(next()));
    else if (arg == "--n")
      options.count = std::stoi(next());
    else if (arg == "--reshoot-share")
      options.reshootShare = std::stod(next());
    else if (arg == "--kinds")
      options.kinds.push_back(next());
    else if (arg == "--mistakes")
      showMistakes = true;
    else if (arg == "--metrics")
      showMetrics = true;
    else if (arg == "--fields")
      showFields = true;
    else if (arg == "--save")
      saveDirectory = next();
    else if (arg == "--only")
      only = next();
    else if (arg == "--variety")
      options.variety = true;
    else if (arg == "--real")
      realDirectory = next();
    else if (arg == "--split")
      split = next();
    else if (arg == "--engine")
      setenv("AVIARY_OCR_ENGINE", next().c_str(), 1);
    else if (arg == "--help" || arg == "-h") {
      std::cout << "Reads document photos on one thread: seconds per photo (p50/p99) and "
                   "accuracy.\nUsage: credential_read_bench [--seed N] [--n N] "
                   "[--reshoot-share X] [--kinds KIND]... [--mistakes] [--metrics] [--fields] "
                   "[--save DIR] [--only NAME] [--variety]\n"
                   "       credential_read_bench --real DIR [--split tune|holdout] "
                   "[--engine tesseract|ppocr] [--mistakes] [--only FILE]\n";
      return 0;
    } else {
      std::cerr << "unknown option " << arg << "; see --help\n";
      return 2;
    }
  }
  if (!realDirectory.empty())
    return realMain(realDirectory, split, only, showMistakes, showMetrics);
  std::cerr << "rendering " << options.count << " photos, seed " << options.seed << "\n";
  const auto photos = aviary::CredentialSimulator().generate(options);
  const aviary::CredentialReader reader("2026-11-26");
  aviary::ReadingScorer scorer;
  // Storefronts: signboard against the merchant's registered name, and the scene estimates.
  struct Tally {
    int right = 0, total = 0;
    void add(bool ok) { right += ok, ++total; }
  } signMatch, lighting, shopfront;
  int falseMatches = 0, missedMatches = 0;
  std::vector<double> seconds, wall;
  std::mt19937 random(options.seed);
  // Warm the OCR engine once, as a long-running worker would be.
  reader.readImage(photos.front().image, "warm-up");
  for (const auto& photo : photos) {
    const int quality = std::uniform_int_distribution<int>(60, 95)(random);
    if (!only.empty() && photo.name != only) continue;
    std::vector<std::uint8_t> jpeg;
    cv::imencode(".jpg", photo.image, jpeg, {cv::IMWRITE_JPEG_QUALITY, quality});
    if (!saveDirectory.empty()) cv::imwrite(saveDirectory + "/" + photo.name + ".jpg", photo.image);
    // CPU time of this thread: seconds on one core, whatever else shares the machine.
    const double before = threadSeconds();
    const auto start = std::chrono::steady_clock::now();
    const aviary::DocumentReading reading = reader.readBytes(jpeg, photo.name + ".jpg");
    wall.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    seconds.push_back(threadSeconds() - before);
    scorer.add(photo.truth, reading);
    if (photo.truth.value("kind", "") == "storefront_photo") {
      const auto& truth = photo.truth.at("fields");
      const bool expected = truth.value("signboard_matches_merchant", true);
      const auto sign = reading.fields.find("signboard_text");
      const bool matched =
          sign != reading.fields.end() &&
          aviary::SignboardMatcher::match(sign->second.value, sign->second.confidence,
                                          photo.truth.value("merchant", ""))
              .matches;
      signMatch.add(matched == expected);
      falseMatches += matched && !expected;
      missedMatches += !matched && expected;
      lighting.add(reading.fieldValue("scene_lighting") == truth.value("scene_lighting", ""));
      shopfront.add(reading.fieldValue("shopfront") == truth.value("shopfront", ""));
      if (showMistakes &&
          (matched != expected ||
           reading.fieldValue("scene_lighting") != truth.value("scene_lighting", "") ||
           reading.fieldValue("shopfront") != truth.value("shopfront", "")))
        scorer.mistakes.push_back(
            photo.name + ": storefront sign '" + reading.fieldValue("signboard_text") +
            "' merchant '" + photo.truth.value("merchant", "") + "' expected match " +
            (expected ? "yes" : "no") + ", lighting " + reading.fieldValue("scene_lighting") + "/" +
            truth.value("scene_lighting", "") + ", front " + reading.fieldValue("shopfront") + "/" +
            truth.value("shopfront", ""));
    }
    if (showMetrics) {
      std::cout << photo.name << " fault=" << photo.truth.value("fault", "")
                << " kind=" << reading.kind;
      for (const auto& [name, value] : reading.qualityMetrics)
        std::cout << " " << name << "=" << value;
      std::cout << "\n";
    }
  }
  printSeconds(seconds);
  std::cout << "wall seconds per photo: p50 " << aviary::percentile(wall, 0.5) << ", p99 "
            << aviary::percentile(wall, 0.99) << "\n";
  std::cout << scorer.summary() << "\n";
  if (signMatch.total > 0)
    std::cout << "storefronts " << signMatch.total << ": signboard-to-merchant decision "
              << signMatch.right << "/" << signMatch.total << " (false matches " << falseMatches
              << ", missed matches " << missedMatches << "), lighting " << lighting.right << "/"
              << lighting.total << ", shop front open/shuttered " << shopfront.right << "/"
              << shopfront.total << "\n";
  for (const auto& [kind, counts] : scorer.fieldsByKind)
    std::cout << "  " << kind << " " << counts.first << "/" << counts.second << "\n";
  if (showFields) {
    std::vector<std::pair<std::string, std::pair<int, int>>> fields(scorer.fieldsByField.begin(),
                                                                    scorer.fieldsByField.end());
    std::stable_sort(fields.begin(), fields.end(), [](const auto& a, const auto& b) {
      return a.second.first * b.second.second < b.second.first * a.second.second;
    });
    std::cout << "per field (exact/total), worst first:\n";
    for (const auto& [field, counts] : fields)
      std::cout << "  " << field << " " << counts.first << "/" << counts.second << "\n";
  }
  if (showMistakes)
    for (const auto& mistake : scorer.mistakes) std::cout << "  - " << mistake << "\n";
  return 0;
}
