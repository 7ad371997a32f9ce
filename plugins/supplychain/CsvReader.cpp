#include "CsvReader.h"

#include <bit>
#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace aviary::supplychain {
namespace {

// The first byte in [p, end) that is a comma, a newline or a quote, else end. Eight bytes
// per step: fields are mostly long runs of plain bytes (UTF-8 names, ids, digits).
const char* findFieldEnd(const char* p, const char* end) {
  if constexpr (std::endian::native == std::endian::little) {
    constexpr std::uint64_t kLow7 = 0x7F7F7F7F7F7F7F7Full;
    constexpr std::uint64_t kOnes = 0x0101010101010101ull;
    // High bit set in exactly the bytes of x that are zero.
    auto zeroBytes = [](std::uint64_t x) { return ~(((x & kLow7) + kLow7) | x | kLow7); };
    while (end - p >= 8) {
      std::uint64_t w;
      std::memcpy(&w, p, 8);
      const std::uint64_t hit = zeroBytes(w ^ (kOnes * ',')) | zeroBytes(w ^ (kOnes * '\n')) |
                                zeroBytes(w ^ (kOnes * '"'));
      if (hit) return p + std::countr_zero(hit) / 8;
      p += 8;
    }
  }
  while (p < end && *p != ',' && *p != '\n' && *p != '"') ++p;
  return p;
}

// Moves p past the end of its line; false when the line's end is not read yet.
bool skipLine(const char*& p, const char* end, std::size_t& line, bool atEof) {
  const char* nl =
      static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
  if (!nl && !atEof) return false;
  p = nl ? nl + 1 : end;
  if (nl) ++line;
  return true;
}

}  // namespace

CsvReader::CsvReader(const std::filesystem::path& path, std::size_t bufferBytes) {
  file_ = std::fopen(path.c_str(), "rb");
  if (!file_) throw std::runtime_error("cannot open " + path.string() + ": check the path");
  buffer_.resize(std::max<std::size_t>(bufferBytes, 1024));
  data_ = buffer_.data();
  fields_.reserve(16);
}

CsvReader::CsvReader(std::string_view text, std::size_t firstLine)
    : data_(text.data()), end_(text.size()), eof_(true), line_(firstLine) {
  fields_.reserve(16);
}

CsvReader::~CsvReader() {
  if (file_) std::fclose(file_);
}

bool CsvReader::refill() {
  if (eof_) return false;
  // Keep the unparsed tail; grow when one record fills the whole buffer.
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);
  data_ = buffer_.data();
  const std::size_t got = std::fread(buffer_.data() + end_, 1, buffer_.size() - end_, file_);
  if (got == 0) eof_ = true;
  end_ += got;
  return got > 0;
}

bool CsvReader::next() {
  for (;;) {
    if (begin_ >= end_ && !refill()) return false;
    if (parse(eof_)) {
      if (fields_.size() == 1 && fields_[0].empty() && problem_.empty()) continue;  // blank line
      return true;
    }
    if (!refill()) {
      // The file ends inside a record: parse what is there as the last record.
      if (begin_ >= end_) return false;
      parse(true);
      return true;
    }
  }
}

bool CsvReader::parse(bool atEof) {
  const char* const base = data_;
  const char* p = base + begin_;
  const char* const end = base + end_;
  std::size_t line = line_;
  fields_.clear();
  problem_.clear();
  std::size_t scratchUsed = 0;

  for (;;) {
    if (p < end && *p == '"') {
      // Quoted field: runs to a lone quote; "" is an escaped quote; may span lines.
      const char* q = p + 1;
      const char* start = q;
      bool escaped = false;
      for (;;) {
        const char* quote =
            static_cast<const char*>(std::memchr(q, '"', static_cast<std::size_t>(end - q)));
        if (!quote) {
          if (!atEof) return false;
          // Nothing closes it, so it was a stray quote: the lines after it are records.
          problem_ =
              "a quote opens a field that is never closed: close it or double it (\"\"); the "
              "lines after it were read as records";
          goto malformed;
        }
        if (quote + 1 < end && quote[1] == '"') {
          escaped = true;
          q = quote + 2;
          continue;
        }
        if (quote + 1 == end && !atEof) return false;
        for (const char* c = start; c < quote; ++c) line += *c == '\n';
        if (escaped) {
          if (scratch_.size() <= scratchUsed) scratch_.resize(scratchUsed + 1);
          std::string& s = scratch_[scratchUsed++];
          s.clear();
          for (const char* c = start; c < quote; ++c) {
            s += *c;
            if (*c == '"') ++c;
          }
          fields_.emplace_back(s);
        } else {
          fields_.emplace_back(start, static_cast<std::size_t>(quote - start));
        }
        p = quote + 1;
        break;
      }
      if (p == end) {
        if (!atEof) return false;
        goto done;
      }
      if (*p == ',') {
        ++p;
        if (p == end && !atEof) return false;
        if (p == end) {
          fields_.emplace_back();
          goto done;
        }
        continue;
      }
      if (*p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n')) {
        p += *p == '\r' ? 2 : 1;
        ++line;
        goto done;
      }
      if (*p == '\r' && p + 1 == end && !atEof) return false;
      problem_ = "text after a closing quote; quote the whole field and double any quote inside";
    } else {
      const char* start = p;
      p = findFieldEnd(p, end);
      if (p == end) {
        if (!atEof) return false;
        std::size_t len = static_cast<std::size_t>(p - start);
        if (len && start[len - 1] == '\r') --len;
        fields_.emplace_back(start, len);
        goto done;
      }
      if (*p == ',') {
        fields_.emplace_back(start, static_cast<std::size_t>(p - start));
        ++p;
        if (p == end) {
          if (!atEof) return false;
          fields_.emplace_back();
          goto done;
        }
        continue;
      }
      if (*p == '\n') {
        std::size_t len = static_cast<std::size_t>(p - start);
        if (len && start[len - 1] == '\r') --len;
        fields_.emplace_back(start, len);
        ++p;
        ++line;
        goto done;
      }
      problem_ = "a quote inside an unquoted field; quote the whole field and double the quote";
    }
    // Malformed: skip to the end of this line and report the record.
  malformed:
    if (!skipLine(p, end, line, atEof)) return false;
    goto done;
  }
done:
  recordLine_ = line_;
  line_ = line;
  bytesConsumed_ += static_cast<std::size_t>(p - (base + begin_));
  begin_ = static_cast<std::size_t>(p - base);
  return true;
}

}  // namespace aviary::supplychain
