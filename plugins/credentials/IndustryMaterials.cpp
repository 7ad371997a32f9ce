#include "IndustryMaterials.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace aviary {

namespace {

// Limit shares are the weights the credit officer's checklist gives each material: the
// limit is set from documented revenue, so revenue evidence always weighs most.
MaterialNeed licence(double share) {
  return {"business_license",
          {"business_license"},
          "营业执照 (business licence)",
          share,
          "it shows who owns the business and how long it has traded; the limit grows with "
          "business age"};
}
MaterialNeed revenue(double share, const std::string& what) {
  return {"revenue",
          {"pos_settlement", "bank_statement"},
          "the last months' POS settlement or bank statement (收单结算单 / 银行流水)",
          share,
          "the limit is a multiple of documented monthly " + what +
              ": without it only a small starter limit is possible"};
}
MaterialNeed lease(double share) {
  return {"store_lease",
          {"store_lease", "property_certificate"},
          "the lease of your premises (房屋租赁合同), or the property certificate if you own them",
          share,
          "it shows you hold the premises for the term of the loan and what rent you carry"};
}
MaterialNeed utilities(double share, const std::string& why) {
  return {"utility_bills",
          {"electricity_bill", "water_bill", "gas_bill"},
          "recent electricity, water or gas bills (电费 / 水费 / 燃气费)",
          share,
          why};
}
MaterialNeed identity(double share) {
  return {"id_card_front",
          {"id_card_front"},
          "the front of your identity card (身份证人像面)",
          share,
          "it ties the documents to you; every loan needs it"};
}
MaterialNeed invoices(double share) {
  return {"invoices",
          {"vat_invoice_special", "vat_invoice_ordinary"},
          "VAT invoices you issued (增值税发票)",
          share,
          "invoices name your customers and put a checked figure on sales"};
}
MaterialNeed contracts(double share, const std::string& why) {
  return {
      "supply_contract", {"supply_contract"}, "a supply or sales contract (供货合同)", share, why};
}
MaterialNeed purchases(double share, const std::string& why) {
  return {
      "purchase_order", {"purchase_order"}, "recent purchase orders (采购单 / 进货单)", share, why};
}
MaterialNeed payroll(double share) {
  return {"payroll",
          {"payroll", "social_insurance"},
          "last month's payroll (工资表) or social insurance certificate",
          share,
          "staff costs show the size of the business and a floor under its turnover"};
}
MaterialNeed storefront(double share) {
  return {"storefront_photo",
          {"storefront_photo"},
          "a photo of your shop front with the signboard",
          share,
          "it shows the business trades at the address on the licence"};
}

bool containsAny(const std::string& text, const std::vector<std::string>& words) {
  return std::any_of(words.begin(), words.end(),
                     [&](const std::string& w) { return text.find(w) != std::string::npos; });
}

}  // namespace

const std::vector<std::string>& IndustryMaterials::industries() {
  static const std::vector<std::string> all = {"restaurant", "retail", "farm", "dealer",
                                               "workshop"};
  return all;
}

