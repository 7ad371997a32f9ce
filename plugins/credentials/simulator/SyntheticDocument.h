#pragma once

#include <map>
#include <string>
#include <vector>

namespace aviary {

// The content of one simulated document: what is printed and the normalised truth.
struct SyntheticDocument {
  std::string kind;
  int layout = 0;
  std::string title;
  std::vector<std::string> fieldOrder;         // printing order
  std::map<std::string, std::string> labels;   // printed label per field
  std::map<std::string, std::string> printed;  // printed value per field
  std::map<std::string, std::string> truth;    // normalised value per field
  std::vector<std::string> keyFields;          // fields scored for exact match
  std::vector<std::vector<std::string>> rows;  // table rows (payroll, orders, statements)
  std::string sealText;                        // text around the red seal ("" = none)
};

}  // namespace aviary
