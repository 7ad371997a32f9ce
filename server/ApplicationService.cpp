#include "ApplicationService.h"

#include <algorithm>
#include <limits>
#include <thread>

#include <unistd.h>

#include <fstream>

#include <openssl/rand.h>

#include "ApiProblem.h"
#include "ApiRequestParser.h"
#include "CaseFileError.h"
#include "EvidenceJson.h"
#include "LeaseLost.h"
#include "Sha256.h"

namespace aviary {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

int cores() {
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

// Readings are CPU-bound: one per core runs, and the queue behind them leaves a quarter of
// the request threads (at least two) to requests that read nothing.
std::size_t readingQueueLength(int requestThreads) {
  return static_cast<std::size_t>(
      std::max(1, requestThreads - cores() - std::max(2, requestThreads / 4)));
}

double millisecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string randomKey() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1)
    throw ApiProblem(503, "Try again", "the server's random generator failed: retry the request");
  std::string text;
  for (unsigned char byte : bytes) {
    text += "0123456789abcdef"[byte >> 4];
    text += "0123456789abcdef"[byte & 15];
  }
  return text;
}

// Written beside the target and renamed over it, so a reader never sees half a file.
void writeAtomically(const fs::path& path, std::string_view bytes) {
  fs::create_directories(path.parent_path());
  const fs::path temporary = path.string() + ".part";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out)
      throw ApiProblem(507, "Cannot store the upload",
                       "the server could not save the file (disk full?): try again later");
  }
  fs::rename(temporary, path);
}

std::string statusFor(const std::string& outcome) {
  if (outcome == "approve") return "approved";
  if (outcome == "decline") return "declined";
  return "referred";
}

nlohmann::json decisionJson(const Decision& decision) {
  nlohmann::json reasons = nlohmann::json::array();
  for (const auto& reason : decision.reasons) reasons.push_back(reason.text);
  nlohmann::json rules = nlohmann::json::array();
  for (const auto& rule : decision.rulesFired)
    rules.push_back({{"id", rule.id}, {"action", rule.action}, {"text", rule.text}});
  return {{"outcome", decision.outcome},
          {"limit_cny", decision.limitCny},
          {"annual_rate", decision.annualRate},
          {"pd", decision.probabilityOfDefault},
          {"reasons", reasons},
          {"rules_fired", rules},
          {"hint", decision.counterfactual}};
}

}  // namespace

ApplicationService::ApplicationService(std::string connectionString, const PluginRegistry& registry,
                                       const CreditRiskModel& model, const PolicyRuleSet& policy,
                                       ServerOptions options)
    : connectionString_(std::move(connectionString)),
      registry_(registry),
      options_(std::move(options)),
      routes_(registry, options_.configuredInputs),
      inspector_(options_.maximumPixels),
      readings_(registry, options_.readingBudget),
      readingTurns_(static_cast<std::size_t>(cores()), readingQueueLength(options_.threads)),
      handOverTurns_(static_cast<std::size_t>(cores()), std::numeric_limits<std::size_t>::max()),
      sessions_(
          [this] { return std::make_unique<ChannelApplicationRepository>(connectionString_); }),
      cases_([this] { return std::make_unique<CaseRepository>(connectionString_); }),
      // As many deciders as cores: more would only take turns on them, each paying to load.
      deciders_(
          [this, &model, &policy] {
            auto decider =
                std::make_unique<CaseDecider>(connectionString_, registry_, model, policy);
            // Ready before the first request: its session open, model and rule set stored.
            decider->prepare();
            return decider;
          },
          static_cast<std::size_t>(options_.deciders > 0 ? options_.deciders : cores())) {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  deciderName_ = std::string("serve:") + host + ":" + std::to_string(getpid());
  registry.attachDatabase(connectionString_);
  // Connected before the first request: 50 applicants submitting at once to a fresh server
  // spent their first second forking database backends and converting the model per decider.
  sessions_.prefill(static_cast<std::size_t>(std::max(1, options_.threads)));
  deciders_.prefill(std::numeric_limits<std::size_t>::max());
}

