#pragma once

#include <QWidget>
#include <boost/dll/alias.hpp>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "SourceViewAbi.h"

namespace aviary::gui {

// One evidence source's page in the workbench, built in the source's own GUI module
// (a Qt MODULE beside the plugin, never linked into it, so a headless host loads no Qt).
// The workbench finds the module through the "view" entry of the source's manifest, puts
// the view in a tab and owns it from then on. A view reads the evidence as stored: the
// versioned artifacts of docs/artifacts.md, never the wording of facts.
class AVIARY_WORKBENCH_EXPORT SourceView : public QWidget {
  Q_OBJECT
 public:
  explicit SourceView(QWidget* parent = nullptr);
  ~SourceView() override;

  // The tab's title, with '&' before its shortcut letter: "&Satellite".
  virtual QString title() const = 0;
  // The open case's evidence from this source ({source_id, status, features, facts,
  // artifacts}), or a null json when the case has none from it. Must not throw on evidence
  // of an older or newer shape: show what can be read.
  virtual void showEvidence(const nlohmann::json& evidence) = 0;
  // No case open, or none with evidence from this source.
  void clear();

 protected:
  // Reading stored evidence without throwing: a feature's value (0 when absent or not a
  // number) and the artifact of this name (null when there is none).
  static double feature(const nlohmann::json& evidence, const char* name);
  static const nlohmann::json* artifactNamed(const nlohmann::json& evidence,
                                             const std::string& name);
};

}  // namespace aviary::gui

// Exports the factory and the view ABI version under the names the workbench imports. Use
// once per view module, at namespace scope:
//   AVIARY_DECLARE_SOURCE_VIEW(aviary::gui::SatelliteTab)
#define AVIARY_DECLARE_SOURCE_VIEW(ViewClass)                                     \
  namespace aviary_view_entry {                                                   \
  ::aviary::gui::SourceView* createSourceView() {                                 \
    return new ViewClass();                                                       \
  }                                                                               \
  const int sourceViewAbiVersion = ::aviary::gui::kSourceViewAbiVersion;          \
  }                                                                               \
  BOOST_DLL_ALIAS(aviary_view_entry::createSourceView, aviary_create_source_view) \
  BOOST_DLL_ALIAS(aviary_view_entry::sourceViewAbiVersion, aviary_source_view_abi_version)
