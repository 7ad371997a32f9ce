#include "TransactionChunkParser.h"

#include <algorithm>
#include <cstring>

#include "CsvReader.h"
#include "HugePages.h"
#include "PaymentNetworkLoader.h"
#include "TextEncoding.h"

namespace aviary::supplychain {
namespace {

using Kind = BadRowReport::Kind;

std::string clip(std::string_view s) {
  return std::string(s.substr(0, 64));
}

// Times are nearly all "YYYY-MM-DDTHH:MM:SS" and many rows share a day: the day number of
// the last date is kept, and only the clock is parsed. Anything else goes to parseTime().
class TimeParser {
 public:
  bool parse(std::string_view s, std::int64_t& out) {
    if (s.size() != 19 || s[10] != 'T' || s[13] != ':' || s[16] != ':')
      return PaymentNetworkLoader::parseTime(s, out);
    if (!valid_ || std::memcmp(s.data(), date_, 10) != 0) {
      valid_ = false;
      if (!PaymentNetworkLoader::parseDate(s.substr(0, 10), day_)) return false;
      std::memcpy(date_, s.data(), 10);
      valid_ = true;
    }
    auto digit = [&](std::size_t i) { return static_cast<unsigned>(s[i] - '0'); };
    const unsigned d[6] = {digit(11), digit(12), digit(14), digit(15), digit(17), digit(18)};
    for (unsigned x : d)
      if (x > 9) return false;
    const unsigned h = d[0] * 10 + d[1], mi = d[2] * 10 + d[3], sec = d[4] * 10 + d[5];
    if (h > 23 || mi > 59 || sec > 60) return false;
    // No zone: China Standard Time, which is how times are stored.
    out = static_cast<std::int64_t>(day_) * 86400 + h * 3600 + mi * 60 + sec;
    return true;
  }

