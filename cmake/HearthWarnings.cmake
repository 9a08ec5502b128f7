# Warnings for every Hearth target: call hearth_warnings(<target>).
function(hearth_warnings target)
  if(MSVC)
    target_compile_options(${target} PRIVATE /W4 /permissive-)
  else()
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-missing-field-initializers)
  endif()
endfunction()

# Sanitizers are a preset (see CMakePresets.json) that sets HEARTH_SANITIZE=ON.
option(HEARTH_SANITIZE "Build with AddressSanitizer + UndefinedBehaviorSanitizer" OFF)
if(HEARTH_SANITIZE AND NOT MSVC)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# Fuzzing: coverage instrumentation + sanitizers for everything; the targets link libFuzzer.
if(HEARTH_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
