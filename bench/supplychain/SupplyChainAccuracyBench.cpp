// Accuracy of `supplychain analyze` on data with truth, scored from the JSONL it writes.
//   supplychain_accuracy amlsim [--real DIR]
//       every AMLSim run under DIR (default ../shared/data/real/transactions/amlsim):
//       planted accounts (accounts_truth.csv) against the accounts flagged, per typology
//   supplychain_accuracy simulate [--seeds 901,902] [--brands 8] [--scale 0.4]
//                                 [--export rich|varied|plain] [--generator main|second]
//       (second: AgriInputMarketSimulator; its "rich" is its own bank's style)
//       generates, analyses and scores supplies, roles, ring members and shells
//   supplychain_accuracy dump [simulate's options]: pairs.csv of features, weak labels, truth
//   supplychain_accuracy score --out DIR --truth truth.json|accounts_truth.csv
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "AgriInputMarketSimulator.h"
#include "AnalysisScorer.h"
#include "AnalysisWriter.h"
#include "PartyProfile.h"
#include "PaymentNetworkLoader.h"
#include "SupplyChainAnalyzer.h"
#include "SupplyChainSimulator.h"
#include "SupplyPairFeatures.h"
#include "WeakPairLabels.h"

namespace fs = std::filesystem;
using namespace aviary::supplychain;

namespace {

struct Args {
  std::string mode;
  fs::path real =
      fs::path(AVIARY_SOURCE_DIR) / ".." / "shared" / "data" / "real" / "transactions" / "amlsim";
  std::vector<std::uint64_t> seeds = {901, 902};
  int brands = 8;
  double scale = 0.4;
  std::string exportStyle = "rich", generator = "main";
  fs::path out, truth;
  fs::path work = fs::temp_directory_path() / "aviary_sc_accuracy";
};

Args parse(int argc, char** argv) {
  Args a;
  if (argc > 1) a.mode = argv[1];
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--real")
      a.real = v;
    else if (k == "--brands")
      a.brands = std::stoi(v);
    else if (k == "--scale")
      a.scale = std::stod(v);
    else if (k == "--export")
      a.exportStyle = v;
    else if (k == "--generator")
      a.generator = v;
    else if (k == "--out")
      a.out = v;
    else if (k == "--truth")
      a.truth = v;
    else if (k == "--work")
      a.work = v;
    else if (k == "--seeds") {
      a.seeds.clear();
      std::stringstream ss(v);
      std::string s;
      while (std::getline(ss, s, ',')) a.seeds.push_back(std::stoull(s));
    } else {
      std::fprintf(stderr, "unknown option %s\n", k.c_str());
      std::exit(2);
    }
  }
  return a;
}

