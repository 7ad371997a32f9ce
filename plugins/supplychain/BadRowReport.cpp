#include "BadRowReport.h"

#include <nlohmann/json.hpp>

namespace aviary::supplychain {

void BadRowReport::add(const std::string& file, std::size_t line, std::string id, Kind kind,
                       std::string error) {
  ++total_;
  ++counts_[static_cast<std::size_t>(kind)];
  if (rows_.size() < detailLimit_)
    rows_.push_back({file, line, std::move(id), kind, std::move(error)});
}

const char* BadRowReport::kindName(Kind kind) {
  switch (kind) {
    case Kind::Malformed:
      return "malformed";
    case Kind::ColumnCount:
      return "column_count";
    case Kind::NonUtf8:
      return "non_utf8";
    case Kind::BadAmount:
      return "bad_amount";
    case Kind::BadTime:
      return "bad_time";
    case Kind::DuplicateTxnId:
      return "duplicate_txn_id";
    case Kind::SelfPayment:
      return "self_payment";
    case Kind::UnknownFirm:
      return "unknown_firm";
    case Kind::MissingId:
      return "missing_id";
    case Kind::BadValue:
      return "bad_value";
  }
  return "malformed";
}

std::string BadRowReport::toJsonLines() const {
  std::string out;
  for (const Row& r : rows_) {
    // Ids come from the file and may be any bytes; replace what is not UTF-8.
    const nlohmann::json j = {{"file", r.file},
                              {"line", r.line},
                              {"id", r.id},
                              {"kind", kindName(r.kind)},
                              {"error", r.error}};
    out += j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    out += '\n';
  }
  return out;
}

std::string BadRowReport::summary(std::size_t firstRows) const {
  std::string out;
  for (const auto& text : notes_) out += "note: " + text + "\n";
  if (total_ == 0) return out + "no bad rows\n";
  out += std::to_string(total_) + " bad row(s) skipped:";
  for (std::size_t k = 0; k < kKinds; ++k)
    if (counts_[k])
      out += std::string(" ") + kindName(static_cast<Kind>(k)) + "=" + std::to_string(counts_[k]);
  out += "\n";
  for (std::size_t i = 0; i < rows_.size() && i < firstRows; ++i) {
    const Row& r = rows_[i];
    out += "  " + r.file + ":" + std::to_string(r.line) + (r.id.empty() ? "" : " (" + r.id + ")") +
           ": " + r.error + "\n";
  }
  if (total_ > firstRows) out += "  ... see the bad-row report for the rest\n";
  return out;
}

}  // namespace aviary::supplychain
