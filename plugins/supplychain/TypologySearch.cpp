#include "TypologySearch.h"

#include <algorithm>
#include <cmath>

#include "AmountView.h"
#include "CircularTradeDetector.h"
#include "FanDetector.h"
#include "LayeringDetector.h"
#include "ShellDetector.h"
#include "StepTimer.h"

namespace aviary::supplychain {
namespace {

// Keeps the real findings that clear the threshold the null copy gives.
std::vector<TypologyFinding> calibrated(const char* name, std::vector<TypologyFinding> real,
                                        const std::vector<TypologyFinding>& null,
                                        TypologySearch::Result& result, double floor = 3.0) {
  std::vector<double> r, z;
  for (const auto& f : real) r.push_back(f.score);
  for (const auto& f : null) z.push_back(f.score);
  const double threshold = typologyThreshold(r, z, 0.1, floor);

  const std::size_t before = real.size();
  real.erase(std::remove_if(real.begin(), real.end(),
                            [&](const TypologyFinding& f) { return f.score < threshold; }),
             real.end());
  result.calibration.push_back({name, threshold, before, null.size(), real.size()});
  return real;
}

// A layering link below this is at most one chance in e^4 at its party: round sums that
// people pass on, and large flows through dealers, agree that often by themselves.
constexpr double kLayeringFloor = 4.0;

}  // namespace

TypologySearch::Result TypologySearch::run(const PaymentNetwork& net, const PartyProfile& profile,
                                           std::int32_t asOfDay) {
  Result result;
  const std::size_t n = net.partyCount(), m = net.txnCount();
  std::vector<std::uint8_t> maybeFirm(n);
  for (std::uint32_t v = 0; v < n; ++v)
    maybeFirm[v] = profile.kind[v] != PartyProfile::Kind::Person;
  // Overheads: rent, wages, utilities, tax by memo, or paid to people or overhead industries.
  std::vector<std::uint8_t> overhead(m, 0);
  for (std::size_t t = 0; t < m; ++t) {
    const MemoClass c = net.memo[t];
    const std::uint32_t to = net.payee[t];
    overhead[t] = c == MemoClass::Rent || c == MemoClass::Wage || c == MemoClass::Utility ||
                  c == MemoClass::Tax || profile.kind[to] == PartyProfile::Kind::Person ||
                  profile.overheadIndustry[to];
  }
  StepTimer timer("    ");
  const auto tokens = AmountView::Tokens::build(net);
  const AmountView real = AmountView::real(net, tokens);
  // Rings, layering and shells ask whether a party passes on the very sum it was paid: sums
  // shuffled among all payments (a burst of repeats moving as one). Fan-ins ask whether
  // payers agree beyond their own habits: each payer's sums kept (FanDetector's own null).
  const AmountView mixed = AmountView::shuffledGlobally(net, tokens, real, 0x5eed);
  timer.lap("null copies");
  auto against = [&](const AmountView& copy, auto&& search) {
    return std::make_pair(search(real), search(copy));
  };

  ShellDetector::Options shellOptions;
  shellOptions.asOfDay = asOfDay;
  auto shells = against(mixed, [&](const AmountView& a) {
    return ShellDetector::detect(net, a, maybeFirm, overhead, shellOptions);
  });
  result.shells = calibrated("shell_suspect", std::move(shells.first), shells.second, result);
  timer.lap("shells");
  std::vector<std::uint8_t> tokenStart(m, 0);
  for (std::uint32_t t : tokens.firstTxn) tokenStart[t] = 1;
  const auto ringPayments = CircularTradeDetector::candidates(net, maybeFirm, tokenStart);
  auto rings = against(mixed, [&](const AmountView& a) {
    return CircularTradeDetector::detect(net, a, ringPayments, {});
  });
  result.rings = calibrated("circular_trade", std::move(rings.first), rings.second, result);
  timer.lap("rings");
  auto links =
      against(mixed, [&](const AmountView& a) { return LayeringDetector::links(net, a, {}); });
  result.layering = LayeringDetector::chains(
      net, calibrated("layering", std::move(links.first), links.second, result, kLayeringFloor));
  timer.lap("layering");
  const FanDetector fans(net, real);
  auto ins = std::make_pair(fans.fanIns({}), fans.fanIns({}, 0x5eed));
  result.fanIns = calibrated("fan_in", std::move(ins.first), ins.second, result);
  timer.lap("fan-in");
  // Fan-out's evidence is timing, which no amount shuffle changes: its scores are -ln of a
  // Poisson chance, cut at a 5% false discovery rate over the payers looked at.
  std::size_t tested = 0;
  result.fanOuts = FanDetector::fanOutBursts(net, {}, tested);
  std::vector<double> burstScores;
  for (const auto& f : result.fanOuts) burstScores.push_back(f.score);
  const double cut = benjaminiHochbergThreshold(burstScores, tested);
  const std::size_t before = result.fanOuts.size();
  result.fanOuts.erase(std::remove_if(result.fanOuts.begin(), result.fanOuts.end(),
                                      [&](const TypologyFinding& f) { return f.score < cut; }),
                       result.fanOuts.end());
  result.calibration.push_back({"fan_out", cut, before, 0, result.fanOuts.size()});
  // Fan-outs paid in bursts of repeats: no amount shuffle changes bursts either, so the same
  // kind of cut.
  std::size_t payers = 0;
  auto repeats = fans.fanOutRepeats({}, payers);
  std::vector<double> repeatScores;
  for (const auto& f : repeats) repeatScores.push_back(f.score);
  const double repeatCut = benjaminiHochbergThreshold(repeatScores, payers);
  const std::size_t found = repeats.size();
  std::size_t kept = 0;
  for (auto& f : repeats)
    if (f.score >= repeatCut) {
      result.fanOuts.push_back(std::move(f));
      ++kept;
    }
  result.calibration.push_back({"fan_out_repeats", repeatCut, found, 0, kept});
  timer.lap("fan-out");
  return result;
}

}  // namespace aviary::supplychain
