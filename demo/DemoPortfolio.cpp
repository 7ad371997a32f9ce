#include "DemoPortfolio.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <random>
#include <set>

#include <nlohmann/json.hpp>

#include "CredentialSimulator.h"
#include "CsvTable.h"
#include "DealerSelection.h"
#include "FeatureEncoder.h"
#include "ResourceLocator.h"
#include "SceneSimulator.h"
#include "SupplyChainSimulator.h"

namespace aviary::demo {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

json readJson(const fs::path& path) {
  std::ifstream in(path);
  return json::parse(in);
}

void writeJson(const fs::path& path, const json& value) {
  std::ofstream(path) << value.dump(2) << "\n";
}

// The applicant's own data: real loan applications, without their outcome.
class ApplicantSampler {
 public:
  explicit ApplicantSampler(unsigned seed)
      : table_(CsvTable::read(ResourceLocator::find("resources/demo/applicants.csv"))),
        random_(seed) {}
  json next() {
    const std::size_t row =
        std::uniform_int_distribution<std::size_t>(0, table_.rowCount() - 1)(random_);
    json applicant = json::object();
    for (std::size_t c = 0; c < table_.header().size(); ++c) {
      const std::string& cell = table_.row(row)[c];
      if (credit::FeatureEncoder::isMissing(cell))
        applicant[table_.header()[c]] = nullptr;
      else if (auto number = credit::FeatureEncoder::parseNumber(cell))
        applicant[table_.header()[c]] = *number;
      else
        applicant[table_.header()[c]] = cell;
    }
    return applicant;
  }

 private:
  CsvTable table_;
  std::mt19937 random_;
};

const char* const kShopsApplyOn = "2026-11-01";

json caseFile(const std::string& key, const json& merchant, double amount, const json& applicant,
              const json& inputs, const std::string& asOf = "2026-11-01") {
  return {{"idempotency_key", key},
          {"merchant", merchant},
          {"application",
           {{"requested_amount_cny", amount}, {"term_months", 12}, {"purpose", "working capital"}}},
          {"as_of", asOf},
          {"applicant", applicant},
          {"inputs", inputs}};
}

std::string ownerIdNumber(std::mt19937& random) {
  // A valid GB 11643 number: 17 digits and the ISO 7064 MOD 11-2 check character.
  static const int weights[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  std::string digits = "110105";
  digits += std::to_string(std::uniform_int_distribution<int>(1960, 1995)(random));
  char monthDay[5];
  std::snprintf(monthDay, sizeof monthDay, "%02d%02d",
                std::uniform_int_distribution<int>(1, 12)(random),
                std::uniform_int_distribution<int>(1, 28)(random));
  digits += monthDay;
  digits += std::to_string(std::uniform_int_distribution<int>(100, 999)(random));
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (digits[static_cast<std::size_t>(i)] - '0') * weights[i];
  return digits + "10X98765432"[sum % 11];
}

// Half the shops are clean; the others each carry one problem a real portfolio shows, in
// a fixed order, so every outcome can be traced back to the photos that caused it.
std::vector<std::string> plannedProblems(int shops) {
  static const char* const kCycle[] = {"", "expired_licence", "", "other_signboard",
                                       "", "blurred_photo",   "", "mismatched_invoice",
                                       "", "expired_lease"};
  std::vector<std::string> plan;
  for (int s = 0; s < shops; ++s) plan.push_back(kCycle[s % 10]);
  return plan;
}

}  // namespace

std::string DemoPortfolio::name(unsigned seed, int merchants) {
  return "demo-" + std::to_string(seed) + "-" + std::to_string(merchants);
}

fs::path DemoPortfolio::defaultDirectory(unsigned seed, int merchants) {
  const std::string folder = name(seed, merchants);
  if (geteuid() == 0) return "/var/lib/aviary/" + folder;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg != '\0')
    return fs::path(xdg) / "aviary" / folder;
  return fs::path(std::getenv("HOME") ? std::getenv("HOME") : "/tmp") / ".local" / "share" /
         "aviary" / folder;
}

