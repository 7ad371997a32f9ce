#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace aviary::supplychain {

// A file mapped read-only into memory, so parsers work on it in place without copying it
// through read buffers.
class MappedFile {
 public:
  // Throws std::runtime_error when the file cannot be opened or mapped.
  explicit MappedFile(const std::filesystem::path& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::string_view text() const { return {data_, size_}; }
  // Puts `text`, the file's bytes converted to another encoding, in place of the mapping.
  void replaceText(std::string text);

  // Hands the whole pages inside [begin, end) back to the kernel. Mapped pages count as this
  // process's memory until then; touching them again reads them from the file once more.
  void release(std::size_t begin, std::size_t end) const;

 private:
  const char* data_ = nullptr;
  std::size_t size_ = 0;
  std::string converted_;  // the text when replaceText() was called; nothing is mapped then
};

}  // namespace aviary::supplychain
