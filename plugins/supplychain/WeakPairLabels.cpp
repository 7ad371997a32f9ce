#include "WeakPairLabels.h"

#include <cmath>
#include <set>

namespace aviary::supplychain {

const char* WeakPairLabels::ruleName(Rule rule) {
  switch (rule) {
    case kUnlabelled:
      return "unlabelled";
    case kCertificate:
      return "brand certificate";
    case kGoodsMemo:
      return "memos name goods";
    case kPayeePerson:
      return "payee is a person";
    case kPayerPerson:
      return "payer is a person";
    case kOverheadMemo:
      return "memos name wages, rent, utilities, tax or loans";
    case kOverheadIndustry:
      return "payee in utilities, finance, property or government";
    case kFixedRecurring:
      return "the same sum month after month";
    case kReverseFlow:
      return "money mostly flows back";
    case kSinkPayee:
      return "payee collects from many and passes nothing on";
    case kSourcePayer:
      return "payer pays many and receives nothing";
    case kResaleChain:
      return "recurring varying payments to a payee that passes money on";
    case kRules:
      break;
  }
  return "?";
}

WeakPairLabels WeakPairLabels::build(const PaymentNetwork& net, const PartyProfile& profile,
                                     const SupplyPairFeatures& f) {
  using F = SupplyPairFeatures;
  WeakPairLabels w;
  const std::size_t pairs = net.pairs.size();
  w.label.assign(pairs, -1);
  w.rule.assign(pairs, kUnlabelled);
  std::set<std::pair<std::uint32_t, std::uint32_t>> certified;  // (dealer, brand)
  for (const auto& c : net.certificates) certified.insert({c.dealer, c.brand});

  for (std::size_t pi = 0; pi < pairs; ++pi) {
    const auto& p = net.pairs[pi];
    bool yes = false, no = false;
    Rule yesRule = kUnlabelled, noRule = kUnlabelled;
    auto positive = [&](Rule r) {
      if (!yes) yesRule = r;
      yes = true;
    };
    auto negative = [&](Rule r) {
      if (!no) noRule = r;
      no = true;
    };
    if (certified.count({p.payer, p.payee})) positive(kCertificate);
    const float goods = f.at(pi, F::kMemoGoods);
    const float memos = static_cast<float>(p.txnCount - p.memoCount[0]);
    if (!std::isnan(goods) && memos >= 2 && goods >= 0.6f) positive(kGoodsMemo);
    if (profile.kind[p.payee] == PartyProfile::Kind::Person) negative(kPayeePerson);
    if (profile.kind[p.payer] == PartyProfile::Kind::Person) negative(kPayerPerson);
    const float overhead = f.at(pi, F::kMemoOverhead) + f.at(pi, F::kMemoFinance);
    if (!std::isnan(overhead) && memos >= 2 && overhead >= 0.5f) negative(kOverheadMemo);
    if (profile.overheadIndustry[p.payee]) negative(kOverheadIndustry);
    if (p.txnCount >= 3 && p.monthCount >= 3 && f.at(pi, F::kFixedAmountShare) >= 0.9f)
      negative(kFixedRecurring);
    if (f.at(pi, F::kReverseShare) >= 0.75f) negative(kReverseFlow);
    const std::uint64_t payeePayers = net.pairInOffset[p.payee + 1] - net.pairInOffset[p.payee];
    const std::uint64_t payerPayees = net.pairOutOffset[p.payer + 1] - net.pairOutOffset[p.payer];
    const double payeeIn = profile.inYuan[p.payee], payerOut = profile.outYuan[p.payer];
    if (payeePayers >= 10 && profile.outYuan[p.payee] < 0.05 * payeeIn) negative(kSinkPayee);
    if (payerPayees >= 10 && profile.inYuan[p.payer] < 0.001 * payerOut) negative(kSourcePayer);
    if (profile.kind[p.payer] == PartyProfile::Kind::Firm &&
        profile.kind[p.payee] != PartyProfile::Kind::Person && p.monthCount >= 3 &&
        f.at(pi, F::kFixedAmountShare) < 0.5f && payeePayers >= 2 &&
        profile.outYuan[p.payee] >= 0.3 * payeeIn && profile.inYuan[p.payer] >= 0.05 * payerOut &&
        f.at(pi, F::kReverseShare) < 0.5f)
      positive(kResaleChain);
    if (yes == no) continue;  // nothing said, or rules disagree
    w.label[pi] = yes ? 1 : 0;
    w.rule[pi] = yes ? yesRule : noRule;
    ++w.counts[w.rule[pi]];
    (yes ? w.positives : w.negatives) += 1;
  }
  return w;
}

}  // namespace aviary::supplychain
