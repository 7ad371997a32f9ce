#pragma once

namespace aviary {

// Risk-based annual rate: funding + PD x LGD + operating margin, clamped.
struct PricingPolicy {
  double fundingRate = 0.03;
  double lossGivenDefault = 0.45;
  double operatingMargin = 0.02;
  double minimumRate = 0.04;
  double maximumRate = 0.24;

  double annualRate(double probabilityOfDefault) const;
};

}  // namespace aviary