 private:
  char date_[10] = {};
  std::int32_t day_ = 0;
  bool valid_ = false;
};

}  // namespace

TransactionChunkParser::TransactionChunkParser(const MappedFile& file,
                                               const std::vector<int>& columns, std::size_t width)
    : file_(file), columns_(columns), width_(width) {}

TransactionChunkParser::Chunk TransactionChunkParser::parse(std::size_t begin, std::size_t stop,
                                                            std::size_t reserveBytes) const {
  const std::string_view text = file_.text();
  Chunk c;
  c.begin = c.end = std::min(begin, text.size());
  if (c.begin >= stop) return c;
  // Rows are rarely shorter than 100 bytes; room that is reserved and never used costs
  // address space, not memory.
  if (reserveBytes == 0) reserveBytes = std::min(stop, text.size()) - c.begin;
  const std::size_t guess = reserveBytes / 100 + 16;
  reserveOnHugePages(c.time, guess);
  reserveOnHugePages(c.cents, guess);
  reserveOnHugePages(c.memo, guess);
  reserveOnHugePages(c.memoKey, guess);
  reserveOnHugePages(c.channelKey, guess);
  reserveOnHugePages(c.line, guess);
  reserveOnHugePages(c.payer, guess);
  reserveOnHugePages(c.payee, guess);
  reserveOnHugePages(c.idHash, guess);
  reserveOnHugePages(c.idEnd, guess);
  c.idText.reserve(guess * 11);
  adviseHugePages(c.idText.data(), c.idText.capacity());

  CsvReader csv(text.substr(c.begin), 0);
  TimeParser times;
  auto col = [&](std::size_t w) {
    return columns_[w] < 0 ? std::string_view() : csv[static_cast<std::size_t>(columns_[w])];
  };
  auto bad = [&](std::size_t line, std::string_view id, Kind kind, std::string error) {
    c.bad.push_back({line, clip(id), kind, std::move(error)});
  };
  // Interns a party and keeps its first non-empty name.
  std::vector<bool> nameless;
  auto intern = [&](std::string_view id, std::uint64_t idHash, std::string_view name) {
    bool added = false;
    const std::uint32_t k = c.parties.intern(id, idHash, added);
    if (added) {
      c.nameAt.push_back(c.nameText.size());
      c.nameSize.push_back(static_cast<std::uint32_t>(name.size()));
      c.nameText += name;
      nameless.push_back(name.empty());
    } else if (nameless[k] && !name.empty()) {
      c.nameAt[k] = c.nameText.size();
      c.nameSize[k] = static_cast<std::uint32_t>(name.size());
      c.nameText += name;
      nameless[k] = false;
    }
    return k;
  };
  // Party lookups miss the caches; they are made kAhead rows after their slots were
  // prefetched, in row order, so parties are numbered as a plain pass would number them.
  struct Pending {
    std::size_t row;
    std::string_view payerId, payerName, payeeId, payeeName;
    std::uint64_t payerHash, payeeHash;
  };
  constexpr std::size_t kAhead = 16;
  Pending pending[kAhead];
  std::size_t head = 0, waiting = 0;
  auto resolveOldest = [&] {
    const Pending& r = pending[head];
    c.payer[r.row] = intern(r.payerId, r.payerHash, r.payerName);
    c.payee[r.row] = intern(r.payeeId, r.payeeHash, r.payeeName);
    head = (head + 1) % kAhead;
    --waiting;
  };
  auto resolveAll = [&] {
    while (waiting) resolveOldest();
  };
  // Views into the mapped text stay valid across records; unescaped quoted fields do not.
  auto inText = [&](std::string_view v) {
    return v.empty() ||
           (v.data() >= text.data() && v.data() + v.size() <= text.data() + text.size());
  };
  // Parsed pages are handed back as the reader moves on, so the mapping does not grow into
  // the whole file's size in resident memory.
  constexpr std::size_t kReleaseStep = 32u << 20;
  std::size_t released = c.begin;

  while (c.begin + csv.bytesRead() < stop && csv.next()) {
    const std::size_t ln = csv.line();
    if (csv.malformed()) {
      bad(ln, "", Kind::Malformed, csv.problem());
    } else if (csv.size() != width_) {
      bad(ln, csv[0], Kind::ColumnCount,
          "expected " + std::to_string(width_) + " columns, found " + std::to_string(csv.size()) +
              ": quote fields that contain commas");
    } else {
      const std::string_view id = col(0), payerId = col(2), payeeId = col(4);
      const std::string_view payerName = col(3), payeeName = col(5);
      std::int64_t amount = 0, t = 0;
      if (id.empty() || payerId.empty() || payeeId.empty()) {
        bad(ln, id, Kind::MissingId, "txn_id, payer_id and payee_id must not be empty");
      } else if (!TextEncoding::isUtf8(payerName) || !TextEncoding::isUtf8(payeeName)) {
        bad(ln, id, Kind::NonUtf8,
            "payer_name or payee_name is not UTF-8: re-export the file as UTF-8");
      } else if (!PaymentNetworkLoader::parseAmountCents(col(6), amount)) {
        bad(ln, id, Kind::BadAmount,
            "amount '" + clip(col(6)) +
                "' is not a positive number of yuan with at most two decimals");
      } else if (!times.parse(col(1), t)) {
        bad(ln, id, Kind::BadTime,
            "time '" + clip(col(1)) + "' is not ISO 8601 (YYYY-MM-DDTHH:MM:SS)");
      } else if (payerId == payeeId) {
        bad(ln, id, Kind::SelfPayment, "payer_id equals payee_id: a party cannot pay itself");
      } else {
        c.time.push_back(t);
        c.cents.push_back(amount);
        c.memo.push_back(classifyMemo(col(8)));
        c.memoKey.push_back(textKey(col(8)));
        c.channelKey.push_back(textKey(col(7)));
        c.line.push_back(static_cast<std::uint32_t>(ln));
        if (waiting == kAhead) resolveOldest();
        Pending& p = pending[(head + waiting) % kAhead];
        p = {c.payer.size(),
             payerId,
             payerName,
             payeeId,
             payeeName,
             PartyTable::hash(payerId),
             PartyTable::hash(payeeId)};
        ++waiting;
        c.parties.prefetch(p.payerHash);
        c.parties.prefetch(p.payeeHash);
        c.payer.push_back(0);
        c.payee.push_back(0);
        if (!inText(payerId) || !inText(payerName) || !inText(payeeId) || !inText(payeeName))
          resolveAll();
        c.idHash.push_back(PartyTable::hash(id));
        c.idText += id;
        c.idEnd.push_back(c.idText.size());
      }
    }
    const std::size_t at = c.begin + csv.bytesRead();
    if (at - released >= kReleaseStep) {
      resolveAll();
      file_.release(released, at);
      released = at;
    }
  }
  resolveAll();
  c.end = c.begin + csv.bytesRead();
  c.lines = csv.nextLine();
  file_.release(released, c.end);
  return c;
}

}  // namespace aviary::supplychain
