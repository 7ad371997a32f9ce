#include "WorkbenchSampleCases.h"

#include <QBuffer>
#include <QDate>
#include <QImage>
#include <QPainter>
#include <QPainterPath>
#include <cmath>

#include "Base64.h"
#include "CaseRepository.h"
#include "CreditRiskModel.h"
#include "DecisionKernel.h"
#include "EvidenceJson.h"
#include "PolicyRuleSet.h"
#include "SampleCaseJson.h"

namespace aviary::testing {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string pngBase64(const QImage& image, const char* format = "PNG") {
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  image.save(&buffer, format);
  return bytes.toBase64().toStdString();
}

// A parcel quicklook like ParcelQuicklook's: true colour left, NDVI right, outside transparent.
QImage quicklook(int seed) {
  const int w = 48, h = 36;
  QImage image(2 * w + 4, h, QImage::Format_ARGB32);
  image.fill(Qt::transparent);
  QPainterPath parcel;
  parcel.moveTo(6 + seed, 4);
  parcel.lineTo(w - 5, 7 + seed);
  parcel.lineTo(w - 9, h - 5);
  parcel.lineTo(9, h - 3 - seed);
  parcel.closeSubpath();
  QPainter painter(&image);
  for (int panel = 0; panel < 2; ++panel) {
    painter.save();
    painter.translate(panel * (w + 4), 0);
    painter.setClipPath(parcel);
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) {
        const double v = 0.5 + 0.4 * std::sin(x * 0.3 + seed) * std::cos(y * 0.25);
        painter.setPen(panel == 0 ? QColor(int(90 + 60 * v), int(120 + 70 * v), int(60 + 30 * v))
                                  : QColor(int(200 * (1 - v)), int(60 + 180 * v), 40));
        painter.drawPoint(x, y);
      }
    painter.restore();
  }
  return image;
}

QImage documentPhoto(const QString& title, const QStringList& lines, bool cutOff) {
  QImage image(520, 380, QImage::Format_RGB32);
  image.fill(QColor(96, 84, 72));
  QPainter painter(&image);
  painter.setRenderHint(QPainter::Antialiasing);
  QPolygonF page;
  page << QPointF(40, 24) << QPointF(488, 34) << QPointF(478, cutOff ? 400 : 356)
       << QPointF(30, cutOff ? 400 : 348);
  painter.setBrush(QColor(250, 248, 240));
  painter.setPen(Qt::NoPen);
  painter.drawPolygon(page);
  QFont font = painter.font();
  font.setPixelSize(22);
  painter.setFont(font);
  painter.setPen(Qt::black);
  painter.drawText(QRect(40, 40, 440, 36), Qt::AlignCenter, title);
  font.setPixelSize(15);
  painter.setFont(font);
  for (int i = 0; i < lines.size(); ++i) painter.drawText(70, 110 + 40 * i, lines[i]);
  painter.setPen(QPen(QColor(200, 30, 30), 3));
  painter.drawEllipse(QPointF(400, 290), 38, 38);
  return image;
}

json field(const std::string& value, double confidence, int line) {
  return {{"value", value}, {"confidence", confidence}, {"box", {160, 92 + 40 * line, 240, 26}}};
}

}  // namespace

