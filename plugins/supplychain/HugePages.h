#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace aviary::supplychain {

// Asks the kernel to back the 2 MB-aligned part of [data, data + bytes) with huge pages
// where it allows that (transparent huge pages in "madvise" mode). Tables looked up at
// random that are larger than the caches otherwise cost a TLB miss per lookup besides the
// cache miss, and every 4 KB of a fresh array one page fault. Only a hint: memory already
// touched keeps its pages, and where huge pages are off nothing changes.
inline void adviseHugePages(const void* data, std::size_t bytes) {
#ifdef MADV_HUGEPAGE
  constexpr std::uintptr_t kHuge = 2u << 20;
  if (bytes < 2 * kHuge) return;
  const auto begin = (reinterpret_cast<std::uintptr_t>(data) + kHuge - 1) & ~(kHuge - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(kHuge - 1);
  if (begin < end) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
  (void)data;
  (void)bytes;
#endif
}

// Reserves room for n elements in an empty vector, advised as above before it is touched.
template <class T>
void reserveOnHugePages(std::vector<T>& v, std::size_t n) {
  v.reserve(n);
  adviseHugePages(v.data(), v.capacity() * sizeof(T));
}

}  // namespace aviary::supplychain
