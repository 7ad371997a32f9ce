#include "LabelSuggester.h"

#include <algorithm>
#include <map>

namespace aviary::satellite {

std::vector<LabelSuggester::Suggestion> LabelSuggester::suggest(
    const std::vector<ParcelResult>& results, const std::vector<std::string>& classes, int count) {
  struct Candidate {
    Suggestion s;
    double priority;  // lower first
  };
  std::vector<Candidate> candidates;
  for (const ParcelResult& r : results) {
    if (!r.error.empty() || r.probabilities.size() != classes.size() || classes.size() < 2)
      continue;
    std::vector<std::size_t> order(classes.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::partial_sort(order.begin(), order.begin() + 2, order.end(),
                      [&](auto a, auto b) { return r.probabilities[a] > r.probabilities[b]; });
    Suggestion s{r.parcelId,
                 classes[order[0]],
                 classes[order[1]],
                 r.probabilities[order[0]],
                 r.probabilities[order[1]],
                 r.reportedFlags()};
    // The margin between the two likeliest crops; unfamiliar parcels come before any margin,
    // plots seen mostly through their neighbours after all: their label would teach the
    // model the neighbours' curve.
    const bool unfamiliar =
        std::find(r.flags.begin(), r.flags.end(), "unfamiliar_season") != r.flags.end() ||
        std::find(r.flags.begin(), r.flags.end(), "no_crop_curve_fits") != r.flags.end();
    const double margin = s.probability - s.runnerUpProbability;
    candidates.push_back({std::move(s), r.mixedPixels() ? margin + 2
                                        : unfamiliar    ? margin - 2
                                                        : margin});
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.priority < b.priority; });
  // First pass: at most `perPair` parcels per confused pair of crops; then the rest in order.
  const int wanted = std::min<int>(count, static_cast<int>(candidates.size()));
  const int perPair = std::max(2, wanted / 10);
  std::map<std::pair<std::string, std::string>, int> taken;
  std::vector<bool> used(candidates.size(), false);
  std::vector<Suggestion> out;
  for (std::size_t i = 0; i < candidates.size() && static_cast<int>(out.size()) < wanted; ++i) {
    const Suggestion& s = candidates[i].s;
    const auto pair = std::minmax(s.likeliest, s.runnerUp);
    if (taken[{pair.first, pair.second}]++ >= perPair) continue;
    used[i] = true;
    out.push_back(s);
  }
  for (std::size_t i = 0; i < candidates.size() && static_cast<int>(out.size()) < wanted; ++i)
    if (!used[i]) out.push_back(candidates[i].s);
  return out;
}

}  // namespace aviary::satellite
