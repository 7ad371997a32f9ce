#include "SourceViewLoader.h"

#include <algorithm>

#include "ModuleLibrary.h"
#include "PluginLoader.h"

namespace aviary::gui {
namespace {

const ModuleContract kViewContract{kSourceViewAbiSymbol,
                                   kSourceViewAbiVersion,
                                   kSourceViewFactorySymbol,
                                   "AVIARY_DECLARE_SOURCE_VIEW",
                                   "view ABI",
                                   "this workbench",
                                   "view",
                                   "a view module"};

LoadedSourceView refused(const PluginManifest& source, const QString& why) {
  return {source.id, nullptr,
          QString::fromStdString("the view of '" + source.id + "' (" + source.viewPath().string() +
                                 ") is not used: ") +
              why + QStringLiteral("; its evidence is shown in the generic tab")};
}

}  // namespace

std::vector<PluginManifest> SourceViewLoader::installedSources() {
  auto sources =
      PluginLoader(PluginLoader::defaultSearchPath(), PluginLoader::allowedIdsFromEnvironment())
          .manifests();
  std::sort(sources.begin(), sources.end(),
            [](const PluginManifest& a, const PluginManifest& b) { return a.id < b.id; });
  return sources;
}

LoadedSourceView SourceViewLoader::load(const PluginManifest& source) {
  if (source.view.empty()) return {source.id, nullptr, {}};
  if (const std::string why = source.incompatibility(); !why.empty())
    return refused(source, QString::fromStdString(why));
  if (!std::filesystem::exists(source.viewPath()))
    return refused(source, QStringLiteral("the file is missing: rebuild or reinstall the plugin"));
  const ModuleLibrary module = ModuleLibrary::open(source.viewPath(), kViewContract);
  if (!module.isOpen()) return refused(source, QString::fromStdString(module.refusal()));
  std::string why;
  SourceView* view = module.create<SourceView>(why);
  if (view == nullptr) return refused(source, QString::fromStdString(why));
  return {source.id, std::unique_ptr<SourceView>(view), {}};
}

}  // namespace aviary::gui
