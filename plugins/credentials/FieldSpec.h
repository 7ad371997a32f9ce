#pragma once

#include <string>
#include <vector>

namespace aviary {

// One field a document kind carries: its key, the labels printed before it and how its
// value is normalised.
struct FieldSpec {
  enum class Type {
    Name,         // a person or organisation name (key field)
    Text,         // free text: address, scope, items
    Date,         // ISO YYYY-MM-DD
    TermEnd,      // ISO date or "long_term" (长期)
    Month,        // ISO YYYY-MM
    Amount,       // yuan, printed in figures
    AmountWords,  // yuan, printed in capital words (大写); checked against `checks`
    Number,       // a quantity with a unit (kWh, tons, m2, mu, people)
    Code,         // letters and digits: account, licence and invoice numbers
    Uscc,         // unified social credit code
    IdNumber,     // resident identity number
    Vin,          // vehicle identification number
  };
  std::string name;
  Type type = Type::Text;
  std::vector<std::string> labels;  // the first is the most common printed label
  bool key = true;                  // scored as a key field (names, codes, dates, amounts)
  std::string rangeLabel;           // for a start date: the label of a combined "X至Y" line
  std::string checks;               // for AmountWords: the figures field it must equal
};

}  // namespace aviary
