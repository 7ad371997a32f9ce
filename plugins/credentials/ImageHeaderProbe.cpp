#include "ImageHeaderProbe.h"

#include <algorithm>
#include <regex>

namespace aviary {

namespace {

using Bytes = std::vector<std::uint8_t>;

std::uint32_t big16(const Bytes& b, std::size_t at) {
  return at + 1 < b.size() ? (static_cast<std::uint32_t>(b[at]) << 8) | b[at + 1] : 0;
}
std::uint32_t big32(const Bytes& b, std::size_t at) {
  return at + 3 < b.size() ? (big16(b, at) << 16) | big16(b, at + 2) : 0;
}
std::uint32_t read16(const Bytes& b, std::size_t at, bool little) {
  if (at + 1 >= b.size()) return 0;
  return little ? (static_cast<std::uint32_t>(b[at + 1]) << 8) | b[at] : big16(b, at);
}
std::uint32_t read32(const Bytes& b, std::size_t at, bool little) {
  if (at + 3 >= b.size()) return 0;
  return little ? (read16(b, at + 2, true) << 16) | read16(b, at, true) : big32(b, at);
}

void probeJpeg(const Bytes& b, ImageHeaderProbe::Result& r) {
  std::size_t at = 2;
  bool scanStarted = false;
  while (at + 3 < b.size()) {
    if (b[at] != 0xFF) return;  // lost sync: leave dimensions unset
    const std::uint8_t marker = b[at + 1];
    if (marker == 0xFF) {
      ++at;
      continue;
    }
    const std::uint32_t length = big16(b, at + 2);
    const bool frame =
        marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (frame) {
      r.height = big16(b, at + 5);
      r.width = big16(b, at + 7);
    }
    if (marker == 0xDA) {
      scanStarted = true;
      at += 2 + length;
      break;
    }
    at += 2 + length;
  }
  // Entropy-coded data never contains FF D9, so the end marker must follow the scan.
  bool end = false;
  if (scanStarted)
    for (std::size_t i = at; i + 1 < b.size(); ++i)
      if (b[i] == 0xFF && b[i + 1] == 0xD9) end = true;
  r.complete = end;
}

void probePng(const Bytes& b, ImageHeaderProbe::Result& r) {
  r.width = big32(b, 16);
  r.height = big32(b, 20);
  static const std::uint8_t iend[4] = {'I', 'E', 'N', 'D'};
  r.complete = std::search(b.begin(), b.end(), iend, iend + 4) != b.end();
}

void probeTiff(const Bytes& b, ImageHeaderProbe::Result& r) {
  const bool little = b[0] == 'I';
  const std::uint32_t ifd = read32(b, 4, little);
  const std::uint32_t entries = read16(b, ifd, little);
  for (std::uint32_t i = 0; i < entries; ++i) {
    const std::size_t entry = ifd + 2 + 12 * i;
    const std::uint32_t tag = read16(b, entry, little);
    const std::uint32_t type = read16(b, entry + 2, little);
    const std::uint32_t value =
        type == 3 ? read16(b, entry + 8, little) : read32(b, entry + 8, little);
    if (tag == 256) r.width = value;
    if (tag == 257) r.height = value;
  }
  r.complete = entries > 0;
}

void probePdf(const Bytes& b, ImageHeaderProbe::Result& r) {
  const std::string text(b.begin(), b.end());
  static const std::regex page(R"(/Type\s*/Page(?![a-zA-Z]))");
  r.pdfPages = static_cast<int>(
      std::distance(std::sregex_iterator(text.begin(), text.end(), page), std::sregex_iterator()));
  if (r.pdfPages == 0) {
    r.error = "the PDF has no pages: export the document again or send a photo (JPEG or PNG)";
    return;
  }
  // A scanner's PDF holds each page as one JPEG (DCTDecode) stream: read the first.
  const std::size_t filter = text.find("/DCTDecode");
  const std::size_t stream = filter == std::string::npos ? filter : text.find("stream", filter);
  if (stream == std::string::npos) {
    r.error =
        "this PDF has no scanned page image and rendering vector PDFs is not supported in this "
        "build: export the first page as a JPEG or PNG";
    return;
  }
  std::size_t start = stream + 6;
  if (start < text.size() && text[start] == '\r') ++start;
  if (start < text.size() && text[start] == '\n') ++start;
  const std::size_t end = text.find("endstream", start);
  if (end == std::string::npos) {
    r.error = "the PDF's page image is cut short: send the complete file";
    return;
  }
  r.pdfFirstPageJpeg.assign(b.begin() + static_cast<long>(start),
                            b.begin() + static_cast<long>(end));
  ImageHeaderProbe::Result inner = ImageHeaderProbe::probe(r.pdfFirstPageJpeg);
  r.width = inner.width;
  r.height = inner.height;
  r.complete = inner.complete;
  if (inner.format != ImageHeaderProbe::Format::Jpeg) {
    r.error = "the PDF's page image could not be read: export the first page as a JPEG or PNG";
    r.pdfFirstPageJpeg.clear();
  }
}

}  // namespace

const char* ImageHeaderProbe::toString(Format format) {
  switch (format) {
    case Format::Jpeg:
      return "JPEG";
    case Format::Png:
      return "PNG";
    case Format::Tiff:
      return "TIFF";
    case Format::Pdf:
      return "PDF";
    case Format::Unknown:
      return "unknown";
  }
  return "unknown";
}

ImageHeaderProbe::Result ImageHeaderProbe::probe(const Bytes& b) {
  Result r;
  if (b.empty()) {
    r.error = "the file is empty (0 bytes): send the photo again";
    return r;
  }
  if (b.size() >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) {
    r.format = Format::Jpeg;
    probeJpeg(b, r);
  } else if (b.size() >= 24 && b[0] == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
    r.format = Format::Png;
    probePng(b, r);
  } else if (b.size() >= 8 && ((b[0] == 'I' && b[1] == 'I' && b[2] == 42 && b[3] == 0) ||
                               (b[0] == 'M' && b[1] == 'M' && b[2] == 0 && b[3] == 42))) {
    r.format = Format::Tiff;
    probeTiff(b, r);
  } else if (b.size() >= 5 && std::equal(b.begin(), b.begin() + 5, "%PDF-")) {
    r.format = Format::Pdf;
    probePdf(b, r);
    if (!r.error.empty()) return r;
  } else {
    r.error = "not a JPEG, PNG, TIFF or PDF file: send the photo as JPEG or PNG";
    return r;
  }
  if (r.width <= 0 || r.height <= 0) {
    r.error = std::string("the ") + toString(r.format) +
              " header is damaged (no image size): send the original photo again";
    return r;
  }
  // Divided, not multiplied: two 32-bit sizes overflow a long long (found by fuzzing).
  if (r.width > kMaxPixels / r.height) {
    r.error = "the image is " + std::to_string(r.width) + " x " + std::to_string(r.height) +
              " pixels, above the 40-megapixel limit: send a smaller photo (a phone's normal "
              "resolution is enough)";
    return r;
  }
  if (!r.complete)
    r.error = std::string("the ") + toString(r.format) +
              " file is truncated (its end is missing): the upload was cut short, send it again";
  return r;
}

}  // namespace aviary
