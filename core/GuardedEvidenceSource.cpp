#include "GuardedEvidenceSource.h"

#include <chrono>
#include <exception>
#include <ostream>

namespace aviary {

GuardedEvidenceSource::GuardedEvidenceSource(std::shared_ptr<EvidenceSource> source,
                                             std::shared_ptr<PluginHostContext> host)
    : source_(std::move(source)),
      host_(std::move(host)),
      id_(source_->id()),
      version_(source_->version()),
      abiVersion_(source_->abiVersion()),
      description_(source_->describe()) {
  if (host_) source_->initialize(*host_);
  commands_ = source_->commands();
}

GuardedEvidenceSource::~GuardedEvidenceSource() {
  try {
    source_->shutdown();
  } catch (...) {
    // A plugin that fails to shut down cannot stop the host from doing so.
  }
}

void GuardedEvidenceSource::stamp(Evidence& evidence, const AssessmentRequest& request) const {
  evidence.sourceId = id_;
  evidence.sourceVersion = version_;
  if (evidence.merchantId.empty()) evidence.merchantId = request.merchantId;
}

Evidence GuardedEvidenceSource::assess(const AssessmentRequest& request) const {
  const auto started = std::chrono::steady_clock::now();
  Evidence evidence;
  try {
    evidence = source_->assess(request);
  } catch (const std::exception& error) {
    evidence = Evidence::failed(id_, request.merchantId,
                                "evidence source '" + id_ + "' failed: " + error.what());
  } catch (...) {
    evidence = Evidence::failed(id_, request.merchantId,
                                "evidence source '" + id_ + "' failed with an unknown error");
  }
  stamp(evidence, request);
  if (evidence.timings.empty()) {
    const std::chrono::duration<double, std::milli> elapsed =
        std::chrono::steady_clock::now() - started;
    evidence.timings.push_back({"total", elapsed.count()});
  }
  return evidence;
}

std::vector<Evidence> GuardedEvidenceSource::assessBatch(
    const std::vector<AssessmentRequest>& requests) const {
  std::vector<Evidence> results;
  try {
    results = source_->assessBatch(requests);
  } catch (...) {
    results.clear();  // fall back to one by one, so one bad merchant fails alone
  }
  if (results.size() != requests.size()) {
    results.clear();
    for (const auto& request : requests) results.push_back(assess(request));
    return results;
  }
  for (std::size_t i = 0; i < results.size(); ++i) stamp(results[i], requests[i]);
  return results;
}

int GuardedEvidenceSource::runCommand(const std::string& name,
                                      const std::vector<std::string>& arguments, std::ostream& out,
                                      std::ostream& err) const {
  try {
    return source_->runCommand(name, arguments, out, err);
  } catch (const std::exception& error) {
    err << "aviary " << id_ << " " << name << ": " << error.what() << "\n";
  } catch (...) {
    err << "aviary " << id_ << " " << name << " failed with an unknown error\n";
  }
  return 1;
}

std::string GuardedEvidenceSource::interview(const AssessmentRequest& request,
                                             const std::vector<std::string>& answers,
                                             std::string* error) const {
  try {
    return source_->interview(request, answers);
  } catch (const std::exception& failure) {
    if (error) *error = std::string("the interview of ") + id_ + " failed: " + failure.what();
  } catch (...) {
    if (error) *error = "the interview of " + id_ + " failed with an unknown error";
  }
  return {};
}

}  // namespace aviary