json WorkbenchSampleCases::satelliteEvidence(bool hazard) {
  json parcels = json::array(), artifacts = json::array(), facts = json::array(),
       rows = json::array();
  const std::vector<std::string> ids = {"P-101", "P-102"};
  for (std::size_t p = 0; p < ids.size(); ++p) {
    const bool flooded = hazard && p == 1;
    json dates = json::array(), ndvi = json::array(), normal = json::array(),
         cloudy = json::array(), rejected = json::array(), smoothed = json::array();
    for (int i = 0; i < 40; ++i) {
      const int doy = 91 + 5 * i;
      char date[16];
      const QDate d = QDate(2026, 1, 1).addDays(doy - 1);
      std::snprintf(date, sizeof date, "%04d-%02d-%02d", d.year(), d.month(), d.day());
      const double curve = 0.18 + 0.62 * std::exp(-std::pow((doy - 200) / 38.0, 2));
      const bool isCloudy = (i * 7 + static_cast<int>(p)) % 6 == 0;
      double value =
          curve * (flooded && doy > 190 && doy < 215 ? 0.55 : 1.0) + 0.02 * std::sin(i * 1.7 + p);
      if (isCloudy) value = 0.05 + 0.03 * std::sin(i);
      dates.push_back(date);
      ndvi.push_back(std::round(value * 1000) / 1000);
      normal.push_back(std::round(curve * 1000) / 1000);
      cloudy.push_back(isCloudy);
      // Some looks were left out for haze: the chart draws them apart from the cloudy ones.
      rejected.push_back(!isCloudy ? json(nullptr) : json(i % 4 == 1 ? "haze" : "cloudy"));
    }
    for (int d = 0; d < 365; d += 5) smoothed.push_back(0.2);
    json hazards = json::array();
    if (flooded)
      hazards.push_back(
          {{"type", "flood"}, {"start", "2026-07-10"}, {"end", "2026-07-31"}, {"severity", 0.6}});
    artifacts.push_back({{"kind", "time_series"},
                         {"name", "ndvi_series:" + ids[p]},
                         {"title", "NDVI of parcel " + ids[p] + " against the normal maize curve"},
                         {"media_type", "application/json"},
                         {"data",
                          {{"parcel_id", ids[p]},
                           {"system", "maize"},
                           {"dates", dates},
                           {"ndvi", ndvi},
                           {"normal", normal},
                           {"cloudy", cloudy},
                           {"rejected", rejected},
                           {"smoothed_every_5_days", smoothed},
                           {"hazards", hazards}}}});
    artifacts.push_back(
        {{"kind", "image"},
         {"name", "quicklook:" + ids[p]},
         {"title", "Parcel " + ids[p] + ": true colour and NDVI on its clearest day"},
         {"media_type", "image/png"},
         {"bytes_base64", pngBase64(quicklook(static_cast<int>(p) * 3))}});
    json rowHazards = json::array();
    if (flooded) {
      rowHazards.push_back({{"type", "flood"}, {"from", "2026-07-10"}, {"to", "2026-07-31"}});
      rowHazards.push_back(
          {{"type", "pest"}, {"from", "2026-08-14"}, {"to", "2026-08-24"}, {"basis", "peers"}});
    }
    rows.push_back({{"parcel_id", ids[p]},
                    {"crop", "maize"},
                    {"best_guess", "maize"},
                    {"confidence", p == 0 ? 0.91 : 0.84},
                    {"area_mu", p == 0 ? 12.4 : 8.15},
                    {"condition", p == 0 ? "good" : (flooded ? "poor" : "normal")},
                    {"expected_value_cny", p == 0 ? 15600 : (flooded ? 6100 : 9800)},
                    {"hazards", rowHazards},
                    {"flags", p == 0 ? json::array({"season_unseen"}) : json::array()}});
    if (p == 0) rows.back()["unseen"] = {{"from", "2026-06-01"}, {"to", "2026-07-05"}};
    facts.push_back(
        {{"name", "parcel"},
         {"value",
          p == 0
              ? std::string("maize on 12.4 mu, condition good, expected value 15600 cny")
              : std::string("maize on 8.15 mu, condition ") + (flooded ? "poor" : "normal") +
                    ", expected value " + (flooded ? "6100" : "9800") + " cny" +
                    (flooded ? "; flood 2026-07-10..2026-07-31; pest 2026-08-14..2026-08-24 (peers)"
                             : "")},
         {"reference", "parcel:" + ids[p]},
         {"method", "xgboost+geodesic"},
         {"confidence", p == 0 ? 0.91 : 0.84}});
  }
  facts.push_back({{"name", "calibration"},
                   {"value",
                    "probabilities flattened at temperature 1.37, fitted on regions the trees "
                    "never saw; it rises with how far the batch's seasons stray from crops.csv's "
                    "curves (median error 0.028 NDVI; the training regions' 0.033)"},
                   {"reference", "batch"},
                   {"method", "xgboost temperature"},
                   {"confidence", 1.0}});
  artifacts.push_back({{"kind", "table"},
                       {"name", "parcels"},
                       {"title", "Crop, area, condition, value and hazards of each parcel"},
                       {"media_type", "application/json"},
                       {"data", {{"schema", "aviary.satellite.parcels/1"}, {"rows", rows}}}});
  return {{"source_id", "satellite"},
          {"source_version", "1.0.0"},
          {"status", "ok"},
          {"error", ""},
          {"features",
           {{"total_area_mu", 20.55},
            {"expected_value_cny", hazard ? 21700.0 : 25400.0},
            {"crop_confidence", 0.88},
            {"declared_match_ratio", 1.0},
            {"hazard_count", hazard ? 1 : 0},
            {"condition_score", hazard ? 0.45 : 0.62},
            {"expected_yield_kg", 11800},
            {"fallow_share", 0},
            {"parcels_assessed", 2},
            {"parcels_failed", 0}}},
          {"facts", facts},
          {"warnings", json::array()},
          {"artifacts", artifacts},
          {"timings", json::array()}};
}

