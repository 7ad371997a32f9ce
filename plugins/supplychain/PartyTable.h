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
  std::size_t size() const { return ids_.size(); }
  const std::string& id(std::uint32_t index) const { return ids_[index]; }

  static std::uint64_t hash(std::string_view text);

 private:
  void grow();
  std::vector<std::string> ids_;
  std::vector<std::uint32_t> slots_;  // index + 1, 0 = empty
  std::size_t mask_ = 0;
};

}  // namespace aviary::supplychain
