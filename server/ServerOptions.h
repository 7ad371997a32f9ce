#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

namespace aviary {

// How `aviary serve` runs: where it listens, where uploads go, what it is configured with
// and the limits it enforces.
struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  // Uploads are kept under <dataDirectory>/applications/<id>/, as a case file's inputs.
  std::filesystem::path dataDirectory;
  // Inputs every application shares, by input name: catalog (the scenes), transactions,
  // firms, holdings, certificates (the payment data).
  std::map<std::string, std::string> configuredInputs;
  std::size_t maximumRequestBytes = 20u << 20;  // larger bodies get 413
  std::int64_t maximumPixels = 40'000'000;      // an image declaring more gets 413
  double requestsPerMinute = 600;               // per token; 0 switches the limit off
  double burst = 60;
  int threads = 16;                                 // requests served at once
  int deciders = 0;                                 // decisions at once; 0: one per core
  std::chrono::milliseconds readingBudget{30'000};  // per source, for a reading on upload
  int leaseSeconds = 60;
};

}  // namespace aviary
