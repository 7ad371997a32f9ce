#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include <boost/dll/alias.hpp>

#include "AssessmentRequest.h"
#include "CommandDescription.h"
#include "Evidence.h"
#include "PluginAbi.h"
#include "PluginHost.h"
#include "SourceDescription.h"

namespace aviary {

// The interface every evidence-source plugin implements.
// New capabilities arrive as virtual methods with defaults, so older plugins keep working
// within one ABI version.
class AVIARY_EXPORT EvidenceSource {
 public:
  virtual ~EvidenceSource();

  virtual std::string id() const = 0;
  virtual std::string version() const = 0;
  virtual int abiVersion() const { return kEvidenceAbiVersion; }
  virtual SourceDescription describe() const = 0;

  // Must not throw for bad merchant data: return Evidence::unavailable / failed instead.
  // The host still guards against exceptions.
  virtual Evidence assess(const AssessmentRequest& request) = 0;

  // Sources that can share work across merchants (one catalog read, one graph build)
  // override this; the default assesses one by one.
  virtual std::vector<Evidence> assessBatch(const std::vector<AssessmentRequest>& requests);

  // Life cycle: the host calls initialize once after loading, before anything else, and
  // shutdown before it lets go of the source. `host` outlives the source. Throwing from
  // initialize refuses the plugin with the message as the reason.
  virtual void initialize(PluginHost& host);
  virtual void shutdown();

  // Commands the source adds to the host: `aviary <id> <name> [arguments]`. runCommand
  // parses its own arguments (--help included), writes to out and err, and returns the exit
  // code: 0 done, 1 failed (one line on err saying what to do), 2 bad usage.
  virtual std::vector<CommandDescription> commands() const;
  virtual int runCommand(const std::string& name, const std::vector<std::string>& arguments,
                         std::ostream& out, std::ostream& err);

  // Sources that talk to the merchant while they apply (an interview) return, as JSON text,
  // {"question": {...} or null when done, "transcript": {...}} for the answers given so far.
  // "" when the source holds no interview.
  virtual std::string interview(const AssessmentRequest& request,
                                const std::vector<std::string>& answers);
};

}  // namespace aviary

// Exports the factory and the ABI version under the names the loader imports with
// boost::dll::import_alias. Use once per plugin library, at namespace scope:
//   AVIARY_DECLARE_EVIDENCE_SOURCE(aviary::SatelliteEvidenceSource)
#define AVIARY_DECLARE_EVIDENCE_SOURCE(SourceClass)                                         \
  namespace aviary_plugin_entry {                                                           \
  ::aviary::EvidenceSource* createEvidenceSource() {                                        \
    return new SourceClass();                                                               \
  }                                                                                         \
  const int evidenceAbiVersion = ::aviary::kEvidenceAbiVersion;                             \
  }                                                                                         \
  BOOST_DLL_ALIAS(aviary_plugin_entry::createEvidenceSource, aviary_create_evidence_source) \
  BOOST_DLL_ALIAS(aviary_plugin_entry::evidenceAbiVersion, aviary_evidence_abi_version)
