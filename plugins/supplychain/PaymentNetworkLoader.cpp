#include "PaymentNetworkLoader.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <ctime>
#include <exception>
#include <stdexcept>
#include <thread>

#include "CalendarDate.h"
#include "CsvReader.h"
#include "HugePages.h"
#include "MappedFile.h"
#include "TextEncoding.h"
#include "TransactionChunkParser.h"

namespace aviary::supplychain {
namespace {

using Kind = BadRowReport::Kind;
constexpr unsigned kMaxLoaderThreads = 8;

// Bank and ERP exports on Chinese Windows are GBK: such a file is read as GB18030, with a
// note. A UTF-8 file with a few bad bytes stays as it is, and those rows are reported.
void decodeAsUtf8(MappedFile& mapped, const std::string& file, BadRowReport& report) {
  auto converted = TextEncoding::savedAsGb18030(mapped.text());
  if (!converted) return;
  mapped.replaceText(std::move(*converted));
  report.note(file +
              " is not UTF-8 and was read as GB18030 (GBK, as Chinese bank and ERP "
              "exports save it); if its names look wrong, export it as UTF-8");
}

// Column positions by header name, so files with reordered or extra columns still load.
std::vector<int> mapColumns(CsvReader& csv, const std::string& file,
                            const std::vector<std::string_view>& wanted, std::size_t required,
                            std::size_t& width) {
  if (!csv.next()) throw std::runtime_error(file + " is empty: it needs a header row");
  width = csv.size();
  std::vector<int> at(wanted.size(), -1);
  for (std::size_t c = 0; c < csv.size(); ++c) {
    std::string_view name = csv[c];
    if (c == 0 && name.substr(0, 3) == "\xEF\xBB\xBF") name.remove_prefix(3);  // UTF-8 BOM
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    for (std::size_t w = 0; w < wanted.size(); ++w)
      if (name == wanted[w]) at[w] = static_cast<int>(c);
  }
  for (std::size_t w = 0; w < required; ++w)
    if (at[w] < 0)
      throw std::runtime_error(file + " has no column '" + std::string(wanted[w]) +
                               "': the header must name it (see spec/formats.md)");
  return at;
}

std::string_view col(const CsvReader& csv, const std::vector<int>& at, std::size_t w) {
  return at[w] < 0 ? std::string_view() : csv[static_cast<std::size_t>(at[w])];
}

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& value) {
  if (pos + n > s.size()) return false;
  value = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    value = value * 10 + (s[i] - '0');
  }
  return true;
}

std::string clip(std::string_view s) {
  return std::string(s.substr(0, 64));
}

// The registry files' shared row check: a malformed row or a wrong column count is reported
// with its line and skipped.
bool reportedAsMisshapen(const CsvReader& csv, const std::string& file, std::size_t width,
                         BadRowReport& report) {
  if (csv.malformed()) {
    report.add(file, csv.line(), "", Kind::Malformed, csv.problem());
    return true;
  }
  if (csv.size() != width) {
    report.add(
        file, csv.line(), clip(csv[0]), Kind::ColumnCount,
        "expected " + std::to_string(width) + " columns, found " + std::to_string(csv.size()));
    return true;
  }
  return false;
}

