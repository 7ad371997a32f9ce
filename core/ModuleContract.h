#pragma once

namespace aviary {

// What a module loaded at run time (a plugin, a workbench view) must export, and the words
// its refusals use, so each refusal says what the module is and how to mend it.
struct ModuleContract {
  const char* abiSymbol;      // an `int` holding the ABI the module was built for
  int abiVersion;             // the ABI this program speaks
  const char* factorySymbol;  // `T* ()` creating the module's one object
  const char* declaredWith;   // the macro that exports both symbols
  const char* abiName;        // "ABI", "view ABI"
  const char* hostName;       // "this host", "this workbench"
  const char* moduleName;     // "plugin", "view": "rebuild the <moduleName> against this Aviary"
  const char* kindName;       // "an Aviary plugin": "no <symbol> symbol: not <kindName>"
};

}  // namespace aviary
