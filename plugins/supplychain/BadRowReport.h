#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace aviary::supplychain {

// Rows skipped while reading the input files: every one is counted by kind; the first
// `detailLimit` are kept with file, line, record id and what to fix.
class BadRowReport {
 public:
  enum class Kind {
    Malformed,       // bad quoting
    ColumnCount,     // wrong number of columns
    NonUtf8,         // a name is not valid UTF-8
    BadAmount,       // negative, zero or not a number
    BadTime,         // time or date does not parse
    DuplicateTxnId,  // the same txn_id again: the later row is dropped
    SelfPayment,     // payer equals payee
    UnknownFirm,     // holdings/certificates name a firm seen nowhere else
    MissingId,       // an empty id
    BadValue         // another field out of range (share, tier, kind)
  };
  static constexpr std::size_t kKinds = 10;

  struct Row {
    std::string file;
    std::size_t line = 0;
    std::string id;
    Kind kind = Kind::Malformed;
    std::string error;
  };

  explicit BadRowReport(std::size_t detailLimit = 100000) : detailLimit_(detailLimit) {}

  void add(const std::string& file, std::size_t line, std::string id, Kind kind, std::string error);
  // Something about a whole file the user should know (it was read in another encoding).
  void note(std::string text) { notes_.push_back(std::move(text)); }
  const std::vector<std::string>& notes() const { return notes_; }
  std::size_t total() const { return total_; }
  std::size_t count(Kind kind) const { return counts_[static_cast<std::size_t>(kind)]; }
  const std::vector<Row>& rows() const { return rows_; }

  // One JSON object per kept row: {"file","line","id","kind","error"}.
  std::string toJsonLines() const;
  // A few lines for people: counts by kind and the first rows.
  std::string summary(std::size_t firstRows = 10) const;

  static const char* kindName(Kind kind);

 private:
  std::size_t detailLimit_;
  std::size_t total_ = 0;
  std::array<std::size_t, kKinds> counts_{};
  std::vector<Row> rows_;
  std::vector<std::string> notes_;
};

}  // namespace aviary::supplychain
