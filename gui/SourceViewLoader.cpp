#include "SourceViewLoader.h"

#include <algorithm>
#include <boost/dll/shared_library.hpp>

#include "LoadedLibraries.h"
#include "PluginLoader.h"

namespace aviary::gui {
namespace {

using Library = boost::dll::shared_library;

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
  auto library = std::make_shared<Library>();
  try {
    library->load(source.viewPath().string(),
                  boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& error) {
    return refused(source, QStringLiteral("cannot load it (missing symbol or dependency?): ") +
                               QString::fromUtf8(error.what()));
  }
  if (!library->has(kSourceViewAbiSymbol))
    return refused(source, QStringLiteral("no %1 symbol: not a view module, or built without "
                                          "AVIARY_DECLARE_SOURCE_VIEW")
                               .arg(kSourceViewAbiSymbol));
  const int builtFor = library->get_alias<const int>(kSourceViewAbiSymbol);
  if (builtFor != kSourceViewAbiVersion)
    return refused(source, QStringLiteral("built for view ABI %1, this workbench is view ABI %2: "
                                          "rebuild the view against this Aviary")
                               .arg(builtFor)
                               .arg(kSourceViewAbiVersion));
  if (!library->has(kSourceViewFactorySymbol))
    return refused(source, QStringLiteral("no factory: the module does not export %1; declare it "
                                          "with AVIARY_DECLARE_SOURCE_VIEW")
                               .arg(kSourceViewFactorySymbol));
  LoadedLibraries::keepForProcessLifetime(library);
  SourceView* view = nullptr;
  try {
    view = library->get_alias<SourceView*()>(kSourceViewFactorySymbol)();
  } catch (const std::exception& error) {
    return refused(source, QStringLiteral("its factory threw: ") + QString::fromUtf8(error.what()));
  } catch (...) {
    return refused(source, QStringLiteral("its factory threw an unknown exception"));
  }
  if (view == nullptr) return refused(source, QStringLiteral("its factory returned no view"));
  return {source.id, std::unique_ptr<SourceView>(view), {}};
}

}  // namespace aviary::gui
