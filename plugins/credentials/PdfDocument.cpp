#include "PdfDocument.h"

#include <algorithm>
#include <cmath>
#include <memory>

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>
#include <opencv2/imgproc.hpp>

namespace aviary {

namespace {

void quiet(const std::string&, void*) {}  // poppler's warnings about odd PDFs

struct Word {
  std::string text;
  cv::Rect2d box;
  std::vector<cv::Rect2d> characters;
  std::vector<std::string> glyphs;
};

std::vector<Word> wordsOf(const poppler::page& page, double scale, double top) {
  std::vector<Word> words;
  for (const poppler::text_box& box : page.text_list()) {
    Word word;
    const poppler::byte_array utf8 = box.text().to_utf8();
    word.text.assign(utf8.begin(), utf8.end());
    if (word.text.empty()) continue;
    const poppler::rectf r = box.bbox();
    word.box = {r.x() * scale, top + r.y() * scale, r.width() * scale, r.height() * scale};
    // One glyph per code point, with its own box where poppler has one.
    std::size_t at = 0, index = 0;
    while (at < word.text.size()) {
      const unsigned char lead = static_cast<unsigned char>(word.text[at]);
      const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
      word.glyphs.push_back(word.text.substr(at, length));
      const poppler::rectf c = box.char_bbox(index++);
      word.characters.push_back(
          {c.x() * scale, top + c.y() * scale, c.width() * scale, c.height() * scale});
      at += length;
    }
    words.push_back(std::move(word));
  }
  return words;
}

// Words on one baseline and close together make one line; a wide gap starts another (the
// next cell of a table), as an OCR engine would see it.
std::vector<OcrLine> linesOf(std::vector<Word> words) {
  std::sort(words.begin(), words.end(), [](const Word& a, const Word& b) {
    const double ay = a.box.y + a.box.height / 2, by = b.box.y + b.box.height / 2;
    if (std::abs(ay - by) > 0.5 * std::min(a.box.height, b.box.height)) return ay < by;
    return a.box.x < b.box.x;
  });
  std::vector<OcrLine> lines;
  cv::Rect2d current;
  for (const Word& word : words) {
    const bool sameRow = !lines.empty() && std::abs((word.box.y + word.box.height / 2) -
                                                    (current.y + current.height / 2)) <
                                               0.5 * std::min(word.box.height, current.height);
    const bool near = sameRow && word.box.x - (current.x + current.width) < 1.5 * word.box.height;
    if (!near) {
      lines.emplace_back();
      lines.back().confidence = 1.0;
      current = word.box;
    } else {
      if (word.box.x - (current.x + current.width) > 0.25 * word.box.height)
        lines.back().text += " ";
      current |= word.box;
    }
    OcrLine& line = lines.back();
    line.text += word.text;
    for (std::size_t i = 0; i < word.glyphs.size(); ++i)
      line.symbols.push_back({word.glyphs[i], static_cast<int>(word.characters[i].x),
                              std::max(1, static_cast<int>(word.characters[i].width))});
    line.x = static_cast<int>(current.x);
    line.y = static_cast<int>(current.y);
    line.width = static_cast<int>(current.width);
    line.height = static_cast<int>(current.height);
  }
  return lines;
}

cv::Mat toBgr(const poppler::image& image) {
  if (!image.is_valid()) return {};
  cv::Mat bgra(image.height(), image.width(), CV_8UC4, const_cast<char*>(image.const_data()),
               static_cast<std::size_t>(image.bytes_per_row()));
  cv::Mat bgr;
  cv::cvtColor(bgra, bgr, cv::COLOR_BGRA2BGR);
  return bgr;
}

}  // namespace

PdfDocument::Result PdfDocument::read(const std::vector<std::uint8_t>& bytes) {
  Result result;
  poppler::set_debug_error_function(quiet, nullptr);
  std::unique_ptr<poppler::document> document(poppler::document::load_from_raw_data(
      reinterpret_cast<const char*>(bytes.data()), static_cast<int>(bytes.size())));
  if (!document) {
    result.error = "the PDF could not be opened (damaged or not a PDF): export it again";
    return result;
  }
  if (document->is_locked()) {
    result.error = "the PDF is password-protected: send it without a password";
    return result;
  }
  result.pageCount = document->pages();
  if (result.pageCount <= 0) {
    result.error = "the PDF has no pages: export the document again or send a photo";
    return result;
  }
  const double scale = kDpi / 72.0;
  poppler::page_renderer renderer;
  renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
  renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
  renderer.set_image_format(poppler::image::format_argb32);
  std::vector<Word> words;
  double top = 0.0;
  for (int i = 0; i < std::min(result.pageCount, kMaxPages); ++i) {
    std::unique_ptr<poppler::page> page(document->create_page(i));
    if (!page) continue;
    const std::vector<Word> pageWords = wordsOf(*page, scale, top);
    words.insert(words.end(), pageWords.begin(), pageWords.end());
    // A huge page (a poster, or a hostile file) is rendered coarser: at most 8 megapixels.
    const poppler::rectf size = page->page_rect();
    const double area = std::max(1.0, size.width() * size.height()) * scale * scale;
    const double dpi = kDpi * std::min(1.0, std::sqrt(8e6 / area));
    cv::Mat image = toBgr(renderer.render_page(page.get(), dpi, dpi));
    if (!image.empty()) {
      top += image.rows;
      result.pages.push_back(std::move(image));
    }
  }
  result.textLayer = linesOf(std::move(words));
  return result;
}

}  // namespace aviary
