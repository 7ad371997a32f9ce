#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "BadRowReport.h"
#include "MappedFile.h"
#include "PartyTable.h"
#include "PaymentNetwork.h"

namespace aviary::supplychain {

// Parses and checks the transaction rows in one stretch of a mapped transactions.csv, so
// several stretches can be read at once on several cores. Party ids are interned into a
// table of the stretch's own; lines count from 0 at the stretch's first byte. The loader
// joins the stretches in file order.
class TransactionChunkParser {
 public:
  struct Bad {
    std::size_t line;
    std::string id;
    BadRowReport::Kind kind;
    std::string error;
  };
  struct Chunk {
    std::size_t begin = 0, end = 0;  // bytes parsed: records starting in [begin, stop)
    std::size_t lines = 0;           // newlines in [begin, end)
    std::vector<std::int64_t> time, cents;
    std::vector<MemoClass> memo;
    std::vector<std::uint32_t> memoKey, channelKey;  // textKey() of the memo and the channel
    std::vector<std::uint32_t> line;
    std::vector<std::uint32_t> payer, payee;  // indexes into parties
    std::vector<std::uint64_t> idHash;
    std::string idText;
    std::vector<std::uint64_t> idEnd;  // ends of the txn ids in idText
    PartyTable parties;
    // Each party's first non-empty name in the stretch, at nameAt[k] in nameText.
    std::string nameText;
    std::vector<std::uint64_t> nameAt;
    std::vector<std::uint32_t> nameSize;
    std::vector<Bad> bad;

    std::size_t rows() const { return time.size(); }
    std::string_view name(std::uint32_t party) const {
      return std::string_view(nameText).substr(nameAt[party], nameSize[party]);
    }
  };

  // `columns` gives the positions of txn_id, time, payer_id, payer_name, payee_id,
  // payee_name, amount, channel and memo (-1 when absent); `width` the header's column count.
  TransactionChunkParser(const MappedFile& file, const std::vector<int>& columns,
                         std::size_t width);

  // Parses the records that start in [begin, stop); the last may run past stop. The columns
  // get room for the rows of `reserveBytes` of text (0: of [begin, stop)).
  Chunk parse(std::size_t begin, std::size_t stop, std::size_t reserveBytes = 0) const;

 private:
  const MappedFile& file_;
  std::vector<int> columns_;
  std::size_t width_;
};

}  // namespace aviary::supplychain