json WorkbenchSampleCases::supplyChainEvidence(bool ring) {
  json nodes = {{{"id", "B1"},
                 {"name", "Golden Harvest Seeds"},
                 {"role", "brand"},
                 {"tier", 0},
                 {"brand", "B1"}},
                {{"id", "D1"},
                 {"name", "Huabei Agri Distribution"},
                 {"role", "distributor"},
                 {"tier", 1},
                 {"brand", "B1"}},
                {{"id", "D2"},
                 {"name", "Jinan Farm Supply"},
                 {"role", "distributor"},
                 {"tier", 1},
                 {"brand", "B1"}},
                {{"id", "F-1001"},
                 {"name", "Li Dealer Co."},
                 {"role", "wholesaler"},
                 {"tier", 2},
                 {"brand", "B1"}}};
  json edges = {{{"from", "B1"}, {"to", "D1"}, {"amount_cny", 2400000.0}, {"type", "supplies"}},
                {{"from", "B1"}, {"to", "D2"}, {"amount_cny", 1300000.0}, {"type", "supplies"}},
                {{"from", "D1"}, {"to", "F-1001"}, {"amount_cny", 640000.0}, {"type", "supplies"}},
                {{"from", "D2"}, {"to", "F-1001"}, {"amount_cny", 210000.0}, {"type", "supplies"}}};
  for (int r = 1; r <= 6; ++r) {
    const std::string id = "R" + std::to_string(r);
    nodes.push_back({{"id", id},
                     {"name", "Village store " + std::to_string(r)},
                     {"role", "retailer"},
                     {"tier", 3},
                     {"brand", "B1"}});
    edges.push_back(
        {{"from", "F-1001"}, {"to", id}, {"amount_cny", 20000.0 * r}, {"type", "supplies"}});
  }
  json facts = {
      {{"name", "role"},
       {"value", "wholesaler, tier 2, sources B1"},
       {"reference", "transactions.csv"},
       {"method", "supply-relation graph"},
       {"confidence", 1.0}},
      {{"name", "supplier"},
       {"value", "D1 (Huabei Agri Distribution): 38 payments, 640000 CNY; monthly orders"},
       {"reference", "transactions.csv:D1->F-1001"},
       {"method", "payment-pattern scoring"},
       {"confidence", 0.93}},
      {{"name", "standing_rests_on"},
       {"value", "D1 (distributor): 71% of its trust"},
       {"reference", "party:D1"},
       {"method", "trustrank"},
       {"confidence", 1.0}},
      {{"name", "standing_rests_on"},
       {"value", "D2 (distributor): 29% of its trust"},
       {"reference", "party:D2"},
       {"method", "trustrank"},
       {"confidence", 1.0}}};
  json findings = json::array();
  if (ring) {
    findings.push_back({{"type", "circular_trade"},
                        {"detail", "3-party cycle closed within 4 days, amounts within 2%"},
                        {"members", {"F-1001", "X7", "X8"}},
                        {"transactions", {"T9001", "T9002", "T9003"}}});
    nodes.push_back(
        {{"id", "X7"}, {"name", "Shengda Trading"}, {"role", "other"}, {"tier", nullptr}});
    nodes.push_back(
        {{"id", "X8"}, {"name", "Yuantong Commerce"}, {"role", "other"}, {"tier", nullptr}});
    edges.push_back({{"from", "F-1001"},
                     {"to", "X7"},
                     {"amount_cny", 500000.0},
                     {"type", "circular_trade"},
                     {"txn_id", "T9001"}});
    edges.push_back({{"from", "X7"},
                     {"to", "X8"},
                     {"amount_cny", 496000.0},
                     {"type", "circular_trade"},
                     {"txn_id", "T9002"}});
    edges.push_back({{"from", "X8"},
                     {"to", "F-1001"},
                     {"amount_cny", 492000.0},
                     {"type", "circular_trade"},
                     {"txn_id", "T9003"}});
    facts.push_back(
        {{"name", "circular_trade"},
         {"value", "3-party cycle closed within 4 days, amounts within 2%; members F-1001, X7, X8"},
         {"reference", "txn:T9001,T9002,T9003"},
         {"method", "temporal cycle search"},
         {"confidence", 1.0}});
  }
  facts.push_back({{"name", "suggested_limit_cny"},
                   {"value", "310000 CNY"},
                   {"reference", "transactions.csv"},
                   {"method", "own trade flow x stability x standing x risk"},
                   {"confidence", 1.0}});
  json months = json::array(), values = json::array();
  for (int m = 0; m < 12; ++m) {
    char label[16];
    std::snprintf(label, sizeof label, "%04d-%02d", 2025 + (m + 10) / 12, (m + 10) % 12 + 1);
    months.push_back(label);
    values.push_back(std::round(70000 + 25000 * std::sin(m * 0.52) + 1000 * m));
  }
  return {{"source_id", "supplychain"},
          {"source_version", "1.0.0"},
          {"status", "ok"},
          {"error", ""},
          {"features",
           {{"monthly_purchase_cny", 70833.0},
            {"purchase_stability", 0.74},
            {"months_active", 36},
            {"supplier_concentration", 0.62},
            {"downstream_count", 6},
            {"network_standing", 0.41},
            {"circular_trade", ring ? 1 : 0},
            {"shell_suspect", 0},
            {"purchase_trend", 0.012},
            {"supplier_count", 2},
            {"buyer_count", 6},
            {"tier", 2},
            {"brand_count", 1},
            {"certified", 1},
            {"failed_affiliate", 0},
            {"supplier_loss", 0},
            {"suggested_limit_cny", 310000}}},
          {"facts", facts},
          {"warnings", json::array()},
          {"artifacts",
           {{{"kind", "graph"},
             {"name", "supply_neighbourhood:F-1001"},
             {"title", "Trade neighbourhood of F-1001 (Li Dealer Co.)"},
             {"media_type", "application/json"},
             {"data", {{"nodes", nodes}, {"edges", edges}}}},
            {{"kind", "time_series"},
             {"name", "monthly_purchases:F-1001"},
             {"title", "Monthly purchases of F-1001 from its suppliers"},
             {"media_type", "application/json"},
             {"data", {{"unit", "cny"}, {"months", months}, {"values", values}}}},
            {{"kind", "table"},
             {"name", "findings"},
             {"title", "Risk findings and what the standing rests on"},
             {"media_type", "application/json"},
             {"data",
              {{"schema", "aviary.supplychain.findings/1"},
               {"findings", findings},
               {"standing",
                {{{"party", "D1"}, {"role", "distributor"}, {"share", 0.71}},
                 {{"party", "D2"}, {"role", "distributor"}, {"share", 0.29}}}}}}}}},
          {"timings", json::array()}};
}

