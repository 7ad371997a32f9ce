#pragma once

#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace aviary::supplychain {

// A strict RFC 4180 reader over a large read buffer or over text already in memory (a
// mapped file): fields are views into the buffer (or into a scratch string when "" escapes
// had to be undone), valid until the next call. A record with bad quoting is returned with
// malformed() set, so the caller can report its line and carry on with the next record.
class CsvReader {
 public:
  // Throws std::runtime_error when the file cannot be opened.
  explicit CsvReader(const std::filesystem::path& path, std::size_t bufferBytes = 8u << 20);
  // Reads records from `text`, which must outlive the reader; `firstLine` is the line number
  // of its first byte.
  explicit CsvReader(std::string_view text, std::size_t firstLine = 1);
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Reads the next record; false at end of file. Blank lines are skipped.
  bool next();

  std::size_t size() const { return fields_.size(); }
  std::string_view operator[](std::size_t i) const { return fields_[i]; }
  // The 1-based line on which the current record starts (the header is line 1).
  std::size_t line() const { return recordLine_; }
  bool malformed() const { return !problem_.empty(); }
  const std::string& problem() const { return problem_; }
  std::size_t bytesRead() const { return bytesConsumed_; }
  // The line the next record starts on.
  std::size_t nextLine() const { return line_; }

 private:
  bool refill();
  // Parses one record from pos_; returns false if the buffer ended before the record did.
  bool parse(bool atEof);

  std::FILE* file_ = nullptr;
  std::vector<char> buffer_;
  const char* data_ = nullptr;       // buffer_.data(), or the caller's text
  std::size_t begin_ = 0, end_ = 0;  // unparsed bytes are buffer_[begin_, end_)
  bool eof_ = false;
  std::vector<std::string_view> fields_;
  std::vector<std::string> scratch_;
  std::string problem_;
  std::size_t line_ = 1, recordLine_ = 0;
  std::size_t bytesConsumed_ = 0;
};

}  // namespace aviary::supplychain
