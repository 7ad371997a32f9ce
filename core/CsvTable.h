#pragma once

#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace aviary {

// A CSV file that cannot be read at all (missing, empty, no header, unterminated quote).
class CsvError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A row that was skipped, with the line it started on and what to fix.
struct CsvProblem {
  std::size_t line = 0;
  std::string message;
};

// Any CSV with a header row (RFC 4180: quoted fields, doubled quotes, CRLF or LF, newlines
// inside quotes). Rows with the wrong number of fields or stray quotes are skipped and listed
// in problems() so one bad record never stops the others. Text mostly not UTF-8 is read as
// GB18030 (GBK), as Excel saves a CSV on Chinese Windows, where it is that; a UTF-8 file with a
// stray byte stays UTF-8.
class CsvTable {
 public:
  static CsvTable read(const std::filesystem::path& path);
  static CsvTable parse(std::string_view text, const std::string& sourceName = "<text>");

  // "UTF-8", or "GB18030" when the text was read as that.
  const std::string& encoding() const { return encoding_; }
  // A line for the user when the text was not UTF-8, else empty.
  std::string encodingNote() const;

  const std::vector<std::string>& header() const { return header_; }
  std::size_t rowCount() const { return rows_.size(); }
  const std::vector<std::string>& row(std::size_t index) const { return rows_.at(index); }
  // The 1-based line of the file on which a kept row starts.
  std::size_t lineOf(std::size_t index) const { return lines_.at(index); }
  const std::vector<CsvProblem>& problems() const { return problems_; }
  const std::string& sourceName() const { return sourceName_; }

  // -1 when the header has no such column.
  int columnIndex(std::string_view name) const;
  // A table with only the given rows (in that order), for folds and hold-outs.
  CsvTable subset(const std::vector<std::size_t>& rowIndices) const;

 private:
  static CsvTable parseUtf8(std::string_view text, const std::string& sourceName);

  std::string sourceName_;
  std::string encoding_ = "UTF-8";
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<std::size_t> lines_;
  std::vector<CsvProblem> problems_;
};

}  // namespace aviary
