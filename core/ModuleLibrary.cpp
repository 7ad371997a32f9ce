#include "ModuleLibrary.h"

namespace aviary {

using Library = boost::dll::shared_library;

ModuleLibrary ModuleLibrary::open(const std::filesystem::path& path,
                                  const ModuleContract& contract) {
  const auto refuse = [&](std::string why) { return ModuleLibrary(nullptr, why, contract); };
  auto library = std::make_shared<Library>();
  try {
    library->load(path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& error) {
    return refuse(std::string("cannot load it (missing symbol or dependency?): ") + error.what());
  }
  if (!library->has(contract.abiSymbol))
    return refuse(std::string("no ") + contract.abiSymbol + " symbol: not " + contract.kindName +
                  ", or built without " + contract.declaredWith);
  const int builtFor = library->get_alias<const int>(contract.abiSymbol);
  if (builtFor != contract.abiVersion)
    return refuse(std::string("built for ") + contract.abiName + " " + std::to_string(builtFor) +
                  ", " + contract.hostName + " is " + contract.abiName + " " +
                  std::to_string(contract.abiVersion) + ": rebuild the " + contract.moduleName +
                  " against this Aviary");
  if (!library->has(contract.factorySymbol))
    return refuse(std::string("no factory: the module does not export ") + contract.factorySymbol +
                  "; declare it with " + contract.declaredWith);
  return ModuleLibrary(std::move(library), {}, contract);
}

}  // namespace aviary