std::vector<MaterialNeed> IndustryMaterials::forIndustry(const std::string& industry) {
  std::vector<MaterialNeed> needs;
  if (industry == "restaurant") {
    needs = {licence(0.15),
             {"food_business_license",
              {"food_business_license"},
              "食品经营许可证 (food business licence)",
              0.15,
              "a restaurant may not trade without it; with it the licence risk is cleared"},
             revenue(0.25, "takings"),
             lease(0.10),
             utilities(0.08, "gas and electricity use follow how many meals you cook"),
             payroll(0.05),
             purchases(0.05, "regular food purchases show steady trade"),
             {"health_permit",
              {"health_permit"},
              "卫生许可证 (health permit)",
              0.04,
              "it shows the kitchen passed inspection"},
             storefront(0.04),
             identity(0.09)};
  } else if (industry == "retail") {
    needs = {licence(0.15),
             revenue(0.25, "sales"),
             purchases(0.12, "stock purchases show what you sell and how fast it turns"),
             lease(0.10),
             utilities(0.06, "bills show the shop is open every month"),
             {"tobacco_retail_license",
              {"tobacco_retail_license"},
              "烟草专卖零售许可证 (tobacco retail licence), if you sell tobacco",
              0.04,
              "tobacco sales are steady cash; selling without the licence is a risk"},
             invoices(0.05),
             storefront(0.05),
             identity(0.09),
             payroll(0.04)};
  } else if (industry == "farm") {
    needs = {{"land_contract",
              {"land_contract"},
              "农村土地承包经营权证 (land contract certificate)",
              0.25,
              "the land you farm and for how long sets what the harvest can repay"},
             contracts(0.20,
                       "a buyer's contract for the harvest shows the repayment is sold in "
                       "advance"),
             revenue(0.15, "sales of produce"),
             identity(0.15),
             purchases(0.08, "seed, feed and fertiliser bought show the season is under way"),
             {"vehicle_license",
              {"vehicle_license"},
              "机动车行驶证 (vehicle licence) of a farm vehicle",
              0.05,
              "a vehicle you own backs the loan"},
             {"property_certificate",
              {"property_certificate"},
              "不动产权证书 (property certificate)",
              0.07,
              "property you own backs the loan"},
             licence(0.05)};
  } else if (industry == "dealer") {
    needs = {licence(0.15),
             invoices(0.20),
             revenue(0.20, "turnover"),
             contracts(0.15, "contracts with your brand or your customers show repeat business"),
             purchases(0.08, "purchase orders show what you buy and from whom"),
             {"tax_certificate",
              {"tax_certificate"},
              "税收完税证明 (tax payment certificate)",
              0.07,
              "tax paid confirms the invoiced turnover"},
             lease(0.05),
             {"road_transport_permit",
              {"road_transport_permit"},
              "道路运输经营许可证 (road transport permit), if you deliver",
              0.03,
              "delivering goods needs it"},
             identity(0.07)};
  } else if (industry == "workshop") {
    needs = {licence(0.15),
             contracts(0.20, "orders from customers show the work that will repay the loan"),
             revenue(0.15, "turnover"),
             invoices(0.12),
             utilities(0.10, "power use follows how much the workshop produces"),
             lease(0.10),
             payroll(0.06),
             {"property_certificate",
              {"property_certificate"},
              "不动产权证书 (property certificate)",
              0.05,
              "property you own backs the loan"},
             identity(0.07)};
  } else {
    needs = {licence(0.20),  revenue(0.30, "sales"),
             lease(0.15),    utilities(0.10, "bills show the business is open every month"),
             identity(0.15), contracts(0.10, "contracts show repeat business")};
  }
  std::stable_sort(needs.begin(), needs.end(), [](const MaterialNeed& a, const MaterialNeed& b) {
    return a.limitShare > b.limitShare;
  });
  return needs;
}

std::string IndustryMaterials::fromAnswer(const std::string& answer) {
  std::string text;
  for (char c : answer)
    text.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  // Order matters: "food wholesale" is a dealer, "noodle shop" a restaurant.
  if (containsAny(text, {"restaurant", "餐", "饭", "面馆", "小吃", "食堂", "火锅", "烧烤", "奶茶",
                         "noodle", "canteen", "cafe", "snack bar", "food stall"}))
    return "restaurant";
  if (containsAny(text, {"farm", "种植", "养殖", "农", "果园", "鱼塘", "大棚", "crop", "orchard",
                         "livestock", "pig", "poultry", "种"}))
    return "farm";
  if (containsAny(text, {"dealer", "wholesale", "distribut", "批发", "经销", "代理", "agent"}))
    return "dealer";
  if (containsAny(text, {"workshop", "factory", "repair", "加工", "工厂", "厂", "维修", "作坊",
                         "manufactur", "garage", "carpent"}))
    return "workshop";
  if (containsAny(text, {"retail", "shop", "store", "grocery", "supermarket", "超市", "便利",
                         "百货", "零售", "小卖部", "商店", "店"}))
    return "retail";
  return "";
}

std::string IndustryMaterials::fromDocumentKinds(const std::vector<std::string>& kinds) {
  auto has = [&](const std::string& kind) {
    return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
  };
  if (has("food_business_license") || has("health_permit")) return "restaurant";
  if (has("land_contract")) return "farm";
  if (has("road_transport_permit")) return "dealer";
  if (has("tobacco_retail_license")) return "retail";
  return "";
}

}  // namespace aviary