// Duplicate txn ids, found after reading: hashes are bucketed by their top bits (a pass of
// sequential writes instead of a random probe per row), equal hashes are confirmed on the id
// text, and every later copy is dropped and reported with its line.
void dropDuplicateTxnIds(PaymentNetwork& net, const std::vector<std::uint64_t>& hashes,
                         const std::string& file, BadRowReport& report) {
  const std::size_t m = hashes.size();
  constexpr int kBits = 16;
  std::vector<std::uint32_t> start((1u << kBits) + 1, 0);
  for (std::uint64_t h : hashes) ++start[(h >> (64 - kBits)) + 1];
  for (std::size_t b = 1; b < start.size(); ++b) start[b] += start[b - 1];
  std::vector<std::uint32_t> order;
  reserveOnHugePages(order, m);
  order.resize(m);
  {
    std::vector<std::uint32_t> cursor(start.begin(), start.end() - 1);
    for (std::uint32_t t = 0; t < m; ++t) order[cursor[hashes[t] >> (64 - kBits)]++] = t;
  }
  std::vector<std::uint8_t> drop(m, 0);
  std::size_t dropped = 0;
  for (std::size_t b = 0; b + 1 < start.size(); ++b) {
    const auto first = order.begin() + start[b], last = order.begin() + start[b + 1];
    if (last - first < 2) continue;
    // By hash, then row, so the earliest row of each id comes first.
    std::sort(first, last, [&](std::uint32_t x, std::uint32_t y) {
      return hashes[x] < hashes[y] || (hashes[x] == hashes[y] && x < y);
    });
    for (auto i = first; i != last; ++i)
      for (auto j = i + 1; j != last && hashes[*j] == hashes[*i]; ++j)
        if (!drop[*j] && !drop[*i] && net.txnId(*j) == net.txnId(*i)) {
          drop[*j] = 1;
          ++dropped;
        }
  }
  if (dropped == 0) return;
  std::vector<std::pair<std::uint32_t, std::string>> duplicates;
  std::string ids;
  ids.reserve(net.txnIdText.size());
  std::size_t w = 0;
  for (std::size_t t = 0; t < m; ++t) {
    if (drop[t]) {
      duplicates.push_back({net.line[t], std::string(net.txnId(t).substr(0, 64))});
      continue;
    }
    ids += net.txnId(t);
    net.txnIdEnd[w] = ids.size();
    net.time[w] = net.time[t];
    net.payer[w] = net.payer[t];
    net.payee[w] = net.payee[t];
    net.cents[w] = net.cents[t];
    net.memo[w] = net.memo[t];
    net.memoKey[w] = net.memoKey[t];
    net.channelKey[w] = net.channelKey[t];
    net.line[w] = net.line[t];
    ++w;
  }
  net.txnIdText.swap(ids);
  net.txnIdEnd.resize(w);
  net.time.resize(w);
  net.payer.resize(w);
  net.payee.resize(w);
  net.cents.resize(w);
  net.memo.resize(w);
  net.memoKey.resize(w);
  net.channelKey.resize(w);
  net.line.resize(w);
  for (const auto& [line, id] : duplicates)
    report.add(file, line, id, BadRowReport::Kind::DuplicateTxnId,
               "txn_id already seen earlier in the file: this row is ignored");
}

void loadFirms(const std::filesystem::path& path, PaymentNetwork& net, BadRowReport& report) {
  const std::string file = path.filename().string();
  MappedFile mapped(path);
  decodeAsUtf8(mapped, file, report);
  CsvReader csv(mapped.text());
  std::size_t width = 0;
  const auto at = mapColumns(csv, file,
                             {"firm_id", "name", "kind", "legal_person_id", "established",
                              "industry", "status", "uscc", "registered_capital", "address"},
                             1, width);
  while (csv.next()) {
    const std::size_t ln = csv.line();
    if (reportedAsMisshapen(csv, file, width, report)) continue;
    const std::string_view id = col(csv, at, 0);
    if (id.empty()) {
      report.add(file, ln, "", Kind::MissingId, "firm_id is empty: give every row its id");
      continue;
    }
    const std::string_view name = col(csv, at, 1);
    if (!TextEncoding::isUtf8(name)) {
      report.add(file, ln, clip(id), Kind::NonUtf8, "name is not UTF-8: re-save the file as UTF-8");
      continue;
    }
    const std::string_view kindText = col(csv, at, 2);
    PartyKind kind = PartyKind::Unknown;
    if (kindText == "enterprise")
      kind = PartyKind::Enterprise;
    else if (kindText == "individual_business")
      kind = PartyKind::IndividualBusiness;
    else if (kindText == "person")
      kind = PartyKind::Person;
    else if (!kindText.empty()) {
      report.add(file, ln, clip(id), Kind::BadValue,
                 "kind '" + clip(kindText) + "' is not enterprise, individual_business or person");
      continue;
    }
    std::int32_t day = PaymentNetwork::kNoDay;
    const std::string_view established = col(csv, at, 4);
    if (!established.empty() && !PaymentNetworkLoader::parseDate(established, day)) {
      report.add(file, ln, clip(id), Kind::BadTime,
                 "established '" + clip(established) + "' is not YYYY-MM-DD");
      continue;
    }
    const std::string_view statusText = col(csv, at, 6);
    FirmStatus status = FirmStatus::Active;
    if (statusText == "revoked")
      status = FirmStatus::Revoked;
    else if (statusText == "deregistered")
      status = FirmStatus::Deregistered;
    else if (!statusText.empty() && statusText != "active") {
      report.add(file, ln, clip(id), Kind::BadValue,
                 "status '" + clip(statusText) + "' is not active, revoked or deregistered");
      continue;
    }
    const std::uint32_t p = net.addParty(id);
    net.names[p] = std::string(name);
    net.kind[p] = kind;
    net.industry[p] = std::string(col(csv, at, 5));
    net.establishedDay[p] = day;
    net.status[p] = status;
    net.inRegistry[p] = 1;
    const std::string_view legal = col(csv, at, 3);
    if (!legal.empty()) net.legalPerson[p] = net.addParty(legal);
  }
}

