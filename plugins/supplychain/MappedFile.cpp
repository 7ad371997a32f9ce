#include "MappedFile.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace aviary::supplychain {

MappedFile::MappedFile(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    throw std::runtime_error("cannot open " + path.string() + ": " + std::strerror(errno) +
                             "; check the path");
  std::error_code ec;
  size_ = static_cast<std::size_t>(std::filesystem::file_size(path, ec));
  if (ec) size_ = 0;
  if (size_ > 0) {
    void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
      const int error = errno;
      ::close(fd);
      throw std::runtime_error("cannot map " + path.string() +
                               " into memory: " + std::strerror(error));
    }
    data_ = static_cast<const char*>(p);
    // Read ahead generously: the parsers walk the file front to back.
    ::madvise(const_cast<char*>(data_), size_, MADV_SEQUENTIAL);
  }
  ::close(fd);
}

MappedFile::~MappedFile() {
  if (data_ && converted_.empty()) ::munmap(const_cast<char*>(data_), size_);
}

void MappedFile::replaceText(std::string text) {
  if (data_ && converted_.empty()) ::munmap(const_cast<char*>(data_), size_);
  converted_ = std::move(text);
  data_ = converted_.empty() ? nullptr : converted_.data();
  size_ = converted_.size();
}

void MappedFile::release(std::size_t begin, std::size_t end) const {
  static const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  end = std::min(end, size_);
  const std::size_t first = (begin + page - 1) / page * page, last = end / page * page;
  if (data_ && converted_.empty() && first < last)
    ::madvise(const_cast<char*>(data_) + first, last - first, MADV_DONTNEED);
}

}  // namespace aviary::supplychain
