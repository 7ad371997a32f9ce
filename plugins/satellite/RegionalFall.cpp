#include "RegionalFall.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "SeasonJudge.h"

namespace aviary::satellite {

int RegionalFall::clear(std::vector<ParcelResult>& results) {
  std::vector<int> ends;  // the last day of every pest the judge found in the batch
  int judged = 0;
  for (const ParcelResult& r : results) {
    if (!r.error.empty() || !r.judgement.condition) continue;
    ++judged;
    for (const HazardEvent& h : r.judgement.hazards)
      if (h.type == "pest") ends.push_back(h.endDay);
  }
  if (judged < kMinParcels || ends.empty()) return 0;
  std::sort(ends.begin(), ends.end());
  const int most = static_cast<int>(std::ceil(kShare * judged));
  int removed = 0;
  for (ParcelResult& r : results) {
    if (!r.error.empty() || !r.judgement.condition) continue;
    auto& hazards = r.judgement.hazards;
    const auto before = hazards.size();
    for (auto h = hazards.begin(); h != hazards.end();) {
      const auto sharing = std::upper_bound(ends.begin(), ends.end(), h->endDay + kSameDays) -
                           std::lower_bound(ends.begin(), ends.end(), h->endDay - kSameDays);
      if (h->type != "pest" || sharing < most) {
        ++h;
        continue;
      }
      r.warnings.push_back("a fall from " + h->start + " to " + h->end + " that " +
                           std::to_string(sharing) + " of the batch's " + std::to_string(judged) +
                           " parcels share: the region's weather, not a pest");
      r.judgement.sharedFalls.push_back(*h);
      h = hazards.erase(h);
      ++removed;
    }
    if (hazards.size() != before && hazards.empty())
      r.judgement.condition = SeasonJudge::conditionOf(r.judgement.yieldIndex);
  }
  return removed;
}

}  // namespace aviary::satellite