// Reads transactions.csv mapped into memory in `threads` stretches split at line ends, one
// per core, then joins them in file order: the same parties in the same order, lines and
// bad rows as one front-to-back pass would give.
void loadTransactions(const std::filesystem::path& path, PaymentNetwork& net, BadRowReport& report,
                      unsigned threads) {
  const std::string file = path.filename().string();
  MappedFile mapped(path);
  decodeAsUtf8(mapped, file, report);
  const std::string_view text = mapped.text();
  std::size_t width = 0, bodyBegin = 0, bodyLine = 0;
  std::vector<int> at;
  {
    CsvReader header(text);
    at = mapColumns(header, file,
                    {"txn_id", "time", "payer_id", "payer_name", "payee_id", "payee_name", "amount",
                     "channel", "memo"},
                    7, width);
    bodyBegin = header.bytesRead();
    bodyLine = header.nextLine();
  }
  if (threads == 0)
    threads = text.size() < (4u << 20)
                  ? 1u
                  : std::clamp(std::thread::hardware_concurrency(), 1u, kMaxLoaderThreads);
  std::vector<std::size_t> cut(threads + 1, text.size());
  cut[0] = bodyBegin;
  for (unsigned i = 1; i < threads; ++i) {
    const std::size_t guess =
        std::max(cut[i - 1], bodyBegin + (text.size() - bodyBegin) / threads * i);
    const std::size_t newline = text.find('\n', guess);
    cut[i] = newline == std::string_view::npos ? text.size() : newline + 1;
  }

  const TransactionChunkParser parser(mapped, at, width);
  std::vector<TransactionChunkParser::Chunk> chunks(threads);
  {
    std::vector<std::exception_ptr> errors(threads);
    std::vector<std::thread> workers;
    auto run = [&](unsigned i) {
      try {
        chunks[i] = parser.parse(cut[i], cut[i + 1], i == 0 ? text.size() - bodyBegin : 0);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    };
    for (unsigned i = 1; i < threads; ++i) workers.emplace_back(run, i);
    run(0);
    for (auto& w : workers) w.join();
    for (const auto& error : errors)
      if (error) std::rethrow_exception(error);
  }
  // A stretch whose first line was inside a quoted field that spans lines started in the
  // middle of a record: read it again from where the stretch before it really ended.
  for (unsigned i = 1; i < threads; ++i)
    if (chunks[i].begin != chunks[i - 1].end)
      chunks[i] = parser.parse(chunks[i - 1].end, cut[i + 1]);

  std::size_t rows = 0, idBytes = 0;
  for (const auto& c : chunks) rows += c.rows(), idBytes += c.idText.size();
  std::vector<std::uint64_t> idHashes;
  std::size_t firstLine = bodyLine;
  std::vector<std::uint32_t> global;
  for (auto& c : chunks) {
    for (const auto& b : c.bad) report.add(file, b.line + firstLine, b.id, b.kind, b.error);
    global.resize(c.parties.size());
    for (std::uint32_t k = 0; k < c.parties.size(); ++k) {
      const std::uint32_t g = net.addParty(c.parties.id(k));
      // A party known only as someone's legal person gets its name from firms.csv or here.
      if (!net.inRegistry[g] && net.names[g].empty()) net.names[g] = std::string(c.name(k));
      global[k] = g;
    }
    for (std::uint32_t& p : c.payer) p = global[p];
    for (std::uint32_t& p : c.payee) p = global[p];
    for (std::uint32_t& l : c.line) l += static_cast<std::uint32_t>(firstLine);
    const std::uint64_t idBase = net.txnIdText.size();
    for (std::uint64_t& e : c.idEnd) e += idBase;
    // The first stretch reserved room for the whole file: its columns are taken over as they
    // are and the others appended, without copying the first.
    auto append = [](auto& to, auto& from, std::size_t total) {
      if (to.empty() && from.capacity() >= total) {
        to.swap(from);
      } else {
        to.reserve(total);
        to.insert(to.end(), from.begin(), from.end());
      }
      std::decay_t<decltype(from)>().swap(from);
    };
    append(net.time, c.time, rows);
    append(net.payer, c.payer, rows);
    append(net.payee, c.payee, rows);
    append(net.cents, c.cents, rows);
    append(net.memo, c.memo, rows);
    append(net.memoKey, c.memoKey, rows);
    append(net.channelKey, c.channelKey, rows);
    append(net.line, c.line, rows);
    append(net.txnIdEnd, c.idEnd, rows);
    append(idHashes, c.idHash, rows);
    append(net.txnIdText, c.idText, idBytes);
    firstLine += c.lines;
    c = {};
  }
  dropDuplicateTxnIds(net, idHashes, file, report);
}

void loadHoldings(const std::filesystem::path& path, PaymentNetwork& net, BadRowReport& report) {
  const std::string file = path.filename().string();
  CsvReader csv(path);
  std::size_t width = 0;
  const auto at = mapColumns(csv, file, {"holder_id", "firm_id", "share"}, 3, width);
  while (csv.next()) {
    const std::size_t ln = csv.line();
    if (reportedAsMisshapen(csv, file, width, report)) continue;
    const std::string_view holder = col(csv, at, 0), firm = col(csv, at, 1),
                           shareText = col(csv, at, 2);
    const std::string rowId = clip(holder) + "->" + clip(firm);
    if (holder.empty() || firm.empty()) {
      report.add(file, ln, rowId, Kind::MissingId, "holder_id and firm_id must not be empty");
      continue;
    }
    const std::uint32_t f = net.parties.find(firm);
    if (f == PartyTable::kNone) {
      report.add(file, ln, rowId, Kind::UnknownFirm,
                 "firm_id '" + clip(firm) +
                     "' is in neither firms.csv nor the transactions: add it to firms.csv");
      continue;
    }
    double share = 0;
    const auto r = std::from_chars(shareText.data(), shareText.data() + shareText.size(), share);
    if (r.ec != std::errc() || r.ptr != shareText.data() + shareText.size() || !(share > 0) ||
        share > 1) {
      report.add(file, ln, rowId, Kind::BadValue,
                 "share '" + clip(shareText) + "' is not a number in (0, 1]");
      continue;
    }
    net.holdings.push_back({net.addParty(holder), f, share});
  }
}

void loadCertificates(const std::filesystem::path& path, PaymentNetwork& net,
                      BadRowReport& report) {
  const std::string file = path.filename().string();
  CsvReader csv(path);
  std::size_t width = 0;
  const auto at = mapColumns(csv, file, {"brand_id", "dealer_id", "tier", "since"}, 2, width);
  while (csv.next()) {
    const std::size_t ln = csv.line();
    if (reportedAsMisshapen(csv, file, width, report)) continue;
    const std::string_view brand = col(csv, at, 0), dealer = col(csv, at, 1);
    const std::string rowId = clip(brand) + "->" + clip(dealer);
    const std::uint32_t b = net.parties.find(brand), d = net.parties.find(dealer);
    if (b == PartyTable::kNone || d == PartyTable::kNone) {
      report.add(file, ln, rowId, Kind::UnknownFirm,
                 "brand_id or dealer_id is in neither firms.csv nor the transactions");
      continue;
    }
    int tier = 1;
    const std::string_view tierText = col(csv, at, 2);
    if (!tierText.empty()) {
      const auto r = std::from_chars(tierText.data(), tierText.data() + tierText.size(), tier);
      if (r.ec != std::errc() || tier < 1 || tier > 9) {
        report.add(file, ln, rowId, Kind::BadValue, "tier '" + clip(tierText) + "' is not 1..9");
        continue;
      }
    }
    std::int32_t since = PaymentNetwork::kNoDay;
    const std::string_view sinceText = col(csv, at, 3);
    if (!sinceText.empty() && !PaymentNetworkLoader::parseDate(sinceText, since)) {
      report.add(file, ln, rowId, Kind::BadTime,
                 "since '" + clip(sinceText) + "' is not YYYY-MM-DD");
      continue;
    }
    net.certificates.push_back({b, d, tier, since});
  }
}

}  // namespace

