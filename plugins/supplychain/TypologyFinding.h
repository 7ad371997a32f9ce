#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace aviary::supplychain {

// One finding of a typology search (a ring, a fan-in, a fan-out, a layering chain, a shell):
// who, which payments, how strong.
struct TypologyFinding {
  std::vector<std::uint32_t> members;  // the focal party first where there is one
  std::vector<std::uint32_t> txns;
  double score = 0;  // -ln of the chance of seeing it, summed over its independent parts
  std::int64_t cents = 0;
  int rounds = 1;
  std::string detail;
};

// Where to cut a typology's scores, from the same search run on a null copy of the data
// (AmountView): the lowest score at which the null's count plus one is at most `alpha`
// times the real data's (an estimated false discovery rate), or that beats the best null
// finding by ln 19. Never below `floor`. Returns +infinity when no real finding clears it.
double typologyThreshold(std::vector<double> real, std::vector<double> null, double alpha = 0.1,
                         double floor = 3.0);

// Where to cut scores that are -ln of a p-value each, out of `tested` tries (Benjamini and
// Hochberg at false discovery rate `q`): for searches whose evidence no null copy changes.
double benjaminiHochbergThreshold(std::vector<double> scores, std::size_t tested, double q = 0.05);

}  // namespace aviary::supplychain
