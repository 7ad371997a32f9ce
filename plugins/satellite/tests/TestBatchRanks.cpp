#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "BatchRanks.h"
#include "CropCalendar.h"
#include "FeatureColumn.h"
#include "ParcelAssessor.h"

using namespace aviary::satellite;

namespace {

const std::vector<std::string>& parcelNames() {
  static const std::vector<std::string> names =
      ParcelAssessor({}, CropCalendar::shipped(), {}).parcelFeatureNames();
  return names;
}

// `count` parcels whose only known features are peak_ndvi = gain * value(i) + offset and,
// for the first `withFloor`, min_ndvi.
std::vector<std::vector<float>> parcels(int count, float gain, float offset, int withFloor,
                                        float (*value)(int)) {
  const auto& names = parcelNames();
  std::vector<std::vector<float>> rows(count, std::vector<float>(names.size(), NAN));
  for (int i = 0; i < count; ++i) {
    rows[i][featureColumn(names, "peak_ndvi")] = gain * value(i) + offset;
    if (i < withFloor) rows[i][featureColumn(names, "min_ndvi")] = 0.1f + 0.001f * i;
  }
  return rows;
}

std::vector<const std::vector<float>*> pointers(const std::vector<std::vector<float>>& rows) {
  std::vector<const std::vector<float>*> p;
  for (const auto& row : rows) p.push_back(&row);
  return p;
}

// Equal, missing values included (NaN != NaN).
bool identical(const std::vector<std::vector<float>>& a, const std::vector<std::vector<float>>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].size() != b[i].size() ||
        std::memcmp(a[i].data(), b[i].data(), a[i].size() * sizeof(float)) != 0)
      return false;
  return true;
}

float spread(int i) {
  return 0.4f + 0.013f * ((i * 7) % 30);  // 30 distinct levels, not in row order
}

}  // namespace

class TestBatchRanks : public QObject {
  Q_OBJECT

 private slots:
  void eachParcelIsPlacedAmongItsBatch() {
    const auto rows = parcels(30, 1, 0, 10, spread);
    const auto ranks = BatchRanks::ranks(pointers(rows), parcelNames());
    const auto rankNames = BatchRanks::featureNames();
    const std::size_t peak = featureColumn(rankNames, "batch_rank_peak_ndvi"),
                      floor = featureColumn(rankNames, "batch_rank_min_ndvi");
    QVERIFY(peak < rankNames.size() && floor < rankNames.size());
    for (int i = 0; i < 30; ++i) {
      for (int j = 0; j < 30; ++j)
        if (spread(i) < spread(j)) QVERIFY(ranks[i][peak] < ranks[j][peak]);
      QVERIFY(ranks[i][peak] > 0 && ranks[i][peak] < 1);
      // Ten parcels with a floor are too few to rank it.
      QVERIFY(std::isnan(ranks[i][floor]));
    }
    const auto lowest = std::min_element(ranks.begin(), ranks.end(),
                                         [&](auto& a, auto& b) { return a[peak] < b[peak]; });
    QCOMPARE((*lowest)[peak], 0.5f / 30);
  }

  void aGainOnEveryParcelLeavesTheRanksAlone() {
    // Haze or another sensor lowers every peak of the region: the ranks do not move.
    const auto clear = parcels(40, 1, 0, 40, spread), hazy = parcels(40, 0.8f, -0.05f, 40, spread);
    QVERIFY(identical(BatchRanks::ranks(pointers(hazy), parcelNames()),
                      BatchRanks::ranks(pointers(clear), parcelNames())));
    // Equal levels share one rank, the middle of theirs.
    const auto flat = parcels(24, 0, 0.5f, 0, spread);
    const auto ranks = BatchRanks::ranks(pointers(flat), parcelNames());
    const std::size_t peak = featureColumn(BatchRanks::featureNames(), "batch_rank_peak_ndvi");
    for (const auto& r : ranks) QCOMPARE(r[peak], 0.5f);
  }

  void trainingRanksSomeCatalogsByAFewOfTheirCrops() {
    // 12 catalogs of 12 crops, 10 parcels each; crop c peaks at 0.3 + 0.05 c.
    auto names = parcelNames();
    const auto rankNames = BatchRanks::featureNames();
    names.insert(names.end(), rankNames.begin(), rankNames.end());
    const std::size_t peak = featureColumn(names, "peak_ndvi"),
                      rank = featureColumn(names, "batch_rank_peak_ndvi");
    std::vector<std::vector<float>> rows;
    std::vector<int> groups, labels;
    for (int g = 0; g < 12; ++g)
      for (int i = 0; i < 120; ++i) {
        rows.emplace_back(names.size(), NAN);
        rows.back()[peak] = 0.3f + 0.05f * (i % 12) + 0.0001f * i;
        groups.push_back(g);
        labels.push_back(i % 12);
      }
    auto once = rows, again = rows;
    BatchRanks::rankWithin(once, groups, labels, names, 1);
    BatchRanks::rankWithin(again, groups, labels, names, 1);
    QVERIFY(identical(once, again));
    QVERIFY(!identical(once, rows));
    // Some catalogs are ranked whole, others as batches of a few of their crops (a batch of
    // one crop is too small to rank).
    int whole = 0, split = 0;
    for (int g = 0; g < 12; ++g) {
      std::vector<const std::vector<float>*> catalog;
      for (int i = 0; i < 120; ++i) catalog.push_back(&rows[g * 120 + i]);
      const auto full = BatchRanks::ranks(catalog, parcelNames());
      bool same = true;
      for (int i = 0; i < 120; ++i) {
        const float r = once[g * 120 + i][rank];
        QVERIFY(std::isnan(r) || (r > 0 && r < 1));
        same = same && r == full[i][featureColumn(rankNames, "batch_rank_peak_ndvi")];
      }
      (same ? whole : split)++;
    }
    qInfo("%d catalogs ranked whole, %d by a few crops", whole, split);
    QVERIFY(whole >= 1 && split >= 1);
  }
};

QTEST_GUILESS_MAIN(TestBatchRanks)
#include "TestBatchRanks.moc"