bool PaymentNetworkLoader::parseAmountCents(std::string_view s, std::int64_t& cents) {
  if (s.empty() || s.size() > 18) return false;
  std::size_t i = 0;
  if (s[0] == '+') ++i;
  std::int64_t whole = 0;
  std::size_t intDigits = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++intDigits)
    whole = whole * 10 + (s[i] - '0');
  std::int64_t frac = 0;
  std::size_t fracDigits = 0;
  if (i < s.size() && s[i] == '.') {
    for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++fracDigits)
      frac = frac * 10 + (s[i] - '0');
    if (fracDigits == 0 || fracDigits > 2) return false;
  }
  if (i != s.size() || intDigits == 0) return false;
  cents = whole * 100 + (fracDigits == 1 ? frac * 10 : frac);
  return cents > 0;
}

bool PaymentNetworkLoader::parseDate(std::string_view s, std::int32_t& day) {
  int y, mo, d;
  if (s.size() < 10 || !digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d))
    return false;
  if (s.size() > 10 && s[10] != 'T' && s[10] != ' ') return false;
  if (mo < 1 || mo > 12 || d < 1 || d > CalendarDate::daysInMonth(y, mo)) return false;
  day = static_cast<std::int32_t>(CalendarDate::daysFromCivil(y, mo, d));
  return true;
}

