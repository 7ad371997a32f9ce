#pragma once

#include <string>

namespace aviary {

// One thing the interview asks: a stable id (the key in an answers file), what Aviary says,
// and why it asks (told to the merchant with the question).
struct InterviewQuestion {
  std::string id;     // industry, purpose, amount, repayment, check:<name>, material:<code>
  std::string topic;  // industry | purpose | amount | repayment | check | material
  std::string text;
  std::string why;
};

}  // namespace aviary
