#include "CsvTable.h"

#include <fstream>
#include <sstream>

#include "TextEncoding.h"

namespace aviary {
namespace {

struct ParsedRecord {
  std::vector<std::string> fields;
  std::size_t line = 0;
  std::string problem;  // non-empty when the record is malformed
};

// Splits the text into records; newlines inside quotes belong to the field.
class RecordReader {
 public:
  RecordReader(std::string_view text, const std::string& sourceName)
      : text_(text), sourceName_(sourceName) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") position_ = 3;  // UTF-8 byte-order mark
  }

  bool next(ParsedRecord& record) {
    record = ParsedRecord{};
    // Blank lines between records carry no data.
    while (position_ < text_.size() && (text_[position_] == '\n' || text_[position_] == '\r')) {
      if (text_[position_] == '\n') ++line_;
      ++position_;
    }
    if (position_ >= text_.size()) return false;
    record.line = line_;
    std::string field;
    bool quoted = false;        // inside a quoted section
    bool wasQuoted = false;     // the current field started with a quote
    bool afterClosing = false;  // a closing quote was seen; only , or end of line may follow
    while (true) {
      if (position_ >= text_.size()) {
        if (quoted)
          throw CsvError(sourceName_ + ": the quote opened on line " + std::to_string(record.line) +
                         " is never closed; close it or double any quote inside the field");
        record.fields.push_back(std::move(field));
        return true;
      }
      const char c = text_[position_++];
      if (quoted) {
        if (c == '"') {
          if (position_ < text_.size() && text_[position_] == '"') {
            field += '"';
            ++position_;
          } else {
            quoted = false;
            afterClosing = true;
          }
        } else {
          if (c == '\n') ++line_;
          field += c;
        }
        continue;
      }
      if (c == ',') {
        record.fields.push_back(std::move(field));
        field.clear();
        wasQuoted = afterClosing = false;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && position_ < text_.size() && text_[position_] == '\n') ++position_;
        ++line_;
        record.fields.push_back(std::move(field));
        return true;
      } else if (c == '"') {
        if (field.empty() && !wasQuoted) {
          quoted = wasQuoted = true;
        } else if (record.problem.empty()) {
          record.problem = "a quote inside an unquoted field (field " +
                           std::to_string(record.fields.size() + 1) +
                           "); quote the whole field and double the inner quote";
          field += c;
        }
      } else {
        if (afterClosing && record.problem.empty())
          record.problem = "text after the closing quote of field " +
                           std::to_string(record.fields.size() + 1) +
                           "; quote the whole field and double any inner quote";
        field += c;
      }
    }
  }

 private:
  std::string_view text_;
  const std::string& sourceName_;
  std::size_t position_ = 0;
  std::size_t line_ = 1;
};

}  // namespace

CsvTable CsvTable::read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw CsvError("cannot open " + path.string() + "; check the path and that it is readable");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return parse(buffer.str(), path.string());
}

CsvTable CsvTable::parse(std::string_view text, const std::string& sourceName) {
  if (const auto converted = TextEncoding::savedAsGb18030(text)) {
    CsvTable table = parseUtf8(*converted, sourceName);
    table.encoding_ = "GB18030";
    return table;
  }
  return parseUtf8(text, sourceName);
}

std::string CsvTable::encodingNote() const {
  if (encoding_ == "UTF-8") return {};
  return sourceName_ + " is not UTF-8 and was read as " + encoding_ +
         " (GBK, as Excel saves a CSV on Chinese Windows); if its Chinese text looks wrong, save "
         "it as \"CSV UTF-8\" and run again";
}

CsvTable CsvTable::parseUtf8(std::string_view text, const std::string& sourceName) {
  CsvTable table;
  table.sourceName_ = sourceName;
  RecordReader reader(text, table.sourceName_);
  ParsedRecord record;
  if (!reader.next(record))
    throw CsvError(sourceName + " is empty; a CSV needs a header row and at least one data row");
  if (!record.problem.empty())
    throw CsvError(sourceName + ": header on line " + std::to_string(record.line) + ": " +
                   record.problem);
  table.header_ = std::move(record.fields);
  for (std::size_t i = 0; i < table.header_.size(); ++i) {
    if (table.header_[i].empty())
      throw CsvError(sourceName + ": header column " + std::to_string(i + 1) +
                     " has no name; give every column a name");
    for (std::size_t j = 0; j < i; ++j)
      if (table.header_[j] == table.header_[i])
        throw CsvError(sourceName + ": header names column '" + table.header_[i] +
                       "' twice; rename one of them");
  }
  while (reader.next(record)) {
    if (!record.problem.empty()) {
      table.problems_.push_back({record.line, record.problem});
    } else if (record.fields.size() != table.header_.size()) {
      table.problems_.push_back(
          {record.line, std::to_string(record.fields.size()) + " fields where the header has " +
                            std::to_string(table.header_.size()) +
                            "; quote fields that contain commas and check for missing separators"});
    } else {
      table.rows_.push_back(std::move(record.fields));
      table.lines_.push_back(record.line);
    }
  }
  return table;
}

int CsvTable::columnIndex(std::string_view name) const {
  for (std::size_t i = 0; i < header_.size(); ++i)
    if (header_[i] == name) return static_cast<int>(i);
  return -1;
}

CsvTable CsvTable::subset(const std::vector<std::size_t>& rowIndices) const {
  CsvTable out;
  out.sourceName_ = sourceName_;
  out.encoding_ = encoding_;
  out.header_ = header_;
  out.rows_.reserve(rowIndices.size());
  out.lines_.reserve(rowIndices.size());
  for (std::size_t i : rowIndices) {
    out.rows_.push_back(rows_.at(i));
    out.lines_.push_back(lines_.at(i));
  }
  return out;
}

}  // namespace aviary
