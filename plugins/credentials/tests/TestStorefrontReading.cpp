#include <QtTest>

#include <filesystem>
#include <fstream>

#include <opencv2/imgcodecs.hpp>

#include "CredentialEvidenceSource.h"
#include "CredentialReader.h"
#include "CredentialSimulator.h"
#include "SignboardMatcher.h"

using namespace aviary;

namespace {

// Storefront scenes were tuned on seed 3; these seeds were not looked at while tuning.
constexpr std::uint32_t kHeldOutSeed = 6007;

std::vector<std::uint8_t> jpegOf(const cv::Mat& image) {
  std::vector<std::uint8_t> bytes;
  cv::imencode(".jpg", image, bytes, {cv::IMWRITE_JPEG_QUALITY, 85});
  return bytes;
}

}  // namespace

class TestStorefrontReading : public QObject {
  Q_OBJECT

 private slots:
  void matcherAcceptsTheShortNameAndSmallSlips() {
    const auto exact = SignboardMatcher::match("鸿运超市", 0.9, "杭州市鸿运超市有限公司");
    QVERIFY(exact.matches);
    QCOMPARE(exact.score, 1.0);
    // One character misread out of five still names the shop.
    QVERIFY(SignboardMatcher::match("奢源水果店", 0.7, "武汉市洪山区鑫源水果店").matches);
    // Same trade, another business.
    const auto other = SignboardMatcher::match("金福超市", 0.9, "杭州市鸿运超市有限公司");
    QVERIFY2(!other.matches, std::to_string(other.score).c_str());
    QVERIFY(other.confidence > 0.0);
    QVERIFY(!SignboardMatcher::match("", 0.9, "杭州市鸿运超市有限公司").matches);
  }

  void heldOutStorefrontsMatchTheirMerchant() {
    CredentialSimulator::Options options;
    options.seed = kHeldOutSeed;
    options.count = 16;
    options.kinds = {"storefront_photo"};
    const CredentialReader reader("2026-11-26");
    int found = 0, decided = 0, mismatches = 0, lighting = 0, front = 0;
    std::string log;
    for (const auto& photo : CredentialSimulator().generate(options)) {
      const DocumentReading reading = reader.readBytes(jpegOf(photo.image), photo.name + ".jpg");
      const auto& truth = photo.truth.at("fields");
      const bool expected = truth.at("signboard_matches_merchant").get<bool>();
      mismatches += !expected;
      if (reading.kind != "storefront_photo") {
        log += photo.name + ": " + reading.kind + " " + reading.error + "; ";
        continue;
      }
      ++found;
      const auto& sign = reading.fields.at("signboard_text");
      const bool matched =
          SignboardMatcher::match(sign.value, sign.confidence, photo.truth.at("merchant")).matches;
      decided += matched == expected;
      lighting += reading.fieldValue("scene_lighting") == truth.at("scene_lighting");
      front += reading.fieldValue("shopfront") == truth.at("shopfront");
      QVERIFY(reading.fieldValue("scene").find("confidence") != std::string::npos);
      if (matched != expected) log += photo.name + " read '" + sign.value + "'; ";
    }
    qInfo("boards found %d/16, match decisions %d, lighting %d, shop front %d; %s", found, decided,
          lighting, front, log.c_str());
    QVERIFY2(mismatches >= 1, "the simulator must render some mismatching boards");
    // Floors below what the bench measured on other held-out seeds (see the report).
    QVERIFY2(found >= 13, log.c_str());
    QVERIFY2(decided >= 12, log.c_str());
    QVERIFY2(lighting >= 12, log.c_str());
    QVERIFY2(front >= 11, log.c_str());
  }

  void assessReportsTheSignboardMatch() {
    QTemporaryDir directory;
    CredentialSimulator::Options options;
    options.seed = kHeldOutSeed + 1;
    options.count = 4;
    options.kinds = {"storefront_photo"};
    const auto folder = std::filesystem::path(directory.path().toStdString());
    CredentialSimulator().write(options, folder.string());
    nlohmann::json images = nlohmann::json::array();
    std::string merchant;
    for (const auto& entry : std::filesystem::directory_iterator(folder))
      if (entry.path().extension() == ".jpg") {
        images.push_back(entry.path().filename().string());
        std::ifstream truth(folder / (entry.path().stem().string() + ".json"));
        merchant = nlohmann::json::parse(truth).at("merchant").get<std::string>();
      }
    AssessmentRequest request;
    request.merchantId = "M1";
    request.asOf = "2026-11-26";
    request.baseDirectory = folder.string();
    request.inputsJson = nlohmann::json{{"images", images}, {"merchant_name", merchant}}.dump();
    CredentialEvidenceSource source;
    const Evidence evidence = source.assess(request);
    QVERIFY(evidence.ok());
    QVERIFY(evidence.features.count("signboard_match"));
    const double score = evidence.features.at("signboard_match");
    QVERIFY(score >= 0.0 && score <= 1.0);
    int matchFacts = 0, sceneFacts = 0;
    for (const auto& fact : evidence.facts) {
      matchFacts += fact.name == "storefront_matches_business_name";
      sceneFacts += fact.name == "storefront_scene";
      if (fact.name == "storefront_scene")
        QVERIFY(fact.provenance.confidence > 0.0 && fact.provenance.confidence < 1.0);
    }
    QVERIFY(matchFacts >= 3);
    QCOMPARE(sceneFacts, matchFacts);
    QVERIFY(source.describe().findFeature("signboard_match") != nullptr);
  }
};

QTEST_GUILESS_MAIN(TestStorefrontReading)
#include "TestStorefrontReading.moc"
