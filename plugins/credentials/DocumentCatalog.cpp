#include "DocumentCatalog.h"

namespace aviary {

const FieldSpec* KindSpec::findField(const std::string& fieldName) const {
  for (const FieldSpec& field : fields)
    if (field.name == fieldName) return &field;
  return nullptr;
}

namespace {

using T = FieldSpec::Type;

FieldSpec f(std::string name, T type, std::vector<std::string> labels, bool key = true) {
  FieldSpec spec;
  spec.name = std::move(name);
  spec.type = type;
  spec.labels = std::move(labels);
  spec.key = key;
  return spec;
}

FieldSpec startOf(FieldSpec spec, std::string rangeLabel) {
  spec.rangeLabel = std::move(rangeLabel);
  return spec;
}

FieldSpec words(std::string name, std::vector<std::string> labels, std::string figures) {
  FieldSpec spec = f(std::move(name), T::AmountWords, std::move(labels), false);
  spec.checks = std::move(figures);
  return spec;
}

std::vector<FieldSpec> billFields(const std::string& use, const std::string& quantity,
                                  const std::string& quantityLabel, const std::string& fee) {
  return {f("account_no", T::Code, {"户号", "用户编号"}),
          f("account_name", T::Name, {"户名", "用户名称"}),
          f("address", T::Text, {use + "地址", "地址"}, false),
          f("period", T::Month, {"账单月份", "计费年月"}),
          f(quantity, T::Number, {quantityLabel, "本期" + quantityLabel}),
          f("amount", T::Amount, {"应缴金额", "本期" + fee})};
}

std::vector<FieldSpec> invoiceFields() {
  return {f("invoice_code", T::Code, {"发票代码"}),
          f("invoice_no", T::Code, {"发票号码"}),
          f("date", T::Date, {"开票日期"}),
          f("buyer_name", T::Name, {"购买方名称", "购方名称"}),
          f("buyer_tax_id", T::Uscc, {"购买方纳税人识别号", "购方税号"}),
          f("seller_name", T::Name, {"销售方名称", "销方名称"}),
          f("seller_tax_id", T::Uscc, {"销售方纳税人识别号", "销方税号"}),
          f("amount_excl_tax", T::Amount, {"合计金额", "不含税金额"}),
          f("tax", T::Amount, {"合计税额", "税额"}),
          f("total", T::Amount, {"价税合计(小写)", "价税合计小写", "(小写)"}),
          words("total_in_words", {"价税合计(大写)", "价税合计大写"}, "total"),
          f("check_code", T::Code, {"校验码"}),
          f("tax_rate", T::Number, {"税率"}, false)};
}

// Licences, permits and the identity card.
void addLicencesAndPermits(std::vector<KindSpec>& kinds) {
  kinds.push_back({"business_license",
                   {"营业执照"},
                   {"统一社会信用代码", "注册资本", "成立日期", "营业期限", "经营范围", "登记机关"},
                   {f("uscc", T::Uscc, {"统一社会信用代码"}), f("name", T::Name, {"名称"}),
                    f("entity_type", T::Text, {"类型", "组成形式"}, false),
                    f("legal_representative", T::Name, {"法定代表人", "经营者"}),
                    f("registered_capital", T::AmountWords, {"注册资本"}),
                    f("established_date", T::Date, {"成立日期", "注册日期"}),
                    f("term_end", T::TermEnd, {"营业期限", "经营期限"}),
                    f("address", T::Text, {"住所", "经营场所"}, false),
                    f("business_scope", T::Text, {"经营范围"}, false)}});
  kinds.push_back(
      {"food_business_license",
       {"食品经营许可证"},
       {"许可证编号", "经营项目", "主体业态", "食品", "日常监督管理机构"},
       {f("license_no", T::Code, {"许可证编号"}), f("operator_name", T::Name, {"经营者名称"}),
        f("uscc", T::Uscc, {"社会信用代码", "统一社会信用代码"}),
        f("legal_representative", T::Name, {"法定代表人(负责人)", "负责人"}),
        f("address", T::Text, {"经营场所", "住所"}, false),
        f("business_items", T::Text, {"经营项目"}, false), f("valid_until", T::Date, {"有效期至"}),
        f("issuer", T::Name, {"发证机关"}, false)}});
  kinds.push_back(
      {"health_permit",
       {"卫生许可证"},
       {"卫生", "许可项目", "单位名称"},
       {f("permit_no", T::Code, {"许可证号", "编号"}), f("unit_name", T::Name, {"单位名称"}),
        f("legal_representative", T::Name, {"法定代表人"}), f("address", T::Text, {"地址"}, false),
        f("permitted_items", T::Text, {"许可项目"}, false),
        f("valid_until", T::Date, {"有效期至", "有效期限"})}});
  kinds.push_back(
      {"tobacco_retail_license",
       {"烟草专卖零售许可证"},
       {"烟草", "专卖", "卷烟", "雪茄烟"},
       {f("license_no", T::Code, {"许可证号"}), f("name", T::Name, {"企业名称"}),
        f("operator", T::Name, {"负责人", "经营者"}), f("address", T::Text, {"经营场所"}, false),
        f("valid_until", T::Date, {"有效期至", "有效期限"})}});
  kinds.push_back(
      {"drug_trading_license",
       {"药品经营许可证"},
       {"药品", "中成药", "质量负责人", "化学药制剂"},
       {f("license_no", T::Code, {"证号", "许可证编号"}), f("name", T::Name, {"企业名称"}),
        f("legal_representative", T::Name, {"法定代表人"}),
        f("address", T::Text, {"注册地址"}, false), f("scope", T::Text, {"经营范围"}, false),
        f("valid_until", T::Date, {"有效期至"})}});
  kinds.push_back(
      {"road_transport_permit",
       {"道路运输经营许可证"},
       {"道路", "运输", "业户名称", "货运"},
       {f("permit_no", T::Code, {"经营许可证号", "证号"}),
        f("operator_name", T::Name, {"业户名称"}), f("address", T::Text, {"地址"}, false),
        f("scope", T::Text, {"经营范围"}, false), f("valid_until", T::Date, {"有效期至"})}});
  kinds.push_back(
      {"id_card_front",
       {"居民身份证"},
       {"公民身份号码", "姓名", "性别", "民族", "出生", "住址"},
       {f("name", T::Name, {"姓名"}), f("gender", T::Name, {"性别"}),
        f("ethnicity", T::Name, {"民族"}), f("birth_date", T::Date, {"出生"}),
        f("address", T::Text, {"住址"}, false), f("id_number", T::IdNumber, {"公民身份号码"})}});
}

// The lease, utility bills, payroll, social insurance, property fees and orders.
void addPremisesBillsAndPayroll(std::vector<KindSpec>& kinds) {
  kinds.push_back({"store_lease",
                   {"房屋租赁合同"},
                   {"出租方", "承租方", "租金", "租赁", "房屋"},
                   {f("lessor", T::Name, {"出租方(甲方)", "甲方(出租方)"}),
                    f("lessee", T::Name, {"承租方(乙方)", "乙方(承租方)"}),
                    f("address", T::Text, {"房屋坐落", "租赁房屋地址"}, false),
                    f("area_m2", T::Number, {"建筑面积", "租赁面积"}),
                    f("monthly_rent", T::Amount, {"月租金", "每月租金"}),
                    words("rent_in_words", {"月租金大写", "租金(大写)"}, "monthly_rent"),
                    startOf(f("start_date", T::Date, {"起租日期", "租赁起始日"}), "租赁期限"),
                    f("end_date", T::Date, {"到期日期", "租赁终止日"})}});
  kinds.push_back({"electricity_bill",
                   {"电费缴费单", "电费通知单"},
                   {"电费", "电量", "用电", "供电"},
                   billFields("用电", "kwh", "用电量", "电费")});
  kinds.push_back({"water_bill",
                   {"水费缴费单", "水费通知单"},
                   {"水费", "用水", "供水", "吨"},
                   billFields("用水", "tons", "用水量", "水费")});
  kinds.push_back({"gas_bill",
                   {"燃气费缴费单", "燃气费通知单"},
                   {"燃气", "用气", "立方米"},
                   billFields("用气", "m3", "用气量", "燃气费")});
  kinds.push_back({"payroll",
                   {"工资发放表", "工资表"},
                   {"工资", "实发", "应发", "发放"},
                   {f("employer", T::Name, {"单位名称", "发放单位"}),
                    f("period", T::Month, {"工资月份", "所属期间"}),
                    f("headcount", T::Number, {"发放人数", "人数"}),
                    f("total_amount", T::Amount, {"实发合计", "合计"})}});
  kinds.push_back(
      {"social_insurance",
       {"社会保险缴费证明"},
       {"社会保险", "参保", "养老保险", "缴费"},
       {f("unit_name", T::Name, {"单位名称", "参保单位"}), f("uscc", T::Uscc, {"统一社会信用代码"}),
        f("period", T::Month, {"缴费年月", "缴费期间"}),
        f("insured_headcount", T::Number, {"参保人数"}),
        f("amount", T::Amount, {"缴费合计", "缴费金额"})}});
  kinds.push_back(
      {"property_fee",
       {"物业费缴费单", "物业服务费收据"},
       {"物业", "物业服务", "业主"},
       {f("payer", T::Name, {"业主", "缴费人"}), f("address", T::Text, {"房号", "物业地址"}, false),
        f("period", T::Month, {"计费月份", "所属期间"}),
        f("amount", T::Amount, {"实收金额", "金额合计"})}});
  kinds.push_back(
      {"purchase_order",
       {"采购单", "进货单"},
       {"采购", "供应商", "进货", "数量", "单价"},
       {f("buyer", T::Name, {"采购方", "购货单位"}), f("supplier", T::Name, {"供应商", "供货单位"}),
        f("date", T::Date, {"采购日期", "日期"}),
        f("total_amount", T::Amount, {"合计金额", "总金额"})}});
}

// Invoices, contracts, settlements, statements and certificates.
void addInvoicesContractsAndRecords(std::vector<KindSpec>& kinds) {
  kinds.push_back({"vat_invoice_ordinary",
                   {"增值税普通发票", "电子发票(普通发票)"},
                   {"普通发票", "发票", "价税合计", "开票日期", "校验码"},
                   invoiceFields()});
  kinds.push_back({"vat_invoice_special",
                   {"增值税专用发票", "电子发票(增值税专用发票)"},
                   {"专用发票", "发票", "价税合计", "开票日期", "抵扣"},
                   invoiceFields()});
  kinds.push_back({"supply_contract",
                   {"供货合同", "销售合同", "订餐合同"},
                   {"供方", "需方", "合同金额", "违约", "交货"},
                   {f("party_a", T::Name, {"甲方(需方)", "需方(甲方)"}),
                    f("party_b", T::Name, {"乙方(供方)", "供方(乙方)"}),
                    f("subject", T::Text, {"供货内容", "合同标的"}, false),
                    f("amount", T::Amount, {"合同金额", "合同总金额"}),
                    words("amount_in_words", {"合同金额大写", "金额(大写)"}, "amount"),
                    startOf(f("start_date", T::Date, {"起始日期", "合同生效日"}), "合同期限"),
                    f("end_date", T::Date, {"终止日期", "合同到期日"}),
                    f("signed_date", T::Date, {"签订日期", "签约日期"})}});
  kinds.push_back(
      {"pos_settlement",
       {"POS结算单", "收单结算单"},
       {"结算", "商户编号", "交易笔数", "收单", "终端"},
       {f("merchant_name", T::Name, {"商户名称"}), f("merchant_no", T::Code, {"商户编号"}),
        f("period", T::Month, {"结算月份", "结算期间"}), f("txn_count", T::Number, {"交易笔数"}),
        f("amount", T::Amount, {"结算金额", "交易金额"})}});
  kinds.push_back(
      {"bank_statement",
       {"账户交易明细", "银行流水"},
       {"账号", "余额", "收入合计", "支出合计", "交易明细"},
       {f("account_name", T::Name, {"户名", "账户名称"}),
        f("account_no", T::Code, {"账号", "卡号"}), f("period", T::Month, {"交易月份", "查询期间"}),
        f("total_in", T::Amount, {"收入合计", "贷方合计"}),
        f("total_out", T::Amount, {"支出合计", "借方合计"}),
        f("closing_balance", T::Amount, {"期末余额", "账户余额"})}});
  kinds.push_back(
      {"tax_certificate",
       {"税收完税证明"},
       {"完税", "税务局", "税款所属时期", "纳税人"},
       {f("taxpayer_name", T::Name, {"纳税人名称"}), f("tax_id", T::Uscc, {"纳税人识别号"}),
        f("period", T::Month, {"税款所属时期", "所属期"}),
        f("tax_paid", T::Amount, {"实缴金额", "金额合计"})}});
  kinds.push_back(
      {"property_certificate",
       {"不动产权证书"},
       {"不动产", "权利人", "坐落", "共有情况", "用途"},
       {f("owner", T::Name, {"权利人"}), f("certificate_no", T::Code, {"不动产权证号", "证书编号"}),
        f("address", T::Text, {"坐落"}, false), f("area_m2", T::Number, {"面积"}),
        f("use", T::Name, {"用途"}, false), f("ownership_type", T::Name, {"共有情况"}, false)}});
  kinds.push_back(
      {"vehicle_license",
       {"机动车行驶证"},
       {"号牌号码", "车辆类型", "车辆识别代号", "发动机号码", "品牌型号"},
       {f("plate_no", T::Code, {"号牌号码"}), f("owner", T::Name, {"所有人"}),
        f("vehicle_type", T::Name, {"车辆类型"}, false), f("vin", T::Vin, {"车辆识别代号"}),
        f("register_date", T::Date, {"注册日期"})}});
  kinds.push_back({"land_contract",
                   {"农村土地承包经营权证"},
                   {"承包", "土地", "地块", "亩"},
                   {f("holder", T::Name, {"承包方代表", "承包方"}),
                    f("certificate_no", T::Code, {"证书编号", "编号"}),
                    f("location", T::Text, {"地块坐落", "坐落"}, false),
                    f("area_mu", T::Number, {"承包面积", "面积"}),
                    f("term_end", T::Date, {"承包期限至", "到期日期"})}});
}

// Till receipts and photos of the premises.
void addReceiptsAndPhotos(std::vector<KindSpec>& kinds) {
  // A till receipt (小票): the shop's own sales, in Chinese or English. Its fields carry no
  // labels (the shop's name heads it) and are read by ReceiptFieldExtractor.
  kinds.push_back({"sales_receipt",
                   {"购物小票", "收银小票", "销售小票", "结账单"},
                   {"小票", "收银", "找零", "实收", "TOTAL", "CASH", "CHANGE", "QTY", "RECEIPT",
                    "SUBTOTAL", "ROUNDING", "THANK YOU", "TAX INVOICE", "GST"},
                   {f("merchant_name", T::Name, {"店名", "商户名称", "门店"}),
                    f("date", T::Date, {"日期", "交易时间", "DATE"}),
                    f("total", T::Amount, {"实收", "合计", "TOTAL"})}});
  kinds.push_back({"storefront_photo",
                   {""},
                   {},
                   {f("signboard_text", T::Name, {}), f("scene_lighting", T::Text, {}, false),
                    f("shopfront", T::Text, {}, false), f("scene", T::Text, {}, false)},
                   true});
  kinds.push_back({"premises_photo", {""}, {}, {f("scene", T::Text, {}, false)}, true});
}

std::vector<KindSpec> buildCatalog() {
  std::vector<KindSpec> kinds;
  addLicencesAndPermits(kinds);
  addPremisesBillsAndPayroll(kinds);
  addInvoicesContractsAndRecords(kinds);
  addReceiptsAndPhotos(kinds);
  return kinds;
}

}  // namespace

const std::vector<KindSpec>& DocumentCatalog::kinds() {
  static const std::vector<KindSpec> catalog = buildCatalog();
  return catalog;
}

bool DocumentCatalog::readsLatin(const std::string& code) {
  return code == "sales_receipt";
}

const KindSpec* DocumentCatalog::find(const std::string& code) {
  for (const KindSpec& kind : kinds())
    if (kind.code == code) return &kind;
  return nullptr;
}

}  // namespace aviary