json WorkbenchSampleCases::credentialEvidence(bool problems) {
  json artifacts = json::array();
  const json page = {{40, 24}, {488, 34}, {478, 356}, {30, 348}};
  artifacts.push_back(
      {{"kind", "image"},
       {"name", "document:licence.jpg"},
       {"title", "Business licence"},
       {"media_type", "image/jpeg"},
       {"bytes_base64",
        pngBase64(documentPhoto("营业执照 Business licence",
                                {"名称 Lao Wang Noodles", "统一社会信用代码 91350100M000100Y43",
                                 "法定代表人 王伟", "成立日期 2023-09-01"},
                                false),
                  "JPG")}});
  artifacts.push_back({{"kind", "table"},
                       {"name", "reading:licence.jpg"},
                       {"title", "Reading of licence.jpg"},
                       {"media_type", "application/json"},
                       {"data",
                        {{"file", "licence.jpg"},
                         {"kind", "business_license"},
                         {"confidence", 0.97},
                         {"fields",
                          {{"company_name", field("Lao Wang Noodles", 0.96, 0)},
                           {"uscc", field("91350100M000100Y43", 0.99, 1)},
                           {"legal_representative", field("王伟", 0.91, 2)},
                           {"established", field("2023-09-01", 0.94, 3)}}},
                         {"checks",
                          {{{"name", "uscc_checksum"}, {"passed", true}, {"detail", ""}},
                           {{"name", "licence_in_force"}, {"passed", true}, {"detail", ""}}}},
                         {"quality", {{"ok", true}, {"problems", json::array()}}},
                         {"reshoot", nullptr},
                         {"page", page}}}});
  artifacts.push_back(
      {{"kind", "image"},
       {"name", "document:lease.jpg"},
       {"title", "Lease"},
       {"media_type", "image/jpeg"},
       {"bytes_base64", pngBase64(documentPhoto("房屋租赁合同 Lease",
                                                {"出租方 Chen Jun", "承租方 王伟", "月租金 3000",
                                                 "租金大写 叁仟元整"},
                                                false),
                                  "JPG")}});
  artifacts.push_back(
      {{"kind", "table"},
       {"name", "reading:lease.jpg"},
       {"title", "Reading of lease.jpg"},
       {"media_type", "application/json"},
       {"data",
        {{"file", "lease.jpg"},
         {"kind", "lease_contract"},
         {"confidence", 0.93},
         {"fields",
          {{"lessor", field("Chen Jun", 0.88, 0)},
           {"lessee", field("王伟", 0.9, 1)},
           {"monthly_rent", {{"value", 3000}, {"confidence", 0.95}, {"box", {160, 172, 240, 26}}}},
           {"rent_in_words", field(problems ? "叁万元整" : "叁仟元整", 0.55, 3)}}},
         {"checks",
          {{{"name", "amount_words_match"},
            {"passed", !problems},
            {"detail", problems ? "amount in words 30000 differs from figures 3000" : ""}},
           {{"name", "dates_in_order"}, {"passed", true}, {"detail", ""}}}},
         {"quality", {{"ok", true}, {"problems", json::array()}}},
         {"reshoot", nullptr},
         {"page", page}}}});
  if (problems) {
    artifacts.push_back(
        {{"kind", "image"},
         {"name", "document:utility.jpg"},
         {"title", "Utility bill"},
         {"media_type", "image/jpeg"},
         {"bytes_base64",
          pngBase64(documentPhoto("电费单 Electricity bill", {"户名 王伟", "金额 812.40"}, true),
                    "JPG")}});
    artifacts.push_back(
        {{"kind", "table"},
         {"name", "reading:utility.jpg"},
         {"title", "Reading of utility.jpg"},
         {"media_type", "application/json"},
         {"data",
          {{"file", "utility.jpg"},
           {"kind", "utility_bill"},
           {"confidence", 0.71},
           {"fields", {{"account_name", field("王伟", 0.82, 0)}}},
           {"checks", json::array()},
           {"quality", {{"ok", false}, {"problems", {"cut_off"}}}},
           {"reshoot",
            "the lower part of the page is cut off: step back so all four corners show"}}}});
  }
  artifacts.push_back({{"kind", "table"},
                       {"name", "cross_document_checks"},
                       {"title", "Across documents"},
                       {"media_type", "application/json"},
                       {"data",
                        {{{"name", "names_agree"}, {"passed", true}, {"detail", ""}},
                         {{"name", "lessee_is_merchant"},
                          {"passed", true},
                          {"detail", "lessee 王伟 is the legal representative"}}}}});
  artifacts.push_back(
      {{"kind", "table"},
       {"name", "interview_transcript"},
       {"title", "Interview"},
       {"media_type", "application/json"},
       {"data",
        {{{"speaker", "Aviary"}, {"text", "What is the loan for, and when will it be repaid?"}},
         {{"speaker", "merchant"}, {"text", "A new stove and fridge; I repay monthly from sales."}},
         {{"speaker", "Aviary"},
          {"text",
           "Please photograph your last three utility bills: they show the shop is open."}}}}});
  return {{"source_id", "credentials"},
          {"source_version", "1.0.0"},
          {"status", "ok"},
          {"error", ""},
          {"features",
           {{"business_age_months", 38},
            {"licence_in_force", 1},
            {"monthly_fixed_costs_cny", 21000},
            {"documented_monthly_revenue_cny", 68000},
            {"failed_checks", problems ? 1 : 0},
            {"unreadable_documents", problems ? 1 : 0}}},
          {"facts",
           {{{"name", "monthly_rent_cny"},
             {"value", "3000"},
             {"reference", "lease.jpg:monthly_rent"},
             {"method", "ocr"},
             {"confidence", 0.95}}}},
          {"warnings", json::array()},
          {"artifacts", artifacts},
          {"timings", json::array()}};
}

