#include "CachedDocumentReader.h"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "Base64.h"
#include "DocumentAnnotator.h"
#include "DocumentReadingJson.h"
#include "Sha256.h"

namespace aviary {

CachedDocumentReader::CachedDocumentReader(PluginHost* host, std::string version, std::string asOf)
    : host_(host), version_(std::move(version)), asOf_(std::move(asOf)), reader_(asOf_) {}

DocumentReading CachedDocumentReader::read(const std::string& path, const std::string& name,
                                           std::vector<std::uint8_t>* annotated) const {
  std::string key;
  if (host_ != nullptr) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (in) key = "reading/" + version_ + "/" + asOf_ + "/" + sha256Hex(bytes.str());
  }
  if (!key.empty()) {
    const std::string remembered = host_->recall(key);
    const auto json = nlohmann::json::parse(remembered, nullptr, false);
    if (!remembered.empty() && json.is_object()) {
      DocumentReading reading = DocumentReadingJson::fromJson(json["reading"]);
      reading.file = name;
      reading.ocrEngine = json.value("ocr_engine", "");
      // The JSON form rounds confidences; the hash and page are kept exactly.
      if (json.contains("perceptual_hash")) {
        reading.perceptualHash = json["perceptual_hash"].get<std::uint64_t>();
        reading.hasPerceptualHash = true;
      }
      *annotated = decodeBase64(json.value("annotated", ""));
      return reading;
    }
  }
  CredentialReader::Page page;
  DocumentReading reading = reader_.readFile(path, name, &page);
  annotated->clear();
  if (reading.error.empty() && !reading.reshoot && !page.colour.empty())
    *annotated = DocumentAnnotator::annotatedJpeg(page.colour, reading);
  if (!key.empty()) {
    nlohmann::json json = {{"reading", DocumentReadingJson::toJson(reading)},
                           {"ocr_engine", reading.ocrEngine},
                           {"annotated", encodeBase64(*annotated)}};
    if (reading.hasPerceptualHash) json["perceptual_hash"] = reading.perceptualHash;
    host_->remember(key, json.dump());
  }
  return reading;
}

}  // namespace aviary
