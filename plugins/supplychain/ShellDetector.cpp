#include "ShellDetector.h"

#include <algorithm>

namespace aviary::supplychain {

std::vector<ShellDetector::Shell> ShellDetector::detect(const PaymentNetwork& net,
                                                        const std::vector<std::uint8_t>& isFirm,
                                                        const std::vector<std::uint8_t>& isOverhead,
                                                        const Options& o) {
  std::vector<Shell> shells;
  const std::size_t n = net.partyCount();
  for (std::uint32_t v = 0; v < n; ++v) {
    if (!isFirm[v]) continue;
    const std::uint64_t inBegin = net.inOffset[v], inEnd = net.inOffset[v + 1];
    const std::uint64_t outBegin = net.outOffset[v], outEnd = net.outOffset[v + 1];
    if (inEnd - inBegin < static_cast<std::uint64_t>(o.minInflows) || outEnd == outBegin) continue;
    // Age from the registry, else from its first payment.
    std::int32_t born = net.establishedDay[v];
    if (born == PaymentNetwork::kNoDay)
      born = static_cast<std::int32_t>(
          std::min(net.time[net.inTxn[inBegin]], net.time[net.outTxn[outBegin]]) / 86400);
    if (o.asOfDay - born > o.youngDays) continue;
    bool overhead = false;
    for (std::uint64_t k = outBegin; k < outEnd && !overhead; ++k)
      overhead = isOverhead[net.outTxn[k]];
    if (overhead) continue;

    // Match each outflow with the latest inflow before it, within the window, that still
    // has that much left: a pass-through forwards what came in, whole or split.
    std::vector<std::int64_t> left(inEnd - inBegin);
    for (std::uint64_t k = inBegin; k < inEnd; ++k) left[k - inBegin] = net.cents[net.inTxn[k]];
    std::int64_t outTotal = 0, matched = 0;
    std::vector<double> lags;
    Shell shell;
    shell.party = v;
    for (std::uint64_t k = outBegin; k < outEnd; ++k) {
      const std::uint32_t t = net.outTxn[k];
      outTotal += net.cents[t];
      auto it =
          std::upper_bound(net.inTxn.begin() + static_cast<std::ptrdiff_t>(inBegin),
                           net.inTxn.begin() + static_cast<std::ptrdiff_t>(inEnd), net.time[t],
                           [&](std::int64_t x, std::uint32_t in) { return x < net.time[in]; });
      while (it != net.inTxn.begin() + static_cast<std::ptrdiff_t>(inBegin)) {
        --it;
        const std::uint32_t in = *it;
        if (net.time[t] - net.time[in] > o.forwardSeconds) break;
        const std::size_t slot = static_cast<std::size_t>(it - net.inTxn.begin()) - inBegin;
        if (left[slot] < net.cents[t]) continue;
        if (left[slot] - net.cents[t] <= net.cents[in] * 3 / 100 ||
            net.cents[t] * 10 >= net.cents[in] * 2) {
          left[slot] -= net.cents[t];
          matched += net.cents[t];
          lags.push_back(static_cast<double>(net.time[t] - net.time[in]) / 3600.0);
          if (shell.txns.size() < 40) {
            shell.txns.push_back(in);
            shell.txns.push_back(t);
          }
          shell.counterparties.push_back(net.payer[in]);
          shell.counterparties.push_back(net.payee[t]);
          break;
        }
      }
    }
    if (outTotal == 0) continue;
    shell.forwardedShare = static_cast<double>(matched) / static_cast<double>(outTotal);
    if (shell.forwardedShare < o.minForwardedShare ||
        lags.size() < static_cast<std::size_t>(o.minInflows))
      continue;
    std::nth_element(lags.begin(), lags.begin() + static_cast<std::ptrdiff_t>(lags.size() / 2),
                     lags.end());
    shell.medianLagHours = lags[lags.size() / 2];
    std::sort(shell.counterparties.begin(), shell.counterparties.end());
    shell.counterparties.erase(
        std::unique(shell.counterparties.begin(), shell.counterparties.end()),
        shell.counterparties.end());
    shells.push_back(std::move(shell));
  }
  return shells;
}

}  // namespace aviary::supplychain