std::optional<ChannelTokenStore::Caller> ApplicationService::authenticate(
    const std::string& token) {
  // Kept five seconds by hash: a revoked token stops working within that.
  const std::string hash = ChannelTokenStore::tokenHash(token);
  {
    std::lock_guard lock(tokensMutex_);
    const auto known = knownTokens_.find(hash);
    if (known != knownTokens_.end() &&
        Clock::now() - known->second.checked < std::chrono::seconds(5))
      return known->second.caller;
  }
  auto session = sessions_.borrow();
  const auto caller = ChannelTokenStore::authenticate(session->connection(), token);
  std::lock_guard lock(tokensMutex_);
  if (knownTokens_.size() > 10'000) knownTokens_.clear();
  knownTokens_[hash] = {caller, Clock::now()};
  return caller;
}

nlohmann::json ApplicationService::health() const {
  nlohmann::json sources = nlohmann::json::array();
  for (const auto& source : registry_.sources())
    sources.push_back({{"id", source->id()},
                       {"version", source->version()},
                       {"segments", source->description().segments}});
  return {{"status", "ok"}, {"sources", sources}};
}

fs::path ApplicationService::applicationDirectory(std::int64_t id) const {
  return options_.dataDirectory / "applications" / std::to_string(id);
}

ApplicationService::Reply ApplicationService::open(const std::string& channel,
                                                   const std::string& idempotencyKey,
                                                   std::string_view body) {
  const std::string key =
      "channel/" + channel + "/" + (idempotencyKey.empty() ? randomKey() : idempotencyKey);
  const CaseFile caseFile = ApiRequestParser::application(body, key);
  try {
    readings_.sourcesFor(caseFile);  // a segment no loaded source serves is refused now
  } catch (const CaseFileError& error) {
    throw ApiProblem(422, "Invalid application", error.what());
  }
  SubmittedCase submitted;
  try {
    auto cases = cases_.borrow();
    submitted = cases->submit(caseFile, channel);
  } catch (const std::invalid_argument& error) {
    throw ApiProblem(409, "Idempotency-Key already used",
                     "this Idempotency-Key opened another application with a different body: "
                     "send a new key for a new application");
  }
  Reply reply;
  reply.status = submitted.created ? 201 : 200;
  reply.replayed = !submitted.created;
  reply.body = {{"id", submitted.caseId}, {"status", submitted.status}};
  return reply;
}

EvidenceInputRoutes::Target ApplicationService::targetFor(const ChannelApplication& application,
                                                          EvidenceInputRoutes::Route route) const {
  const std::string segment = application.caseFile["merchant"].value("segment", "");
  const auto target = routes_.target(route, segment);
  if (!target)
    throw ApiProblem(422, "No evidence source takes this",
                     std::string("no loaded evidence source reads ") +
                         EvidenceInputRoutes::toString(route) + " for a " + segment +
                         ": see GET /v1/health for the sources this server runs");
  // Everything else the source requires must come from the server's configuration.
  const auto source = registry_.find(target->sourceId);
  const auto configured = routes_.configuredFor(target->sourceId);
  for (const auto& input : source->description().inputs)
    if (input.required && input.name != target->inputName && !configured.contains(input.name) &&
        input.type != "path[]" && input.name != "parcels" && input.name != "firm_id")
      throw ApiProblem(503, "Server not configured for this",
                       "evidence source " + target->sourceId + " needs input '" + input.name +
                           "', which this server was not started with: ask its operator to "
                           "start 'aviary serve' with --input " +
                           input.name + "=PATH");
  return *target;
}

ChannelApplication ApplicationService::attach(const std::string& channel, std::int64_t id,
                                              EvidenceInputRoutes::Route route,
                                              const std::string& fileName, std::string_view bytes,
                                              const nlohmann::json& auditDetail,
                                              std::string* sourceId, std::string* storedPath) {
  auto session = sessions_.borrow();
  const ChannelApplication before = session->load(id, channel);
  const auto target = targetFor(before, route);
  const fs::path path = applicationDirectory(id) / (route == EvidenceInputRoutes::Route::Documents
                                                        ? fs::path("documents") / fileName
                                                        : fs::path(fileName));
  const std::string sha = sha256Hex(bytes);
  nlohmann::json detail = auditDetail;
  detail["sha256"] = sha;
  detail["bytes"] = bytes.size();
  ChannelApplication application = session->change(
      id, channel,
      [&](ChannelApplication& app) {
        nlohmann::json& inputs = app.inputs[target.sourceId];
        if (!inputs.is_object()) inputs = nlohmann::json::object();
        for (const auto& [name, value] : routes_.configuredFor(target.sourceId))
          inputs[name] = value;
        if (route == EvidenceInputRoutes::Route::Documents) {
          nlohmann::json& list = inputs[target.inputName];
          if (!list.is_array()) list = nlohmann::json::array();
          if (std::find(list.begin(), list.end(), path.string()) == list.end())
            list.push_back(path.string());
        } else {
          inputs[target.inputName] = path.string();
        }
        app.uploads[path.string()] = sha;
        // Under the row lock and after the status check: a submitted case's files never change.
        writeAtomically(path, bytes);
      },
      std::string(EvidenceInputRoutes::toString(route)) + "_uploaded", detail);
  *sourceId = target.sourceId;
  *storedPath = path.string();
  return application;
}

std::string ApplicationService::inputsSha256(const ChannelApplication& application,
                                             const std::string& sourceId) const {
  // The inputs and the bytes of every upload they name: a re-upload makes a new reading.
  const nlohmann::json inputs = application.inputs.value(sourceId, nlohmann::json::object());
  std::string text = inputs.dump();
  std::function<void(const nlohmann::json&)> addUploads = [&](const nlohmann::json& value) {
    if (value.is_string() && application.uploads.contains(value.get<std::string>()))
      text += "\n" + application.uploads[value.get<std::string>()].get<std::string>();
    else if (value.is_array() || value.is_object())
      for (const auto& item : value) addUploads(item);
  };
  addUploads(inputs);
  return sha256Hex(text);
}

AdmissionGate::Pass ApplicationService::admitReading() {
  if (auto pass = readingTurns_.enter()) return std::move(*pass);
  const int seconds = readingTurns_.retryAfterSeconds();
  throw ApiProblem(503, "Server busy reading evidence",
                   "this server is reading as many uploads as it can queue; nothing was "
                   "stored: send the same request again in " +
                       std::to_string(seconds) + " s (Retry-After)",
                   seconds);
}

Evidence ApplicationService::readNow(const ChannelApplication& application,
                                     const std::string& sourceId) {
  nlohmann::json caseJson = application.caseFile;
  caseJson["inputs"] = {{sourceId, application.inputs[sourceId]}};
  const CaseFile partial = CaseFile::fromJson(caseJson);
  Evidence evidence = readings_.collect(partial, std::to_string(application.caseId)).at(0);
  auto session = sessions_.borrow();
  session->storeReading(application.caseId, evidence, inputsSha256(application, sourceId));
  return evidence;
}

std::string ApplicationService::hidePaths(const std::string& text, std::int64_t id) const {
  // The caller sees its own file names, never the server's folders.
  std::string result = text;
  for (const std::string& prefix : {(applicationDirectory(id) / "documents").string() + "/",
                                    applicationDirectory(id).string() + "/"})
    for (auto at = result.find(prefix); at != std::string::npos; at = result.find(prefix, at))
      result.erase(at, prefix.size());
  return result;
}

nlohmann::json ApplicationService::summary(const Evidence& evidence,
                                           const ChannelApplication& application) const {
  nlohmann::json warnings = nlohmann::json::array();
  for (const auto& warning : evidence.warnings)
    warnings.push_back(hidePaths(warning, application.caseId));
  return {{"source", evidence.sourceId},
          {"status", toString(evidence.status)},
          {"error", hidePaths(evidence.error, application.caseId)},
          {"features", evidence.features},
          {"warnings", warnings},
          {"duration_ms", evidence.totalMilliseconds()}};
}

nlohmann::json ApplicationService::putDocument(const std::string& channel, std::int64_t id,
                                               const std::string& name, std::string_view bytes) {
  const UploadInspector::Upload upload = inspector_.inspect(bytes);
  const auto turn = admitReading();  // before anything is stored: a 503 changes nothing
  std::string sourceId, path;
  const ChannelApplication application =
      attach(channel, id, EvidenceInputRoutes::Route::Documents, name, bytes,
             {{"document", name},
              {"media_type", upload.mediaType},
              {"width", upload.width},
              {"height", upload.height}},
             &sourceId, &path);
  const Evidence evidence = readNow(application, sourceId);
  nlohmann::json reply = {{"id", id}, {"document", name}, {"media_type", upload.mediaType}};
  // A source describes each input it read in a JSON artifact named "<what>:<path>".
  nlohmann::json reading = nullptr;
  for (const auto& artifact : evidence.artifacts) {
    const std::string suffix = ":" + path;
    if (artifact.name.size() > suffix.size() &&
        artifact.name.compare(artifact.name.size() - suffix.size(), suffix.size(), suffix) == 0 &&
        artifact.mediaType == "application/json") {
      reading = nlohmann::json::parse(hidePaths(artifact.data, id), nullptr, false);
      if (!reading.is_discarded()) break;
    }
  }
  if (reading.is_object()) {
    reading["file"] = name;
    for (const char* key : {"kind", "fields", "checks", "reshoot", "error"})
      if (reading.contains(key)) reply[key] = reading[key];
  }
  if (!reply.contains("reshoot")) reply["reshoot"] = nullptr;
  nlohmann::json about = nlohmann::json::array();
  for (const auto& warning : evidence.warnings)
    if (warning.find(path) != std::string::npos) about.push_back(hidePaths(warning, id));
  reply["warnings"] = about;
  reply["evidence"] = summary(evidence, application);
  reply["reading"] = reading.is_discarded() ? nlohmann::json(nullptr) : reading;
  return reply;
}

nlohmann::json ApplicationService::putParcels(const std::string& channel, std::int64_t id,
                                              std::string_view body) {
  const nlohmann::json parcels = ApiRequestParser::parcels(body);
  const auto turn = admitReading();
  std::string sourceId, path;
  const ChannelApplication application =
      attach(channel, id, EvidenceInputRoutes::Route::Parcels, "parcels.geojson", parcels.dump(),
             {{"parcels", parcels["features"].size()}}, &sourceId, &path);
  const Evidence evidence = readNow(application, sourceId);
  return {{"id", id},
          {"parcels", parcels["features"].size()},
          {"evidence", summary(evidence, application)}};
}

nlohmann::json ApplicationService::putTrade(const std::string& channel, std::int64_t id,
                                            std::string_view body) {
  const std::string firmId = ApiRequestParser::tradeFirmId(body);
  const auto turn = admitReading();
  auto session = sessions_.borrow();
  const auto target = targetFor(session->load(id, channel), EvidenceInputRoutes::Route::Trade);
  const ChannelApplication application =
      session->change(id, channel,
                      [&](ChannelApplication& app) {
                        nlohmann::json& inputs = app.inputs[target.sourceId];
                        if (!inputs.is_object()) inputs = nlohmann::json::object();
                        for (const auto& [name, value] : routes_.configuredFor(target.sourceId))
                          inputs[name] = value;
                        inputs[target.inputName] = firmId;
                      },
                      "trade_named", {{"firm_id", firmId}, {"source", target.sourceId}});
  const Evidence evidence = readNow(application, target.sourceId);
  return {{"id", id}, {"firm_id", firmId}, {"evidence", summary(evidence, application)}};
}

}  // namespace aviary

