#pragma once

#include <string>

namespace aviary {

// One simulated merchant: the identity its documents share.
struct SyntheticMerchant {
  std::string name;
  std::string shortName;
  std::string uscc;
  std::string representative;
  std::string representativeId;
  std::string address;
  std::string establishedDate;  // ISO
  std::string city;
};

}  // namespace aviary
