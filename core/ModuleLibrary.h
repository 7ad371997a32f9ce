#pragma once

#include <exception>
#include <filesystem>
#include <memory>
#include <string>

#include <boost/dll/shared_library.hpp>

#include "LoadedLibraries.h"
#include "ModuleContract.h"

namespace aviary {

// A module opened at run time with its ABI checked before any of its code runs. The plugin
// loader and the workbench's view loader share it, so both refuse a module for the same
// reasons and in the same words.
class ModuleLibrary {
 public:
  // Opens `path` (RTLD_NOW, RTLD_LOCAL) and checks the contract's ABI symbol, version and
  // factory. If any check fails, isOpen() is false and refusal() says why and what to do.
  static ModuleLibrary open(const std::filesystem::path& path, const ModuleContract& contract);

  bool isOpen() const { return library_ != nullptr; }
  const std::string& refusal() const { return refusal_; }
  std::shared_ptr<boost::dll::shared_library> library() const { return library_; }

  // Calls the factory. Returns null with the reason in `why` if it throws or returns nothing.
  // Once its code has run the library stays loaded for the process lifetime.
  template <class Object>
  Object* create(std::string& why) const {
    LoadedLibraries::keepForProcessLifetime(library_);
    Object* object = nullptr;
    try {
      object = library_->get_alias<Object*()>(contract_.factorySymbol)();
    } catch (const std::exception& error) {
      why = std::string("its factory threw: ") + error.what();
      return nullptr;
    } catch (...) {
      why = "its factory threw an unknown exception";
      return nullptr;
    }
    if (object == nullptr)
      why = std::string("its factory returned no object: make ") + contract_.factorySymbol +
            " return a new one";
    return object;
  }

 private:
  ModuleLibrary(std::shared_ptr<boost::dll::shared_library> library, std::string refusal,
                const ModuleContract& contract)
      : library_(std::move(library)), refusal_(std::move(refusal)), contract_(contract) {}

  std::shared_ptr<boost::dll::shared_library> library_;
  std::string refusal_;
  ModuleContract contract_;
};

}  // namespace aviary