json WorkbenchSampleCases::bankStatementEvidence() {
  return {
      {"source_id", "bank_statements"},
      {"source_version", "0.1.0"},
      {"status", "ok"},
      {"error", ""},
      {"features", {{"average_balance_cny", 18000}}},
      {"facts", json::array()},
      {"warnings", json::array()},
      {"artifacts",
       {{{"kind", "time_series"},
         {"name", "balance"},
         {"title", "End-of-month balance"},
         {"media_type", "application/json"},
         {"data",
          {{"dates", {"2026-06-30", "2026-07-31", "2026-08-31", "2026-09-30"}},
           {"balance_cny", {15000, 17500, 21000, 18500}}}}},
        {{"kind", "table"},
         {"name", "largest_payments"},
         {"title", "Largest payments"},
         {"media_type", "application/json"},
         {"data",
          {{"columns", {"date", "payee", "amount (CNY)"}},
           {"rows",
            {{"2026-08-03", "Chen Jun (rent)", 3000}, {"2026-08-15", "State Grid", 812.4}}}}}}}},
      {"timings", json::array()}};
}

WorkbenchSampleCases::Ids WorkbenchSampleCases::seed(const std::string& url) {
  const auto model =
      CreditRiskModel::load(fs::path(AVIARY_SOURCE_DIR) / "resources/models/credit_default.json");
  const auto policy =
      PolicyRuleSet::load(fs::path(AVIARY_SOURCE_DIR) / "resources/rules/policy.json");
  std::map<std::string, FeatureDescriptor> catalog;
  json catalogJson = json::object();
  const auto declare = [&](const json& evidence) {
    for (const auto& [name, value] : evidence.at("features").items()) {
      const std::string column = evidence.at("source_id").get<std::string>() + "." + name;
      const bool flag = name == "circular_trade" || name == "shell_suspect" ||
                        name == "certified" || name == "licence_in_force" ||
                        name == "failed_affiliate" || name == "supplier_loss";
      catalog[column] = {name,
                         flag ? FeatureDescriptor::Type::Boolean : FeatureDescriptor::Type::Number,
                         "", name};
      catalogJson[column] = {
          {"name", name}, {"type", flag ? "boolean" : "number"}, {"unit", ""}, {"meaning", name}};
    }
  };
  const std::vector<json> all = {satelliteEvidence(true), supplyChainEvidence(true),
                                 credentialEvidence(true), bankStatementEvidence()};
  for (const auto& evidence : all) declare(evidence);
  const DecisionKernel kernel(model, policy, catalog);
  CaseRepository repository(url);

  int serial = 0;
  const auto makeCase = [&](const std::string& name, const std::string& segment,
                            const std::string& uscc, double amount,
                            const std::vector<json>& evidenceJson, bool decide, double income) {
    ++serial;
    const std::string key = "wb-" + std::to_string(serial);
    json caseJson = testing::shopCaseJson(key);
    caseJson["merchant"]["name"] = name;
    caseJson["merchant"]["segment"] = segment;
    caseJson["merchant"]["uscc"] = uscc;
    caseJson["merchant"]["industry"] = segment == "farmer"   ? "maize"
                                       : segment == "dealer" ? "seed wholesale"
                                                             : "restaurant";
    caseJson["application"]["requested_amount_cny"] = amount;
    caseJson["application"]["purpose"] = "working capital";
    caseJson["applicant"]["Income"] = income;
    caseJson["inputs"] = json::object();
    for (const auto& evidence : evidenceJson)
      caseJson["inputs"][evidence.at("source_id").get<std::string>()] = json::object();
    const CaseFile caseFile = CaseFile::fromJson(caseJson);
    const auto submitted = repository.submit(caseFile);
    if (!decide) return submitted.caseId;
    std::vector<Evidence> evidence;
    for (const auto& item : evidenceJson) evidence.push_back(evidenceFromJson(item));
    repository.claim(submitted.caseId, "workbench-test");
    const Decision decision = kernel.decide(caseFile, evidence);
    repository.recordDecision(submitted.caseId, evidence, decision, model.model().toJsonText(),
                              policy.text(), catalogJson, "workbench-test");
    return submitted.caseId;
  };
  Ids ids;
  ids.farmerHazard = makeCase("Zhang Family Farm", "farmer", "92410100MA00FARM1X", 80000,
                              {satelliteEvidence(true)}, true, 180);
  ids.farmerClean = makeCase("Liu Orchard", "farmer", "92410100MA00FARM2Y", 60000,
                             {satelliteEvidence(false)}, true, 220);
  ids.dealerRing = makeCase("Li Dealer Co.", "dealer", "91370100MA00DEAL1Q", 400000,
                            {supplyChainEvidence(true)}, true, 200);
  ids.dealerClean = makeCase("Zhao Seeds Trading", "dealer", "91370100MA00DEAL2R", 150000,
                             {supplyChainEvidence(false)}, true, 250);
  ids.shopChecks = makeCase("Lao Wang Noodles", "shop", "91350100M000100Y43", 120000,
                            {credentialEvidence(true), bankStatementEvidence()}, true, 180);
  ids.shopClean = makeCase("Fresh Corner Grocery", "shop", "91350100MA00SHOP2K", 50000,
                           {credentialEvidence(false)}, true, 240);
  ids.shopPending = makeCase("Sun Tea House", "shop", "91350100MA00SHOP3M", 30000, {}, false, 150);
  return ids;
}

}  // namespace aviary::testing
