# Cross-compiles Hearth for 64-bit Windows with Debian's MinGW-w64 (g++-mingw-w64-x86-64-posix:
# the POSIX thread model, which std::thread and std::mutex need). Libraries MinGW lacks come from
# the sysroot that `scripts/windows.sh sysroot` builds from Debian source packages; pass it as
# -DHEARTH_WINDOWS_SYSROOT=<dir> (the windows-cross preset does). Test programs run under wine
# through CTest's cross-compiling emulator (cmake/toolchains/wine-run.sh).
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(_triple x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${_triple}-gcc-posix)
set(CMAKE_CXX_COMPILER ${_triple}-g++-posix)
set(CMAKE_RC_COMPILER ${_triple}-windres)

# The sysroot paths must survive try_compile() projects, which see only forwarded variables.
# HEARTH_WINDOWS_QT_SYSROOT: Qt for MinGW (`scripts/windows.sh qt-sysroot`), when the app is built.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES HEARTH_WINDOWS_SYSROOT HEARTH_WINDOWS_QT_SYSROOT)
foreach(var HEARTH_WINDOWS_SYSROOT HEARTH_WINDOWS_QT_SYSROOT)
  if(NOT ${var} AND DEFINED ENV{${var}})
    set(${var} $ENV{${var}})
  endif()
endforeach()

set(CMAKE_FIND_ROOT_PATH /usr/${_triple} ${HEARTH_WINDOWS_SYSROOT} ${HEARTH_WINDOWS_QT_SYSROOT})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# pkg-config must see only the sysroot's .pc files, never the build machine's.
if(HEARTH_WINDOWS_SYSROOT)
  set(ENV{PKG_CONFIG_LIBDIR} ${HEARTH_WINDOWS_SYSROOT}/lib/pkgconfig)
  set(ENV{PKG_CONFIG_PATH} "")
endif()

# Static runtime (libgcc, libstdc++, winpthread): the programs run without MinGW DLLs beside
# them, under wine and on a user's machine alike.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")
# Windows' default 1 MiB main-thread stack is smaller than Linux's 8 MiB; match Linux so deep
# recursion (the Jinja interpreter, JSON parsing) behaves the same.
string(APPEND CMAKE_EXE_LINKER_FLAGS_INIT " -Wl,--stack,8388608")

set(CMAKE_CROSSCOMPILING_EMULATOR ${CMAKE_CURRENT_LIST_DIR}/wine-run.sh)