// Reads, analyses and writes like `aviary supplychain analyze`; returns the seconds taken.
double analyze(const fs::path& data, const fs::path& out) {
  const auto t0 = std::chrono::steady_clock::now();
  auto optional = [&](const char* name) {
    return fs::exists(data / name) ? data / name : fs::path();
  };
  BadRowReport report;
  std::vector<std::string> warnings;
  auto net = std::make_shared<PaymentNetwork>(
      PaymentNetworkLoader::load({data / "transactions.csv", optional("firms.csv"),
                                  optional("holdings.csv"), optional("certificates.csv")},
                                 report, warnings));
  const auto analysis = SupplyChainAnalyzer::analyze(net, {});
  AnalysisWriter::write(analysis, out);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

int amlsim(const Args& a) {
  std::vector<fs::path> runs;
  for (const auto& e : fs::directory_iterator(a.real))
    if (fs::exists(e.path() / "accounts_truth.csv")) runs.push_back(e.path());
  std::sort(runs.begin(), runs.end());
  if (runs.empty()) {
    std::fprintf(stderr, "no AMLSim runs under %s\n", a.real.c_str());
    return 1;
  }
  for (const auto& run : runs) {
    const fs::path out = a.work / ("amlsim_" + run.filename().string());
    const double seconds = analyze(run, out);
    const auto s = AnalysisScorer::scorePlanted(out, run / "accounts_truth.csv");
    std::printf("%s (%zu accounts, analysed in %.2f s): planted accounts vs flagged accounts\n%s",
                run.filename().c_str(), s.accounts, seconds, AnalysisScorer::describe(s).c_str());
  }
  return 0;
}

// Writes every pair's features, weak label and truth (payee supplies payer) as CSV, for
// looking at the data the pair model learns from.
void dumpPairs(const fs::path& data, const fs::path& csv) {
  BadRowReport report;
  std::vector<std::string> warnings;
  auto optional = [&](const char* name) {
    return fs::exists(data / name) ? data / name : fs::path();
  };
  const auto net =
      PaymentNetworkLoader::load({data / "transactions.csv", optional("firms.csv"),
                                  optional("holdings.csv"), optional("certificates.csv")},
                                 report, warnings);
  const auto profile = PartyProfile::build(net);
  const auto f = SupplyPairFeatures::build(net, profile);
  const auto w = WeakPairLabels::build(net, profile, f);
  nlohmann::json truth;
  std::ifstream(data / "truth.json") >> truth;
  std::set<std::pair<std::string, std::string>> sup;
  for (const auto& x : truth["supplies"])
    sup.insert({x[0].get<std::string>(), x[1].get<std::string>()});
  std::ofstream out(csv);
  out << "payer,payee,truth,label,rule,payer_role,payee_role";
  for (std::size_t c = 0; c < SupplyPairFeatures::kWidth; ++c)
    out << ',' << SupplyPairFeatures::name(c);
  out << '\n';
  auto role = [&](const std::string& id) {
    return truth["parties"].contains(id) ? truth["parties"][id]["role"].get<std::string>()
                                         : std::string("?");
  };
  for (std::size_t pi = 0; pi < net.pairs.size(); ++pi) {
    const std::string u = net.parties.id(net.pairs[pi].payer),
                      v = net.parties.id(net.pairs[pi].payee);
    out << u << ',' << v << ',' << sup.count({v, u}) << ',' << int(w.label[pi]) << ','
        << int(w.rule[pi]) << ',' << role(u) << ',' << role(v);
    for (std::size_t c = 0; c < SupplyPairFeatures::kWidth; ++c) out << ',' << f.at(pi, c);
    out << '\n';
  }
}

int simulate(const Args& a) {
  AnalysisScorer::SimulatorScore total;
  for (std::uint64_t seed : a.seeds) {
    const fs::path data = a.work / (a.generator + "_" + a.exportStyle + "_" + std::to_string(seed));
    ExportStyle style;
    if (!ExportStyle::fromName(a.exportStyle, style)) {
      std::fprintf(stderr, "unknown export style %s: rich, varied or plain\n",
                   a.exportStyle.c_str());
      return 2;
    }
    if (a.generator == "main") {
      SupplyChainSimulator::Options o;
      o.seed = seed;
      o.brands = a.brands;
      o.scale = a.scale;
      o.style = style;
      o.familyFirms = a.exportStyle != "rich";
      SupplyChainSimulator(o).write(data);
    } else if (a.generator == "second") {
      AgriInputMarketSimulator::Options o;
      o.seed = seed;
      o.brands = a.brands;
      o.scale = a.scale;
      if (a.exportStyle != "rich") o.style = style;  // rich: its own bank's style
      AgriInputMarketSimulator(o).write(data);
    } else {
      std::fprintf(stderr, "unknown generator %s: main or second\n", a.generator.c_str());
      return 2;
    }
    if (a.mode == "dump") {
      dumpPairs(data, data / "pairs.csv");
      std::printf("%s\n", (data / "pairs.csv").c_str());
      continue;
    }
    const double seconds = analyze(data, data / "out");
    const auto s = AnalysisScorer::scoreSimulator(data / "out", data / "truth.json");
    std::printf("seed %llu (analysed in %.2f s)\n%s", static_cast<unsigned long long>(seed),
                seconds, AnalysisScorer::describe(s).c_str());
    total += s;
  }
  std::printf("all seeds, generator %s, export %s\n%s", a.generator.c_str(), a.exportStyle.c_str(),
              AnalysisScorer::describe(total).c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const Args a = parse(argc, argv);
  try {
    if (a.mode == "amlsim") return amlsim(a);
    if (a.mode == "simulate" || a.mode == "dump") return simulate(a);
    if (a.mode == "score") {
      if (a.truth.extension() == ".csv")
        std::printf("%s",
                    AnalysisScorer::describe(AnalysisScorer::scorePlanted(a.out, a.truth)).c_str());
      else
        std::printf(
            "%s", AnalysisScorer::describe(AnalysisScorer::scoreSimulator(a.out, a.truth)).c_str());
      return 0;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  std::fprintf(stderr, "usage: supplychain_accuracy amlsim|simulate|score [options]\n");
  return 2;
}
