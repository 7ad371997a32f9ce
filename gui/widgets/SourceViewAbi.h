#pragma once

// The contract between the workbench and the GUI module of an evidence source
// (plugins/<id>/view/). Bump kSourceViewAbiVersion whenever SourceView or a widget a view
// may use changes layout: the workbench refuses views built for another version before
// calling any of their code, and shows that source in the generic tab instead.

#if defined(_WIN32)
#define AVIARY_WORKBENCH_EXPORT __declspec(dllexport)
#else
#define AVIARY_WORKBENCH_EXPORT __attribute__((visibility("default")))
#endif

namespace aviary::gui {

inline constexpr int kSourceViewAbiVersion = 1;

// Symbol names every view module exports (see AVIARY_DECLARE_SOURCE_VIEW).
inline constexpr const char* kSourceViewFactorySymbol = "aviary_create_source_view";
inline constexpr const char* kSourceViewAbiSymbol = "aviary_source_view_abi_version";

}  // namespace aviary::gui
