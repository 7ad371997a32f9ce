# aviary_add_evidence_source: the one call that builds an evidence-source plugin, in the
# Aviary tree and outside it (find_package(Aviary) includes this file). Needs the target
# Aviary::core and AVIARY_ABI_VERSION / AVIARY_HOST_VERSION; AVIARY_PLUGIN_OUTPUT_DIR and
# AVIARY_INSTALL_PLUGINDIR say where plugins go in the build and the install.

set(_AVIARY_CMAKE_DIR ${CMAKE_CURRENT_LIST_DIR})
if(NOT AVIARY_PLUGIN_OUTPUT_DIR)
  set(AVIARY_PLUGIN_OUTPUT_DIR ${CMAKE_BINARY_DIR}/plugins)
endif()
if(NOT AVIARY_INSTALL_PLUGINDIR)
  include(GNUInstallDirs)
  set(AVIARY_INSTALL_PLUGINDIR ${CMAKE_INSTALL_LIBDIR}/aviary/plugins)
endif()
# A plugin is built for this host up to the next minor version, with this compiler.
string(REGEX REPLACE "([0-9]+)\\.([0-9]+)\\..*" "\\1" _aviary_major "${AVIARY_HOST_VERSION}")
string(REGEX REPLACE "([0-9]+)\\.([0-9]+)\\..*" "\\2" _aviary_minor "${AVIARY_HOST_VERSION}")
math(EXPR _aviary_next_minor "${_aviary_minor} + 1")
set(AVIARY_HOST_BELOW "${_aviary_major}.${_aviary_next_minor}.0")
set(AVIARY_MANIFEST_STAMP "\"abi\": ${AVIARY_ABI_VERSION}, \"host\": {\"minimum\": \"${AVIARY_HOST_VERSION}\", \"below\": \"${AVIARY_HOST_BELOW}\"}, \"compiler\": {\"id\": \"${CMAKE_CXX_COMPILER_ID}\", \"version\": \"${CMAKE_CXX_COMPILER_VERSION}\"}")

# The source's workbench view: a Qt MODULE of its own beside the source's, never linked into
# it, so a headless host or server loads no Qt for the source.
function(_aviary_add_source_view id)
  cmake_parse_arguments(V "" "" "SOURCES;LINK" ${ARGN})
  add_library(aviary_${id}_view MODULE ${V_SOURCES})
  target_link_libraries(aviary_${id}_view PRIVATE Aviary::workbench_widgets ${V_LINK})
  set_target_properties(aviary_${id}_view PROPERTIES AUTOMOC ON
    PREFIX "lib" LIBRARY_OUTPUT_DIRECTORY ${AVIARY_PLUGIN_OUTPUT_DIR}
    CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON
    BUILD_RPATH "$ORIGIN/../lib" INSTALL_RPATH "$ORIGIN/../..;$ORIGIN/../../..")
  target_link_options(aviary_${id}_view PRIVATE -Wl,--no-undefined)
  install(TARGETS aviary_${id}_view LIBRARY DESTINATION ${AVIARY_INSTALL_PLUGINDIR})
  if(TARGET aviary_source_views)
    add_dependencies(aviary_source_views aviary_${id}_view)
  endif()
endfunction()