namespace aviary {

std::optional<ApplicationService::InterviewTurn> ApplicationService::interviewTurn(
    const ChannelApplication& application) const {
  // The first source serving the segment that holds an interview, given its inputs so far
  // and the answers given to it.
  const CaseFile caseFile = CaseFile::fromJson(application.caseFile);
  for (const auto& source : registry_.sources()) {
    const auto& segments = source->description().segments;
    if (!segments.empty() &&
        std::find(segments.begin(), segments.end(), caseFile.segment) == segments.end())
      continue;
    CaseFile withInputs = caseFile;
    if (application.inputs.contains(source->id()))
      withInputs.evidenceInputs[source->id()] = application.inputs[source->id()];
    const AssessmentRequest request =
        EvidenceCollector::requestFor(withInputs, std::to_string(application.caseId), source->id());
    std::vector<std::string> answers;
    for (const auto& given : application.interviewAnswers)
      if (given.value("source", "") == source->id()) answers.push_back(given.value("answer", ""));
    std::string error;
    const std::string text = source->interview(request, answers, &error);
    if (!error.empty())
      throw ApiProblem(502, "Interview failed",
                       "evidence source " + source->id() + " could not hold the interview (" +
                           hidePaths(error, application.caseId) +
                           "): try again, or submit without it");
    if (text.empty()) continue;
    nlohmann::json reply = nlohmann::json::parse(text, nullptr, false);
    if (!reply.is_object() || !reply.contains("question"))
      throw ApiProblem(502, "Interview failed",
                       "evidence source " + source->id() +
                           " answered the interview with something else than "
                           "{question, transcript}: report this to the server's operator");
    return InterviewTurn{source->id(), reply};
  }
  return std::nullopt;
}

nlohmann::json ApplicationService::nextQuestion(const std::string& channel, std::int64_t id) {
  auto session = sessions_.borrow();
  const ChannelApplication application = session->load(id, channel);
  const auto turn = interviewTurn(application);
  if (!turn)
    throw ApiProblem(404, "No interview",
                     "no evidence source this server runs holds an interview for this "
                     "merchant: go on with the documents and submit");
  return {{"id", id},
          {"source", turn->sourceId},
          {"question", turn->reply["question"]},
          {"done", turn->reply["question"].is_null()},
          {"answered", application.interviewAnswers.size()}};
}

void ApplicationService::saveTranscript(const std::string& channel, const InterviewTurn& turn,
                                        std::int64_t id) {
  // A source that declares an "interview" input gets the transcript with its evidence.
  if (!routes_.takes(turn.sourceId, "interview") || !turn.reply.contains("transcript")) return;
  const fs::path path = applicationDirectory(id) / ("interview-" + turn.sourceId + ".json");
  auto session = sessions_.borrow();
  session->change(id, channel,
                  [&](ChannelApplication& app) {
                    const std::string text = turn.reply["transcript"].dump(2);
                    writeAtomically(path, text);
                    nlohmann::json& inputs = app.inputs[turn.sourceId];
                    if (!inputs.is_object()) inputs = nlohmann::json::object();
                    inputs["interview"] = path.string();
                    app.uploads[path.string()] = sha256Hex(text);
                  },
                  "interview_completed", {{"source", turn.sourceId}});
}

nlohmann::json ApplicationService::answer(const std::string& channel, std::int64_t id,
                                          std::string_view body) {
  const std::string text = ApiRequestParser::interviewAnswer(body);
  auto session = sessions_.borrow();
  const auto before = interviewTurn(session->load(id, channel));
  if (!before)
    throw ApiProblem(404, "No interview",
                     "no evidence source this server runs holds an interview for this merchant");
  if (before->reply["question"].is_null())
    throw ApiProblem(409, "Interview finished",
                     "every question has been answered: submit the application");
  const std::string questionId = before->reply["question"].value("id", "");
  const ChannelApplication application = session->change(
      id, channel,
      [&](ChannelApplication& app) {
        app.interviewAnswers.push_back(
            {{"source", before->sourceId}, {"question", questionId}, {"answer", text}});
      },
      "interview_answered", {{"source", before->sourceId}, {"question", questionId}});
  const auto after = interviewTurn(application);
  if (after && after->reply["question"].is_null()) saveTranscript(channel, *after, id);
  return {{"id", id},
          {"source", before->sourceId},
          {"answered", questionId},
          {"question", after ? after->reply["question"] : nlohmann::json(nullptr)},
          {"done", !after || after->reply["question"].is_null()}};
}

nlohmann::json ApplicationService::submit(const std::string& channel, std::int64_t id) {
  const auto started = Clock::now();
  std::size_t sources = 0;
  std::optional<std::vector<StoredEvidence>> gathered;
  {
    // A few at a time, each on a session a hand-over just used: 50 at once spent their time
    // waiting for cores and warming 50 database backends (catalogs, trigger functions).
    const auto turn = handOverTurns_.enter();
    auto session = sessions_.borrow();
    // One transaction: lock the application, take its current readings, hand it over.
    gathered = session->handOver(
        id, channel,
        [&](const ChannelApplication& application) {
          std::map<std::string, std::string> hashes;
          for (const auto& [source, inputs] : application.inputs.items())
            hashes[source] = inputsSha256(application, source);
          sources = hashes.size();
          return hashes;
        },
        deciderName_, options_.leaseSeconds);
  }
  if (!gathered) return show(channel, id);  // submitted before, or a concurrent submit won
  const double handOverMs = millisecondsSince(started);

  const auto waiting = Clock::now();
  auto decider = deciders_.borrow();
  const double waitMs = millisecondsSince(waiting);
  const auto deciding = Clock::now();
  Decision decision;
  try {
    decision = decider->decideClaimed(id, deciderName_, options_.leaseSeconds, *gathered);
  } catch (const LeaseLost&) {
    return show(channel, id);  // a worker took it over and decides it
  } catch (const std::exception& error) {
    // As a worker does: an undecidable case goes to an underwriter with the reason.
    decider->repository().referAfterError(id, deciderName_, error.what());
    return show(channel, id);
  }
  nlohmann::json timings = {{"hand_over", handOverMs},
                            {"wait_for_decider", waitMs},
                            {"decide_and_store", millisecondsSince(deciding)},
                            {"total", millisecondsSince(started)}};
  // The decider's own stages, wall clock and CPU, so a benchmark sees where the time goes.
  for (const auto& [stage, ms] : decider->lastStageTimes().wallMs) timings[stage] = ms;
  for (const auto& [stage, ms] : decider->lastStageTimes().cpuMs) timings[stage + "_cpu"] = ms;
  return {{"id", id},
          {"status", statusFor(decision.outcome)},
          {"decision", decisionJson(decision)},
          {"evidence_reused", gathered->size()},
          {"evidence_collected", sources - std::min(sources, gathered->size())},
          {"timings_ms", timings}};
}

nlohmann::json ApplicationService::show(const std::string& channel, std::int64_t id) {
  auto session = sessions_.borrow();
  const ChannelApplication application = session->load(id, channel);
  nlohmann::json documents = nlohmann::json::array();
  for (const auto& [path, sha] : application.uploads.items())
    documents.push_back({{"file", hidePaths(path, id)}, {"sha256", sha}});
  nlohmann::json sources = nlohmann::json::array();
  for (const auto& [source, inputs] : application.inputs.items()) sources.push_back(source);
  return {{"id", id},
          {"status", application.status},
          {"merchant_id", application.caseFile["merchant"].value("merchant_id", "")},
          {"channel", channel},
          {"uploads", documents},
          {"sources", sources},
          {"interview_answers", application.interviewAnswers.size()},
          {"decision", session->latestDecision(id)}};
}

}  // namespace aviary
