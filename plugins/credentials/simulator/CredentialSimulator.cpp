#include "CredentialSimulator.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>

#include <opencv2/imgcodecs.hpp>

#include "DocumentCatalog.h"
#include "DocumentContentGenerator.h"
#include "DocumentPageRenderer.h"
#include "PhotoDegrader.h"
#include "PhotoVariety.h"
#include "StorefrontScene.h"

namespace aviary {

std::vector<std::string> CredentialSimulator::renderedKinds() {
  std::vector<std::string> kinds;
  for (const KindSpec& kind : DocumentCatalog::kinds())
    if (kind.code != "premises_photo" && kind.code != "sales_receipt") kinds.push_back(kind.code);
  return kinds;
}

std::vector<std::string> CredentialSimulator::plantableProblems() {
  return {"expired_licence", "other_signboard", "blurred_photo", "mismatched_invoice",
          "expired_lease"};
}

std::vector<SimulatedPhoto> CredentialSimulator::generate(const Options& options) const {
  std::mt19937 random(options.seed * 2654435761u + 17u);
  DocumentContentGenerator content(random);
  content.setAsOf(options.asOf);
  const bool planned = !options.plantedProblems.empty();
  int blurredMerchant = -1;  // the merchant whose one photo was blurred on purpose
  DocumentPageRenderer renderer;
  PhotoDegrader degrader;
  const std::vector<std::string> kinds = options.kinds.empty() ? renderedKinds() : options.kinds;
  std::vector<SimulatedPhoto> photos;
  SyntheticMerchant merchant = content.merchant();
  const int offset = std::uniform_int_distribution<int>(0, 1000)(random);
  for (int i = 0; i < options.count; ++i) {
    if (i % 6 == 5) merchant = content.merchant();
    const int merchantIndex = (i + 1) / 6;  // the first merchant has five photos, then six
    const std::string problem =
        merchantIndex < static_cast<int>(options.plantedProblems.size())
            ? options.plantedProblems[static_cast<std::size_t>(merchantIndex)]
            : "";
    const std::string kind = kinds[static_cast<std::size_t>(i + offset) % kinds.size()];
    const int layout = std::uniform_int_distribution<int>(0, 2)(random);
    PhotoDegrader::Fault fault = PhotoDegrader::Fault::None;
    if (planned) {
      if (problem == "blurred_photo" && blurredMerchant != merchantIndex &&
          kind != "storefront_photo" && kind != "business_license") {
        fault = PhotoDegrader::Fault::Blur;
        blurredMerchant = merchantIndex;
      }
    } else if (std::uniform_real_distribution<double>(0, 1)(random) < options.reshootShare) {
      fault = static_cast<PhotoDegrader::Fault>(std::uniform_int_distribution<int>(1, 5)(random));
    }
    SimulatedPhoto photo;
    char stem[96];
    std::snprintf(stem, sizeof stem, "%04d_%s", i, kind.c_str());
    photo.name = stem;
    nlohmann::json fields = nlohmann::json::object();
    nlohmann::json keys = nlohmann::json::array();
    cv::Mat page;
    bool photographed = false;
    if (kind == "storefront_photo") {
      // A quarter of storefronts show another business's board (a borrowed or old photo).
      StorefrontScene scene;
      const bool matches = planned ? problem != "other_signboard"
                                   : std::uniform_real_distribution<double>(0, 1)(random) >= 0.25;
      scene.signboard = merchant.shortName;
      // Another business's board: one whose name differs (brand and trade words repeat
      // across simulated merchants, so draw until it does).
      for (int attempt = 0; !matches && attempt < 20 && scene.signboard == merchant.shortName;
           ++attempt)
        scene.signboard = content.merchant().shortName;
      scene.night = std::uniform_real_distribution<double>(0, 1)(random) < 0.3;
      scene.shuttered = std::uniform_real_distribution<double>(0, 1)(random) < 0.3;
      photo.image = renderer.renderStorefront(scene, random);
      photographed = true;
      fault = PhotoDegrader::Fault::None;  // a street scene has no page to cut off or glare
      fields["signboard_text"] = scene.signboard;
      fields["signboard_matches_merchant"] = matches;
      fields["scene_lighting"] = scene.night ? "night" : "daylight";
      fields["shopfront"] = scene.shuttered ? "shuttered" : "open";
      keys.push_back("signboard_text");
    } else {
      SyntheticDocument doc = content.document(kind, merchant, layout);
      if (!problem.empty()) content.plant(problem, merchant, doc);
      page = renderer.render(doc, random);
      for (const auto& [name, value] : doc.truth) fields[name] = value;
      keys = doc.keyFields;
    }
    PhotoVariety::Shape shape = PhotoVariety::Shape::DarkTable;
    if (!photographed && options.variety && fault == PhotoDegrader::Fault::None)
      shape = static_cast<PhotoVariety::Shape>(std::uniform_int_distribution<int>(0, 2)(random));
    if (shape == PhotoVariety::Shape::LightDesk)
      photo.image = PhotoVariety::onLightDesk(page, random);
    else if (shape == PhotoVariety::Shape::Scan)
      photo.image = PhotoVariety::asScan(page, random);
    else if (!photographed)
      photo.image = degrader.photograph(page, fault, random);
    photo.truth = {{"file", photo.name + ".jpg"},
                   {"kind", kind},
                   {"layout", layout},
                   {"merchant", merchant.name},
                   {"merchant_index", merchantIndex},
                   {"planted_problem", problem},
                   {"fields", fields},
                   {"key_fields", keys},
                   {"fault", PhotoDegrader::toString(fault)},
                   {"shape", PhotoVariety::toString(shape)},
                   {"reshoot_expected", fault != PhotoDegrader::Fault::None}};
    photos.push_back(std::move(photo));
  }
  return photos;
}

int CredentialSimulator::write(const Options& options, const std::string& directory) const {
  std::filesystem::create_directories(directory);
  std::mt19937 random(options.seed + 99u);
  std::ofstream index(std::filesystem::path(directory) / "truth.jsonl");
  if (!index) throw std::runtime_error("cannot write " + directory + "/truth.jsonl");
  int written = 0;
  for (const SimulatedPhoto& photo : generate(options)) {
    const int quality = std::uniform_int_distribution<int>(60, 95)(random);
    const auto imagePath = std::filesystem::path(directory) / (photo.name + ".jpg");
    if (!cv::imwrite(imagePath.string(), photo.image, {cv::IMWRITE_JPEG_QUALITY, quality}))
      throw std::runtime_error("cannot write " + imagePath.string());
    std::ofstream(std::filesystem::path(directory) / (photo.name + ".json"))
        << photo.truth.dump(2) << "\n";
    index << photo.truth.dump() << "\n";
    ++written;
  }
  return written;
}

}  // namespace aviary
