# Finds what Hearth builds with and turns the optional parts on when their dependencies are
# present. Each option defaults to ON when found; asking for one whose dependencies are
# missing is a configure error that names the Debian package to install.
find_package(Threads REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(PCRE2 REQUIRED IMPORTED_TARGET libpcre2-8)
pkg_check_modules(SENTENCEPIECE IMPORTED_TARGET sentencepiece)
# The HTTP server of `hearth-cli serve` (Debian's libcpp-httplib-dev: chunked responses for SSE,
# body-size limit, read/write timeouts).
pkg_check_modules(HTTPLIB IMPORTED_TARGET cpp-httplib)
option(HEARTH_SERVER "Build the OpenAI-compatible server (hearth-cli serve)" ${HTTPLIB_FOUND})
if(HEARTH_SERVER AND NOT HTTPLIB_FOUND)
  message(FATAL_ERROR "HEARTH_SERVER=ON but cpp-httplib was not found: install libcpp-httplib-dev, or pass -DHEARTH_SERVER=OFF")
endif()
find_package(CLI11 QUIET CONFIG)
if(NOT CLI11_FOUND)
  find_path(CLI11_INCLUDE_DIR CLI/CLI.hpp REQUIRED)
  add_library(CLI11::CLI11 INTERFACE IMPORTED)
  target_include_directories(CLI11::CLI11 INTERFACE ${CLI11_INCLUDE_DIR})
endif()

# --- GUI: Qt6 ----------------------------------------------------------------------------
# LinguistTools (lrelease, lupdate) are build-machine programs: a cross build finds them in
# QT_HOST_PATH's Qt, the libraries in the target's.
find_package(Qt6 6.2 QUIET COMPONENTS Widgets Concurrent Sql LinguistTools)
set(_hearth_gui_found OFF)
if(Qt6_FOUND AND Qt6Widgets_FOUND AND Qt6Concurrent_FOUND AND Qt6Sql_FOUND AND Qt6LinguistTools_FOUND)
  set(_hearth_gui_found ON)
endif()
option(HEARTH_GUI "Build the Qt6 desktop app (hearth)" ${_hearth_gui_found})
if(HEARTH_GUI AND NOT _hearth_gui_found)
  message(FATAL_ERROR "HEARTH_GUI=ON but Qt6 (Widgets, Concurrent, Sql, LinguistTools) was not found: "
                      "install qt6-base-dev qt6-tools-dev, or pass -DHEARTH_GUI=OFF")
elseif(NOT _hearth_gui_found)
  message(WARNING "Qt6 not found: the desktop app is not built (HEARTH_GUI=OFF). "
                  "Install qt6-base-dev qt6-tools-dev to build it.")
endif()

# --- Vulkan backend ------------------------------------------------------------------------
# Only the headers (for the target) and glslc (a build-machine program) are needed: the loader
# is opened at run time, never linked. So a cross build finds the headers in its sysroot and
# glslc on the build machine, with no Windows vulkan-1.lib anywhere.
find_path(Vulkan_INCLUDE_DIR vulkan/vulkan.h)
find_program(Vulkan_GLSLC_EXECUTABLE glslc)
set(Vulkan_INCLUDE_DIRS ${Vulkan_INCLUDE_DIR})
set(_hearth_vk_found OFF)
if(Vulkan_INCLUDE_DIR AND Vulkan_GLSLC_EXECUTABLE)
  set(_hearth_vk_found ON)
endif()
option(HEARTH_VULKAN "Build the Vulkan GPU backend" ${_hearth_vk_found})
if(HEARTH_VULKAN AND NOT _hearth_vk_found)
  message(FATAL_ERROR "HEARTH_VULKAN=ON but the Vulkan loader/headers or glslc were not found: "
                      "install libvulkan-dev glslc, or pass -DHEARTH_VULKAN=OFF")
elseif(NOT _hearth_vk_found)
  message(WARNING "Vulkan SDK (libvulkan-dev + glslc) not found: GPU offload is not built (HEARTH_VULKAN=OFF).")
endif()

# --- Tests ---------------------------------------------------------------------------------
find_package(GTest QUIET)
find_package(benchmark QUIET)
set(_hearth_tests_found OFF)
if(GTest_FOUND)
  set(_hearth_tests_found ON)
endif()
option(HEARTH_TESTS "Build the test suite" ${_hearth_tests_found})
if(HEARTH_TESTS AND NOT _hearth_tests_found)
  message(FATAL_ERROR "HEARTH_TESTS=ON but GoogleTest was not found: install libgtest-dev libgmock-dev")
elseif(NOT _hearth_tests_found)
  message(WARNING "GoogleTest not found: tests are not built (HEARTH_TESTS=OFF). Install libgtest-dev.")
endif()
if(HEARTH_TESTS AND NOT benchmark_FOUND)
  message(WARNING "Google Benchmark not found: micro-benchmarks under tests/bench are not built. Install libbenchmark-dev.")
endif()

# libFuzzer targets need clang; they are never part of the default build.
option(HEARTH_FUZZ "Build libFuzzer targets (needs clang)" OFF)
