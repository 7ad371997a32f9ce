#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "PaymentNetwork.h"

namespace aviary::supplychain {

enum class PartyRole : std::uint8_t { Brand, Distributor, Wholesaler, Retailer, Consumer, Other };
const char* toString(PartyRole role);

// Everything the analysis found about one payment network.
struct SupplyChainAnalysis {
  enum class RelationType : std::uint8_t { Supplies, Controls, SamePerson };
  struct Relation {
    std::uint32_t from = 0, to = 0;
    RelationType type = RelationType::Supplies;
    double confidence = 1.0;
    std::uint32_t txnCount = 0;
    std::int64_t cents = 0;
    std::string basis;  // why: memo share, recurrence, sectors; or share / legal person
  };
  struct Flag {
    // circular_trade, fan_in, fan_out, shell_suspect, failed_affiliate, supplier_loss
    std::string type;
    std::vector<std::uint32_t> members;
    std::vector<std::uint32_t> txns;
    std::string detail;
    double score = 0;  // strength of the evidence; typologies: -ln of its chance probability
  };
  // What the supplies relations rest on: the weak labels of this data set, the model
  // trained on them and the features that carry it.
  struct PairModelReport {
    bool trained = false;
    std::string note;
    std::size_t candidates = 0, positives = 0, negatives = 0;
    std::size_t pseudoPositives = 0, pseudoNegatives = 0;
    std::vector<std::pair<std::string, std::size_t>> weakLabels;  // rule, pairs
    std::vector<std::pair<std::string, double>> gains;  // feature, share of gain; largest first
  };
  struct StandingSource {
    std::uint32_t party;
    double share;  // of this party's standing that came through that neighbour
  };
  struct Entity {
    PartyRole role = PartyRole::Other;
    int tier = -1;
    std::vector<std::uint32_t> brands, upstream;
    std::uint32_t downstreamCount = 0;
    std::uint32_t buyerCount = 0, supplierCount = 0;
    std::array<double, 12> monthlyPurchases{};  // oldest first, the 12 months before as-of
    double monthlyPurchase = 0, purchaseStability = 0, purchaseTrend = 0;
    double supplierConcentration = 0;
    int monthsActive = 0;
    double trustRank = 0, standing = 0;
    bool certified = false;
    std::vector<StandingSource> standingSources;
    std::vector<std::uint32_t> flags;  // indices into SupplyChainAnalysis::flags
    double suggestedLimit = 0;
  };
  struct Ring {
    std::vector<std::uint32_t> members;
    std::vector<std::uint32_t> txns;
    std::int64_t cents = 0;
    int rounds = 0;
    double score = 0;
  };

  std::shared_ptr<const PaymentNetwork> network;
  std::int32_t asOfDay = 0;
  std::int32_t asOfMonth = 0;  // months since 2000-01; the series ends the month before
  std::vector<Relation> relations;
  std::vector<Entity> entities;  // indexed like network->parties
  std::vector<Ring> rings;
  std::vector<Flag> flags;
  PairModelReport pairModel;
  // Per typology search: where its scores were cut, and how many findings the real data and
  // the null copy had (see TypologySearch).
  struct TypologyCalibration {
    std::string search;
    double threshold = 0;
    std::size_t real = 0, null = 0, kept = 0;
  };
  std::vector<TypologyCalibration> typologies;
  std::vector<std::uint8_t> isFirm;
  // Supplies relations per party (indices into relations), for neighbourhood views.
  std::vector<std::vector<std::uint32_t>> suppliesOut, suppliesIn;
  int trustRankIterations = 0;
};

}  // namespace aviary::supplychain