# aviary_add_evidence_source(<id> VERSION <v> DESCRIPTION <text> SOURCES ... [LINK ...]
#                            [COMMAND <name>] [SIMULATOR <sources> ...] [SIMULATOR_LINK ...]
#                            [TESTS <test.cpp> ...] [TEST_LINK ...]
#                            [VIEW <view sources> ...] [VIEW_LINK ...])
# COMMAND: the word after `aviary` that runs its commands (default: the id).
# VIEW: the source's workbench view (a SourceView and AVIARY_DECLARE_SOURCE_VIEW), built as a
# MODULE of its own, libaviary_<id>_view.so, named in the manifest's "view" entry.
# Builds the plugin twice: aviary_<id>_static (its tests link it) and the MODULE aviary_<id>
# that the loader opens, with its manifest <id>.plugin.json beside it and its resources/ and
# migrations/ in a folder <id>/ beside that. Tests are Qt Test suites in the Aviary tree and
# plain programs (exit code 0 = pass) outside it.
function(aviary_add_evidence_source id)
  cmake_parse_arguments(P "" "VERSION;DESCRIPTION;COMMAND"
                        "SOURCES;LINK;SIMULATOR;SIMULATOR_LINK;TESTS;TEST_LINK;VIEW;VIEW_LINK"
                        ${ARGN})
  if(NOT P_VERSION)
    message(FATAL_ERROR "aviary_add_evidence_source(${id}): VERSION is required")
  endif()
  add_library(aviary_${id}_static STATIC ${P_SOURCES})
  target_include_directories(aviary_${id}_static PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
  target_link_libraries(aviary_${id}_static PUBLIC Aviary::core ${P_LINK})
  target_compile_definitions(aviary_${id}_static PRIVATE AVIARY_PLUGIN_VERSION="${P_VERSION}")
  set_target_properties(aviary_${id}_static PROPERTIES POSITION_INDEPENDENT_CODE ON
    CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)

  add_library(aviary_${id} MODULE ${CMAKE_CURRENT_SOURCE_DIR}/Plugin.cpp)
  target_link_libraries(aviary_${id} PRIVATE aviary_${id}_static)
  set_target_properties(aviary_${id} PROPERTIES
    PREFIX "lib" LIBRARY_OUTPUT_DIRECTORY ${AVIARY_PLUGIN_OUTPUT_DIR}
    CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON
    BUILD_RPATH "$ORIGIN/../lib" INSTALL_RPATH "$ORIGIN/../..;$ORIGIN/../../..")
  target_link_options(aviary_${id} PRIVATE -Wl,--no-undefined)

  set(AVIARY_PLUGIN_ID ${id})
  set(AVIARY_PLUGIN_VERSION ${P_VERSION})
  set(AVIARY_PLUGIN_DESCRIPTION ${P_DESCRIPTION})
  set(AVIARY_PLUGIN_LIBRARY libaviary_${id}.so)
  if(P_COMMAND)
    set(AVIARY_PLUGIN_COMMAND ${P_COMMAND})
  else()
    set(AVIARY_PLUGIN_COMMAND ${id})
  endif()
  set(AVIARY_PLUGIN_VIEW "")
  if(P_VIEW AND TARGET Aviary::workbench_widgets)
    _aviary_add_source_view(${id} SOURCES ${P_VIEW} LINK ${P_VIEW_LINK})
    set(AVIARY_PLUGIN_VIEW libaviary_${id}_view.so)
  elseif(P_VIEW)
    message(STATUS "${id}: no workbench widgets (the GUI is off, or Qt 6 Widgets and Charts "
                   "are missing): its view is not built and the workbench shows the source in "
                   "the generic tab")
  endif()
  configure_file(${_AVIARY_CMAKE_DIR}/plugin.json.in
                 ${AVIARY_PLUGIN_OUTPUT_DIR}/${id}.plugin.json @ONLY)
  install(TARGETS aviary_${id} LIBRARY DESTINATION ${AVIARY_INSTALL_PLUGINDIR})
  install(FILES ${AVIARY_PLUGIN_OUTPUT_DIR}/${id}.plugin.json DESTINATION ${AVIARY_INSTALL_PLUGINDIR})
  # Its resources (models, tables) and migrations live in a folder of its own beside the
  # manifest, in the build tree as in an install (PluginHost::resourceDirectory).
  set(_resource_dir ${AVIARY_PLUGIN_OUTPUT_DIR}/${id})
  set(_copy_commands COMMAND ${CMAKE_COMMAND} -E make_directory ${_resource_dir})
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/resources)
    list(APPEND _copy_commands COMMAND ${CMAKE_COMMAND} -E copy_directory
         ${CMAKE_CURRENT_SOURCE_DIR}/resources ${_resource_dir})
    install(DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/resources/ DESTINATION ${AVIARY_INSTALL_PLUGINDIR}/${id})
  endif()
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/migrations)
    list(APPEND _copy_commands COMMAND ${CMAKE_COMMAND} -E copy_directory
         ${CMAKE_CURRENT_SOURCE_DIR}/migrations ${_resource_dir}/migrations)
    install(DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/migrations/
            DESTINATION ${AVIARY_INSTALL_PLUGINDIR}/${id}/migrations)
  endif()
  add_custom_target(aviary_${id}_resources ALL ${_copy_commands}
                    COMMENT "Copying the ${id} plugin's resources")
  add_dependencies(aviary_${id} aviary_${id}_resources)

  # Test-data generators stay out of the module: tests, benchmarks and the demo link them.
  set(_test_libraries aviary_${id}_static)
  if(P_SIMULATOR)
    add_library(aviary_${id}_simulator STATIC ${P_SIMULATOR})
    target_include_directories(aviary_${id}_simulator PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/simulator)
    target_link_libraries(aviary_${id}_simulator PUBLIC aviary_${id}_static ${P_SIMULATOR_LINK})
    set(_test_libraries aviary_${id}_simulator)
  endif()

  foreach(test_source ${P_TESTS})
    get_filename_component(test_name ${test_source} NAME_WE)
    if(AVIARY_IN_TREE)
      aviary_add_qt_test(${test_name} SOURCES ${test_source}
                         LINK ${_test_libraries} ${P_TEST_LINK})
      target_compile_definitions(${test_name} PRIVATE
        AVIARY_PLUGIN_SOURCE_DIR="${CMAKE_CURRENT_SOURCE_DIR}")
    else()
      add_executable(${test_name} ${test_source})
      target_link_libraries(${test_name} PRIVATE ${_test_libraries} ${P_TEST_LINK})
      target_compile_definitions(${test_name} PRIVATE
        AVIARY_PLUGIN_SOURCE_DIR="${CMAKE_CURRENT_SOURCE_DIR}")
      add_test(NAME ${test_name} COMMAND ${test_name})
    endif()
  endforeach()
endfunction()
