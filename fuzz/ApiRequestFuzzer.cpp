// The channel API's request parser sees every byte a caller sends in a path, a header or a
// JSON body. The first byte picks the part; whatever it refuses must be an ApiProblem with a
// 4xx status and a detail, and nothing else may escape it.
#include <cstdint>
#include <cstdlib>

#include "ApiProblem.h"
#include "ApiRequestParser.h"
#include "FuzzInput.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text = aviary::fuzz::FuzzInput::text(data + 1, size - 1);
  using Parser = aviary::ApiRequestParser;
  try {
    switch (data[0] % 8) {
      case 0: {
        const auto caseFile = Parser::application(text, "fuzz-key");
        if (caseFile.idempotencyKey != "fuzz-key" || !caseFile.evidenceInputs.empty()) std::abort();
        break;
      }
      case 1:
        Parser::tradeFirmId(text);
        break;
      case 2:
        Parser::parcels(text);
        break;
      case 3:
        Parser::interviewAnswer(text);
        break;
      case 4:
        if (Parser::applicationId(text) <= 0) std::abort();
        break;
      case 5:
        if (Parser::documentName(text).find('/') != std::string::npos) std::abort();
        break;
      case 6:
        if (Parser::bearerToken(text).find(' ') != std::string::npos) std::abort();
        break;
      default:
        Parser::idempotencyKey(text);
        break;
    }
  } catch (const aviary::ApiProblem& problem) {
    if (problem.status() < 400 || problem.status() > 499 || problem.detail().empty()) std::abort();
  }
  return 0;
}
