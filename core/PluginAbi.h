#pragma once

// The contract between the host and every evidence-source plugin.
// Bump kEvidenceAbiVersion whenever a type that crosses the boundary changes layout:
// the loader refuses plugins built for another version before calling any of their code.

#if defined(_WIN32)
#define AVIARY_EXPORT __declspec(dllexport)
#else
#define AVIARY_EXPORT __attribute__((visibility("default")))
#endif

namespace aviary {

inline constexpr int kEvidenceAbiVersion = 3;  // 3: PluginHost::recall/remember

// The host's version; a plugin's manifest names the range of hosts it was built for.
inline constexpr const char* kHostVersion = "0.2.0";

// Symbol names every plugin exports (see AVIARY_DECLARE_EVIDENCE_SOURCE).
inline constexpr const char* kFactorySymbol = "aviary_create_evidence_source";
inline constexpr const char* kAbiSymbol = "aviary_evidence_abi_version";

}  // namespace aviary