bool PaymentNetworkLoader::parseTime(std::string_view s, std::int64_t& out) {
  std::int32_t day = 0;
  if (!parseDate(s, day)) return false;
  int h = 0, mi = 0, sec = 0;
  std::size_t i = 10;
  int offsetMinutes = 8 * 60;  // no zone: China Standard Time
  if (i < s.size()) {
    if (!digits(s, 11, 2, h) || s.size() < 16 || s[13] != ':' || !digits(s, 14, 2, mi))
      return false;
    i = 16;
    if (i < s.size() && s[i] == ':') {
      if (!digits(s, 17, 2, sec)) return false;
      i = 19;
      if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
        ++i;
        const std::size_t start = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        if (i == start) return false;
      }
    }
    if (i < s.size()) {
      if (s[i] == 'Z' && i + 1 == s.size()) {
        offsetMinutes = 0;
      } else if (s[i] == '+' || s[i] == '-') {
        int oh = 0, om = 0;
        if (!digits(s, i + 1, 2, oh)) return false;
        std::size_t j = i + 3;
        if (j < s.size() && s[j] == ':') ++j;
        if (j < s.size() && !digits(s, j, 2, om)) return false;
        if (j < s.size()) j += 2;
        if (j != s.size() || oh > 14 || om > 59) return false;
        offsetMinutes = (s[i] == '-' ? -1 : 1) * (oh * 60 + om);
      } else {
        return false;
      }
    }
  }
  if (h > 23 || mi > 59 || sec > 60) return false;
  // Stored as China Standard Time wall-clock seconds: months are bucketed in local time.
  out = static_cast<std::int64_t>(day) * 86400 + h * 3600 + mi * 60 + sec - offsetMinutes * 60 +
        8 * 3600;
  return true;
}

PaymentNetwork PaymentNetworkLoader::load(const Paths& paths, BadRowReport& report,
                                          std::vector<std::string>& warnings, unsigned threads,
                                          Timings* timings) {
  using Clock = std::chrono::steady_clock;
  auto seconds = [](Clock::time_point since) {
    return std::chrono::duration<double>(Clock::now() - since).count();
  };
  PaymentNetwork net;
  net.transactionsPath = paths.transactions.string();
  auto optional = [&](const std::filesystem::path& p, const char* what) {
    if (p.empty()) return false;
    if (std::filesystem::exists(p)) return true;
    warnings.push_back(std::string(what) + " " + p.string() + " is missing: analysed without it");
    return false;
  };
  if (optional(paths.firms, "firms file")) loadFirms(paths.firms, net, report);
  if (!std::filesystem::exists(paths.transactions))
    throw std::runtime_error("transactions file " + paths.transactions.string() +
                             " does not exist: give the path to transactions.csv");
  const auto transactionsStart = Clock::now();
  const std::clock_t transactionsCpuStart = std::clock();
  loadTransactions(paths.transactions, net, report, threads);
  if (timings) {
    timings->transactionsSeconds = seconds(transactionsStart);
    timings->transactionsCpuSeconds =
        static_cast<double>(std::clock() - transactionsCpuStart) / CLOCKS_PER_SEC;
  }
  if (optional(paths.holdings, "holdings file")) loadHoldings(paths.holdings, net, report);
  if (optional(paths.certificates, "certificates file"))
    loadCertificates(paths.certificates, net, report);
  const auto indexStart = Clock::now();
  net.buildIndexes();
  if (timings) timings->indexSeconds = seconds(indexStart);
  return net;
}

}  // namespace aviary::supplychain