std::vector<fs::path> DemoPortfolio::build(const Options& options,
                                           const std::function<void(const std::string&)>& step) {
  const fs::path root = options.directory;
  fs::create_directories(root / "cases");
  std::mt19937 random(options.seed);
  ApplicantSampler applicants(options.seed);
  const int farmers = std::max(1, options.merchants / 3);
  const int dealers = std::max(1, options.merchants / 3);
  const int shops = std::max(1, options.merchants - farmers - dealers);
  // Every draw depends on the portfolio's size as well as its seed (one random stream, and
  // the simulators' worlds grow with it), so the size is part of each case's key: seed 1 with
  // 60 merchants is another portfolio than seed 1 with 30, not the same keys with new content.
  const std::string prefix = name(options.seed, options.merchants) + "-";
  std::vector<fs::path> cases;
  std::uniform_real_distribution<double> unit(0, 1);

  step("simulating a year of Sentinel-2 scenes over " + std::to_string(2 * farmers) + " parcels");
  satellite::SceneSimulator::Options scenes;
  scenes.seed = options.seed;
  scenes.parcels = 2 * farmers;
  scenes.dates = 36;
  scenes.maxAreaMu = 120;
  satellite::SceneSimulator::write(root / "satellite", scenes);
  const json parcels = readJson(root / "satellite" / "parcels.geojson");
  static const char* const kFamilyNames[] = {"张", "王", "李", "赵", "刘",
                                             "陈", "杨", "黄", "周", "吴"};
  for (int f = 0; f < farmers; ++f) {
    json mine = {{"type", "FeatureCollection"}, {"features", json::array()}};
    for (std::size_t p = static_cast<std::size_t>(2 * f);
         p < static_cast<std::size_t>(2 * f + 2) && p < parcels["features"].size(); ++p) {
      json feature = parcels["features"][p];
      feature["properties"].erase("system");  // the truth stays with the simulator
      mine["features"].push_back(feature);
    }
    const std::string id = prefix + "farmer-" + std::to_string(f + 1);
    writeJson(root / "satellite" / (id + ".geojson"), mine);
    const std::string name =
        std::string(kFamilyNames[f % 10]) + "家庭农场 " + std::to_string(f + 1);
    const json merchant = {{"merchant_id", id},
                           {"name", name},
                           {"segment", "farmer"},
                           {"owner_name", std::string(kFamilyNames[f % 10]) + "建国"},
                           {"owner_id_number", ownerIdNumber(random)},
                           {"industry", "farming"}};
    const json inputs = {{"satellite",
                          {{"catalog", "../satellite/catalog.json"},
                           {"parcels", "../satellite/" + id + ".geojson"}}}};
    cases.push_back(root / "cases" / (id + ".json"));
    writeJson(cases.back(), caseFile(id, merchant, 10000 + 5000 * std::floor(unit(random) * 20),
                                     applicants.next(), inputs));
  }

  step("simulating a supply chain and its payments");
  supplychain::SupplyChainSimulator({options.seed, 3, 0.15}).write(root / "supplychain");
  const json truth = readJson(root / "supplychain" / "truth.json");
  const auto firms = CsvTable::read(root / "supplychain" / "firms.csv");
  std::map<std::string, std::vector<std::string>> firmRow;
  for (std::size_t r = 0; r < firms.rowCount(); ++r) firmRow[firms.row(r)[0]] = firms.row(r);
  std::set<std::string> firmIds;
  for (const auto& [id, row] : firmRow) firmIds.insert(id);
  const std::vector<std::string> candidates =
      DealerSelection::pick(truth, firmIds, dealers, random);
  for (std::size_t d = 0; d < candidates.size(); ++d) {
    const auto& row = firmRow[candidates[d]];
    const std::string id = prefix + "dealer-" + candidates[d];
    const json merchant = {{"merchant_id", id},
                           {"name", row[1]},
                           {"segment", "dealer"},
                           {"uscc", row[2]},
                           {"owner_name", "法人 " + row[4]},
                           {"owner_id_number", ownerIdNumber(random)},
                           {"industry", row[7]}};
    const json inputs = {{"supplychain",
                          {{"transactions", "../supplychain/transactions.csv"},
                           {"firms", "../supplychain/firms.csv"},
                           {"holdings", "../supplychain/holdings.csv"},
                           {"certificates", "../supplychain/certificates.csv"},
                           {"firm_id", candidates[d]}}}};
    cases.push_back(root / "cases" / (id + ".json"));
    // Dealers apply when their payment history ends, so their last 12 months hold trade.
    writeJson(cases.back(),
              caseFile(id, merchant, 50000 + 10000 * std::floor(unit(random) * 30),
                       applicants.next(), inputs, truth.value("as_of", "2026-01-01")));
  }

  step("photographing credentials of " + std::to_string(shops) + " shops");
  CredentialSimulator::Options photos;
  photos.seed = options.seed;
  photos.count = 5 + 6 * (shops - 1);  // the simulator changes merchant every sixth photo
  photos.kinds = {"business_license", "store_lease",          "electricity_bill",
                  "pos_settlement",   "vat_invoice_ordinary", "storefront_photo"};
  photos.asOf = kShopsApplyOn;  // their documents are current, unless a problem is planted
  photos.plantedProblems = plannedProblems(shops);
  CredentialSimulator().write(photos, (root / "credentials").string());
  // Photos by the simulator's merchant (two merchants may share a name).
  std::map<int, json> shopPhotos;
  std::ifstream index(root / "credentials" / "truth.jsonl");
  for (std::string line; std::getline(index, line);) {
    const json photo = json::parse(line);
    json& shop = shopPhotos[photo["merchant_index"].get<int>()];
    if (shop.is_null())
      shop = {{"name", photo["merchant"]},
              {"images", json::array()},
              {"uscc", ""},
              {"planted_problem", photo["planted_problem"]}};
    shop["images"].push_back("../credentials/" + photo["file"].get<std::string>());
    if (photo["kind"] == "business_license" && photo["fields"].contains("uscc"))
      shop["uscc"] = photo["fields"]["uscc"];
  }
  std::vector<json> shopOrder;
  for (auto& [merchantIndex, shop] : shopPhotos) shopOrder.push_back(shop);
  // What was planted where, for whoever traces a decision back to its photos; the truth stays
  // out of the case files.
  json planted = json::object();
  for (std::size_t s = 0; s < shopOrder.size(); ++s) {
    const std::string id = prefix + "shop-" + std::to_string(s + 1);
    const json& shop = shopOrder[s];
    const json merchant = {{"merchant_id", id},
                           {"name", shop["name"]},
                           {"segment", "shop"},
                           {"uscc", shop["uscc"]},
                           {"owner_id_number", ownerIdNumber(random)},
                           {"industry", "restaurant"}};
    const json inputs = {
        {"credentials", {{"images", shop["images"]}, {"merchant_name", shop["name"]}}}};
    planted[id] =
        shop["planted_problem"].get<std::string>().empty() ? "none" : shop["planted_problem"];
    cases.push_back(root / "cases" / (id + ".json"));
    writeJson(cases.back(), caseFile(id, merchant, 20000 + 5000 * std::floor(unit(random) * 16),
                                     applicants.next(), inputs, kShopsApplyOn));
  }
  writeJson(root / "credentials" / "planted.json", planted);
  return cases;
}

}  // namespace aviary::demo
