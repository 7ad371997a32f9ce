#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace aviary::supplychain {

// Interns party ids to dense integers 0..n-1 with an open-addressing hash table, so the
// graph works on integers and each id string is stored once.
class PartyTable {
 public:
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;

  std::uint32_t find(std::string_view id) const;
  // Returns the id's index, adding it if new.
  std::uint32_t intern(std::string_view id);
  // As intern(), and says whether the id was new.
  std::uint32_t intern(std::string_view id, bool& added);
  // As above with the id's hash() already computed.
  std::uint32_t intern(std::string_view id, std::uint64_t idHash, bool& added);
  // Starts loading the slot an id with this hash() lands in, for callers that look up many
  // ids: a lookup into a table larger than the caches costs one memory round trip, and
  // prefetching several ids ahead overlaps those round trips.
  void prefetch(std::uint64_t idHash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[idHash & mask_]);
  }
  std::size_t size() const { return ids_.size(); }
  const std::string& id(std::uint32_t index) const { return ids_[index]; }

  static std::uint64_t hash(std::string_view text);

 private:
  void grow();
  std::vector<std::string> ids_;
  // Ids of up to 12 bytes live in the slot itself, so a lookup costs one cache miss;
  // longer ones are compared against ids_.
  struct Slot {
    std::uint64_t head = 0;
    std::uint32_t tail = 0;
    std::uint32_t indexPlus1 = 0;  // 0 = empty; kLong bit = id longer than 12 bytes
  };
  static constexpr std::uint32_t kLong = 0x80000000u;
  static bool packable(std::string_view id);
  static Slot pack(std::string_view id);
  bool matches(const Slot& slot, const Slot& key, bool keyPackable, std::string_view id) const;
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
};

}  // namespace aviary::supplychain
