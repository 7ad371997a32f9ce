# Conventions for Aviary targets, kept in one place.

# The ABI version lives in core/PluginAbi.h only; manifests take it from there.
file(STRINGS ${CMAKE_CURRENT_LIST_DIR}/../core/PluginAbi.h _abi_line
     REGEX "kEvidenceAbiVersion = [0-9]+")
string(REGEX REPLACE ".*= ([0-9]+).*" "\\1" AVIARY_ABI_VERSION "${_abi_line}")

# aviary_add_evidence_source(<id> VERSION <v> DESCRIPTION <text> SOURCES ... [LINK ...]
#                            [TESTS <test.cpp> ...] [TEST_LINK ...])
# Builds the plugin twice: aviary_<id>_static (tests and the CLI link it) and the MODULE
# aviary_<id> that the loader opens, with its manifest <id>.plugin.json beside it.
function(aviary_add_evidence_source id)
  cmake_parse_arguments(P "" "VERSION;DESCRIPTION" "SOURCES;LINK;TESTS;TEST_LINK" ${ARGN})
  if(NOT P_VERSION)
    message(FATAL_ERROR "aviary_add_evidence_source(${id}): VERSION is required")
  endif()
  add_library(aviary_${id}_static STATIC ${P_SOURCES})
  target_include_directories(aviary_${id}_static PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
  target_link_libraries(aviary_${id}_static PUBLIC aviary_core ${P_LINK})
  # PRIVATE: the CLI links all plugins, and each has its own version.
  target_compile_definitions(aviary_${id}_static PRIVATE
    AVIARY_PLUGIN_VERSION="${P_VERSION}"
    AVIARY_PLUGIN_SOURCE_DIR="${CMAKE_CURRENT_SOURCE_DIR}")
  set_target_properties(aviary_${id}_static PROPERTIES
    CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)

  add_library(aviary_${id} MODULE ${CMAKE_CURRENT_SOURCE_DIR}/Plugin.cpp)
  target_link_libraries(aviary_${id} PRIVATE aviary_${id}_static)
  set_target_properties(aviary_${id} PROPERTIES
    PREFIX "lib" LIBRARY_OUTPUT_DIRECTORY ${AVIARY_PLUGIN_OUTPUT_DIR}
    CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON
    BUILD_RPATH "$ORIGIN/../lib" INSTALL_RPATH "$ORIGIN/../..")
  target_link_options(aviary_${id} PRIVATE -Wl,--no-undefined)

  set(AVIARY_PLUGIN_ID ${id})
  set(AVIARY_PLUGIN_VERSION ${P_VERSION})
  set(AVIARY_PLUGIN_DESCRIPTION ${P_DESCRIPTION})
  set(AVIARY_PLUGIN_LIBRARY libaviary_${id}.so)
  configure_file(${AVIARY_SOURCE_DIR}/cmake/plugin.json.in
                 ${AVIARY_PLUGIN_OUTPUT_DIR}/${id}.plugin.json @ONLY)
  install(TARGETS aviary_${id} LIBRARY DESTINATION lib/aviary/plugins)
  install(FILES ${AVIARY_PLUGIN_OUTPUT_DIR}/${id}.plugin.json DESTINATION lib/aviary/plugins)

  foreach(test_source ${P_TESTS})
    get_filename_component(test_name ${test_source} NAME_WE)
    aviary_add_qt_test(${test_name} SOURCES ${test_source}
                       LINK aviary_${id}_static ${P_TEST_LINK})
    target_compile_definitions(${test_name} PRIVATE
      AVIARY_PLUGIN_SOURCE_DIR="${CMAKE_CURRENT_SOURCE_DIR}")
  endforeach()
endfunction()

# aviary_add_qt_test(<name> SOURCES ... [LINK ...] [LABELS ...])
# One QObject test class per executable, registered with CTest.
function(aviary_add_qt_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LINK;LABELS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  set_target_properties(${name} PROPERTIES AUTOMOC ON
    RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  target_link_libraries(${name} PRIVATE Qt6::Test ${T_LINK})
  target_compile_definitions(${name} PRIVATE
    AVIARY_SOURCE_DIR="${AVIARY_SOURCE_DIR}"
    AVIARY_BINARY_DIR="${CMAKE_BINARY_DIR}")
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;AVIARY_PLUGIN_PATH=${AVIARY_PLUGIN_OUTPUT_DIR}"
    TIMEOUT 900)
  if(T_LABELS)
    set_tests_properties(${name} PROPERTIES LABELS "${T_LABELS}")
  endif()
endfunction()
