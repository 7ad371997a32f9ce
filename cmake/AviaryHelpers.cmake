# Conventions for Aviary targets, kept in one place.

# The ABI and host version live in core/PluginAbi.h only; manifests take them from there.
file(STRINGS ${CMAKE_CURRENT_LIST_DIR}/../core/PluginAbi.h _abi_line
     REGEX "kEvidenceAbiVersion = [0-9]+")
string(REGEX REPLACE ".*= ([0-9]+).*" "\\1" AVIARY_ABI_VERSION "${_abi_line}")
file(STRINGS ${CMAKE_CURRENT_LIST_DIR}/../core/PluginAbi.h _host_line REGEX "kHostVersion = ")
string(REGEX REPLACE ".*\"([0-9]+\\.[0-9]+\\.[0-9]+)\".*" "\\1" AVIARY_HOST_VERSION "${_host_line}")
set(AVIARY_IN_TREE ON)
include(${CMAKE_CURRENT_LIST_DIR}/AviaryEvidenceSource.cmake)

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
  # OpenMP's idle threads wait passively, as in the installed programs (OpenMpWaitPolicy):
  # spinning, they slow the test run beside them.
  set_tests_properties(${name} PROPERTIES
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;AVIARY_PLUGIN_PATH=${AVIARY_PLUGIN_OUTPUT_DIR};OMP_WAIT_POLICY=passive"
    TIMEOUT 900)
  if(T_LABELS)
    set_tests_properties(${name} PROPERTIES LABELS "${T_LABELS}")
  endif()
endfunction()
