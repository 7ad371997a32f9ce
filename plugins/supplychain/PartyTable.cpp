#include "PartyTable.h"

#include "HugePages.h"

#include <algorithm>
#include <cstring>

namespace aviary::supplychain {

std::uint64_t PartyTable::hash(std::string_view text) {
  // Eight bytes at a time, each word folded in with a full avalanche (murmur3's fmix64):
  // ids differ only in a few digits, so every input bit must reach the low bits.
  auto fmix = [](std::uint64_t k) {
    k ^= k >> 33;
    k *= 0xFF51AFD7ED558CCDull;
    k ^= k >> 33;
    k *= 0xC4CEB9FE1A85EC53ull;
    k ^= k >> 33;
    return k;
  };
  std::uint64_t h = 0x9E3779B97F4A7C15ull ^ text.size();
  const char* p = text.data();
  std::size_t n = text.size();
  while (n >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    h = fmix(h ^ w) + 0x9E3779B97F4A7C15ull;
    p += 8;
    n -= 8;
  }
  std::uint64_t w = 0;
  std::memcpy(&w, p, n);
  return fmix(h ^ w);
}

bool PartyTable::packable(std::string_view id) {
  if (id.size() > 12) return false;
  for (char ch : id)
    if (ch == '\0') return false;
  return true;
}

PartyTable::Slot PartyTable::pack(std::string_view id) {
  Slot s;
  char bytes[12] = {};
  std::memcpy(bytes, id.data(), std::min<std::size_t>(id.size(), 12));
  std::memcpy(&s.head, bytes, 8);
  std::memcpy(&s.tail, bytes + 8, 4);
  return s;
}

bool PartyTable::matches(const Slot& slot, const Slot& key, bool keyPackable,
                         std::string_view id) const {
  if (slot.head != key.head || slot.tail != key.tail) return false;
  const bool longId = (slot.indexPlus1 & kLong) != 0;
  if (!longId && keyPackable) return true;
  return ids_[(slot.indexPlus1 & ~kLong) - 1] == id;
}

std::uint32_t PartyTable::find(std::string_view id) const {
  if (slots_.empty()) return kNone;
  const Slot key = pack(id);
  const bool keyPackable = packable(id);
  for (std::size_t i = hash(id) & mask_;; i = (i + 1) & mask_) {
    const Slot& s = slots_[i];
    if (s.indexPlus1 == 0) return kNone;
    if (matches(s, key, keyPackable, id)) return (s.indexPlus1 & ~kLong) - 1;
  }
}

std::uint32_t PartyTable::intern(std::string_view id) {
  bool added = false;
  return intern(id, added);
}

std::uint32_t PartyTable::intern(std::string_view id, bool& added) {
  return intern(id, hash(id), added);
}

std::uint32_t PartyTable::intern(std::string_view id, std::uint64_t idHash, bool& added) {
  if ((ids_.size() + 1) * 2 > slots_.size()) grow();
  const Slot key = pack(id);
  const bool keyPackable = packable(id);
  for (std::size_t i = idHash & mask_;; i = (i + 1) & mask_) {
    Slot& s = slots_[i];
    if (s.indexPlus1 == 0) {
      ids_.emplace_back(id);
      s = key;
      s.indexPlus1 = static_cast<std::uint32_t>(ids_.size()) | (keyPackable ? 0 : kLong);
      added = true;
      return static_cast<std::uint32_t>(ids_.size() - 1);
    }
    if (matches(s, key, keyPackable, id)) {
      added = false;
      return (s.indexPlus1 & ~kLong) - 1;
    }
  }
}

void PartyTable::grow() {
  const std::size_t capacity = slots_.empty() ? 1024 : slots_.size() * 2;
  std::vector<Slot> fresh;
  reserveOnHugePages(fresh, capacity);
  fresh.assign(capacity, Slot{});
  slots_.swap(fresh);
  mask_ = capacity - 1;
  for (std::uint32_t k = 0; k < ids_.size(); ++k) {
    std::size_t i = hash(ids_[k]) & mask_;
    while (slots_[i].indexPlus1 != 0) i = (i + 1) & mask_;
    slots_[i] = pack(ids_[k]);
    slots_[i].indexPlus1 = (k + 1) | (packable(ids_[k]) ? 0 : kLong);
  }
}

}  // namespace aviary::supplychain
