#pragma once

#include <string>
#include <vector>

#include "FieldSpec.h"

namespace aviary {

// One of the 26 kinds of credential in spec/credentials.md.
struct KindSpec {
  std::string code;                   // business_license, ...
  std::vector<std::string> titles;    // printed titles, most common first ("" = a photo)
  std::vector<std::string> keywords;  // words printed on this kind and rarely on others
  std::vector<FieldSpec> fields;
  bool photo = false;  // storefront and premises photos have no title and no fields table

  const FieldSpec* findField(const std::string& name) const;
};

}  // namespace aviary
