#include "PartyTable.h"

#include <cstring>

namespace aviary::supplychain {

std::uint64_t PartyTable::hash(std::string_view text) {
  // Eight bytes at a time with a multiply-xorshift mix; ids are short.
  std::uint64_t h = 0x9E3779B97F4A7C15ull ^ text.size();
  const char* p = text.data();
  std::size_t n = text.size();
  while (n >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
    p += 8;
    n -= 8;
  }
  std::uint64_t w = 0;
  std::memcpy(&w, p, n);
  h = (h ^ w) * 0x94D049BB133111EBull;
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ull;
  return h ^ (h >> 32);
}

std::uint32_t PartyTable::find(std::string_view id) const {
  if (slots_.empty()) return kNone;
  for (std::size_t i = hash(id) & mask_;; i = (i + 1) & mask_) {
    const std::uint32_t s = slots_[i];
    if (s == 0) return kNone;
    if (ids_[s - 1] == id) return s - 1;
  }
}

std::uint32_t PartyTable::intern(std::string_view id) {
  if ((ids_.size() + 1) * 2 > slots_.size()) grow();
  for (std::size_t i = hash(id) & mask_;; i = (i + 1) & mask_) {
    const std::uint32_t s = slots_[i];
    if (s == 0) {
      ids_.emplace_back(id);
      slots_[i] = static_cast<std::uint32_t>(ids_.size());
      return static_cast<std::uint32_t>(ids_.size() - 1);
    }
    if (ids_[s - 1] == id) return s - 1;
  }
}

void PartyTable::grow() {
  const std::size_t capacity = slots_.empty() ? 1024 : slots_.size() * 2;
  slots_.assign(capacity, 0);
  mask_ = capacity - 1;
  for (std::uint32_t k = 0; k < ids_.size(); ++k) {
    std::size_t i = hash(ids_[k]) & mask_;
    while (slots_[i] != 0) i = (i + 1) & mask_;
    slots_[i] = k + 1;
  }
}

}  // namespace aviary::supplychain
