#include "HeapReturnPolicy.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace aviary {

bool HeapReturnPolicy::returnLargeBlocks() {
#if defined(__GLIBC__)
  // Setting M_MMAP_THRESHOLD turns glibc's dynamic adjustment of it off (mallopt(3)).
  return mallopt(M_MMAP_THRESHOLD, static_cast<int>(kMmapThreshold)) == 1;
#else
  return false;
#endif
}

}  // namespace aviary
