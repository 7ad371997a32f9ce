#include "OcrEngine.h"

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stdexcept>

#include <dlfcn.h>
#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>

namespace aviary {

namespace {

struct TessDeleter {
  void operator()(tesseract::TessBaseAPI* api) const {
    api->End();
    delete api;
  }
};

tesseract::TessBaseAPI& warmEngine() {
  thread_local std::unique_ptr<tesseract::TessBaseAPI, TessDeleter> engine;
  if (!engine) {
    // Tesseract's OpenMP team spins between regions: with it, a photo took twice the CPU
    // and 1.8 times the wall time for the same text. Its regions name their thread count,
    // so only no active level at all keeps them on this thread; cases run side by side.
    // The runtime is the one Tesseract brought (libgomp), whichever compiler built Aviary.
    // libgomp 11 and later keep this setting per thread (OpenMP 5 data environments): the
    // host's other threads, XGBoost's among them, keep their own.
    using SetMaxActiveLevels = void (*)(int);
    if (auto set =
            reinterpret_cast<SetMaxActiveLevels>(dlsym(RTLD_DEFAULT, "omp_set_max_active_levels")))
      set(0);
    const std::string directory = OcrEngine::tessdataDirectory();
    if (!std::filesystem::exists(std::filesystem::path(directory) / "chi_sim.traineddata"))
      throw std::runtime_error("Tesseract's chi_sim model is missing from " + directory +
                               ": install tesseract-ocr-chi-sim or set AVIARY_TESSDATA");
    // Leptonica (under Tesseract) writes its errors to stderr, e.g. "Error in
    // pixScanForForeground" on a blank region; the reading reports its own. Process-wide in
    // Leptonica, and it quiets Leptonica's own messages only.
    static std::once_flag quietLeptonica;
    std::call_once(quietLeptonica, [] { setMsgSeverity(L_SEVERITY_NONE); });
    auto api = std::unique_ptr<tesseract::TessBaseAPI, TessDeleter>(new tesseract::TessBaseAPI);
    if (api->Init(directory.c_str(), "chi_sim", tesseract::OEM_LSTM_ONLY) != 0)
      throw std::runtime_error("Tesseract could not load chi_sim from " + directory);
    api->SetVariable("debug_file", "/dev/null");
    api->SetVariable("user_defined_dpi", "300");
    engine = std::move(api);
  }
  return *engine;
}

bool isAsciiAlnum(const std::string& s, std::size_t at) {
  return at < s.size() && static_cast<unsigned char>(s[at]) < 0x80 &&
         std::isalnum(static_cast<unsigned char>(s[at]));
}

}  // namespace

std::string OcrEngine::tessdataDirectory() {
  if (const char* env = std::getenv("AVIARY_TESSDATA"); env != nullptr && *env) return env;
  return "/usr/share/tesseract-ocr/5/tessdata";
}

std::string OcrEngine::joinCjk(const std::string& text) {
  // Keep a space only between two ASCII words ("No. 12" stays readable).
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == ' ' || text[i] == '\n') {
      if (!out.empty() && isAsciiAlnum(out, out.size() - 1) && isAsciiAlnum(text, i + 1) &&
          text[i] == ' ')
        out.push_back(' ');
      continue;
    }
    out.push_back(text[i]);
  }
  return out;
}

OcrLine OcrEngine::readLine(const cv::Mat& gray) {
  tesseract::TessBaseAPI& api = warmEngine();
  api.SetPageSegMode(tesseract::PSM_SINGLE_LINE);
  api.SetImage(gray.data, gray.cols, gray.rows, 1, static_cast<int>(gray.step));
  OcrLine line;
  std::unique_ptr<char[]> text(api.GetUTF8Text());
  if (text) line.text = joinCjk(text.get());
  line.confidence = api.MeanTextConf() / 100.0;
  line.width = gray.cols;
  line.height = gray.rows;
  api.Clear();
  return line;
}

OcrLine OcrEngine::readLine(const cv::Mat& gray, const std::string& whitelist) {
  tesseract::TessBaseAPI& api = warmEngine();
  api.SetVariable("tessedit_char_whitelist", whitelist.c_str());
  OcrLine line = readLine(gray);
  api.SetVariable("tessedit_char_whitelist", "");
  return line;
}

std::vector<OcrLine> OcrEngine::read(const cv::Mat& gray, Layout layout) {
  tesseract::TessBaseAPI& api = warmEngine();
  api.SetPageSegMode(layout == Layout::Sparse  ? tesseract::PSM_SPARSE_TEXT
                     : layout == Layout::Block ? tesseract::PSM_SINGLE_BLOCK
                                               : tesseract::PSM_SINGLE_COLUMN);
  api.SetImage(gray.data, gray.cols, gray.rows, 1, static_cast<int>(gray.step));
  std::vector<OcrLine> lines;
  if (api.Recognize(nullptr) != 0) return lines;
  std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
  if (!it) return lines;
  // Walk the symbols; a symbol that starts a text line opens a new line.
  bool skipLine = false;
  do {
    if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE)) {
      std::unique_ptr<char[]> text(it->GetUTF8Text(tesseract::RIL_TEXTLINE));
      OcrLine line;
      if (text) line.text = joinCjk(text.get());
      skipLine = line.text.empty();
      if (skipLine) continue;
      line.confidence = it->Confidence(tesseract::RIL_TEXTLINE) / 100.0;
      int left = 0, top = 0, right = 0, bottom = 0;
      it->BoundingBox(tesseract::RIL_TEXTLINE, &left, &top, &right, &bottom);
      line.x = left;
      line.y = top;
      line.width = right - left;
      line.height = bottom - top;
      lines.push_back(std::move(line));
    }
    if (skipLine || lines.empty()) continue;
    std::unique_ptr<char[]> symbol(it->GetUTF8Text(tesseract::RIL_SYMBOL));
    int left = 0, top = 0, right = 0, bottom = 0;
    if (symbol && *symbol.get() &&
        it->BoundingBox(tesseract::RIL_SYMBOL, &left, &top, &right, &bottom))
      lines.back().symbols.push_back({symbol.get(), left, right - left});
  } while (it->Next(tesseract::RIL_SYMBOL));
  api.Clear();
  return lines;
}

}  // namespace aviary
