#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "CredentialReader.h"
#include "DocumentReading.h"
#include "PluginHost.h"

namespace aviary {

// Reads a document once per content: the reading (and its annotated page) is kept in the
// host's memo under the hash of the file's bytes, the reader's version and the day it is
// judged on. A merchant sending photos one by one, and an interview asking after each answer,
// then cost one OCR per photo instead of one per photo per request.
class CachedDocumentReader {
 public:
  CachedDocumentReader(PluginHost* host, std::string version, std::string asOf);

  // As CredentialReader::readFile; `annotated` gets the page drawn with what was read (empty
  // when no page was found). Throws only when the OCR models themselves are missing.
  DocumentReading read(const std::string& path, const std::string& name,
                       std::vector<std::uint8_t>* annotated) const;

 private:
  PluginHost* host_;
  std::string version_;
  std::string asOf_;
  CredentialReader reader_;
};

}  // namespace aviary
