#include "ShellDetector.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "TwoCores.h"

namespace aviary::supplychain {

std::vector<TypologyFinding> ShellDetector::detect(const PaymentNetwork& net,
                                                   const AmountView& amounts,
                                                   const std::vector<std::uint8_t>& maybeFirm,
                                                   const std::vector<std::uint8_t>& isOverhead,
                                                   const Options& o) {
  // Parties are looked at in two halves, on two cores; the halves' shells are joined in order.
  std::vector<TypologyFinding> found[2];
  inTwoHalves(net.partyCount(), [&](std::size_t first, std::size_t last) {
    auto& shells = found[first == 0 ? 0 : 1];
    std::vector<std::int64_t> left;
    std::vector<double> lags;
    for (auto v = static_cast<std::uint32_t>(first); v < last; ++v) {
      if (!maybeFirm[v]) continue;
      const std::uint64_t inBegin = net.inOffset[v], inEnd = net.inOffset[v + 1];
      const std::uint64_t outBegin = net.outOffset[v], outEnd = net.outOffset[v + 1];
      if (inEnd - inBegin < static_cast<std::uint64_t>(o.minForwards) || outEnd == outBegin)
        continue;
      std::int32_t born = net.establishedDay[v];
      if (born == PaymentNetwork::kNoDay)
        born = static_cast<std::int32_t>(
            std::min(net.time[net.inTxn[inBegin]], net.time[net.outTxn[outBegin]]) / 86400);
      if (o.asOfDay - born > o.youngDays) continue;

      // Match each outflow with the latest inflow before it, within the window, that still has
      // that much left: a pass-through forwards what came in, whole (less a fee) or split.
      left.assign(inEnd - inBegin, 0);
      for (std::uint64_t k = inBegin; k < inEnd; ++k)
        left[k - inBegin] = amounts.cents(net.inTxn[k]);
      std::int64_t outTotal = 0, overhead = 0, matched = 0;
      lags.clear();
      TypologyFinding shell;
      shell.members.push_back(v);
      for (std::uint64_t k = outBegin; k < outEnd; ++k) {
        const std::uint32_t t = net.outTxn[k];
        outTotal += amounts.cents(t);
        if (isOverhead[t]) {
          overhead += amounts.cents(t);
          continue;
        }
        auto it =
            std::upper_bound(net.inTxn.begin() + static_cast<std::ptrdiff_t>(inBegin),
                             net.inTxn.begin() + static_cast<std::ptrdiff_t>(inEnd), net.time[t],
                             [&](std::int64_t x, std::uint32_t in) { return x < net.time[in]; });
        for (int looked = 0;
             it != net.inTxn.begin() + static_cast<std::ptrdiff_t>(inBegin) && looked < 1000;
             ++looked) {
          --it;
          const std::uint32_t in = *it;
          if (net.time[t] - net.time[in] > o.forwardSeconds) break;
          if (net.payer[in] == net.payee[t]) continue;
          const std::size_t slot = static_cast<std::size_t>(it - net.inTxn.begin()) - inBegin;
          if (left[slot] < amounts.cents(t)) continue;
          const bool whole =
              amounts.cents(t) >=
              static_cast<std::int64_t>(static_cast<double>(left[slot]) * (1 - o.maxFee));
          const bool part = amounts.cents(t) * 10 >= amounts.cents(in) * 2;
          if (!whole && !part) continue;
          left[slot] = whole ? 0 : left[slot] - amounts.cents(t);
          matched += amounts.cents(t);
          lags.push_back(static_cast<double>(net.time[t] - net.time[in]) / 3600.0);
          if (shell.txns.size() < 40) shell.txns.insert(shell.txns.end(), {in, t});
          shell.members.insert(shell.members.end(), {net.payer[in], net.payee[t]});
          break;
        }
      }
      if (outTotal == 0 || lags.size() < static_cast<std::size_t>(o.minForwards)) continue;
      const double forwarded = static_cast<double>(matched) / static_cast<double>(outTotal);
      if (forwarded < o.minForwardedShare ||
          static_cast<double>(overhead) > o.maxOverheadShare * static_cast<double>(outTotal))
        continue;
      std::nth_element(lags.begin(), lags.begin() + static_cast<std::ptrdiff_t>(lags.size() / 2),
                       lags.end());
      std::sort(shell.members.begin() + 1, shell.members.end());
      shell.members.erase(std::unique(shell.members.begin() + 1, shell.members.end()),
                          shell.members.end());
      shell.members.erase(std::remove(shell.members.begin() + 1, shell.members.end(), v),
                          shell.members.end());
      shell.score = forwarded * static_cast<double>(lags.size());
      shell.cents = matched;
      char buf[200];
      std::snprintf(buf, sizeof buf,
                    "young firm passes on %.0f%% of what it pays out within days (median %.1f h "
                    "after the money "
                    "came in) and spends %.0f%% on rent, wages, utilities or tax",
                    forwarded * 100, lags[lags.size() / 2],
                    100.0 * static_cast<double>(overhead) / static_cast<double>(outTotal));
      shell.detail = buf;
      shells.push_back(std::move(shell));
    }
  });
  found[0].insert(found[0].end(), std::make_move_iterator(found[1].begin()),
                  std::make_move_iterator(found[1].end()));
  return found[0];
}

}  // namespace aviary::supplychain
