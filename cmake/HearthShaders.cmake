# Compiles GLSL compute shaders to SPIR-V with glslc at build time and embeds the words in a
# generated C++ source, so the binary carries its shaders (no files to find at run time).
#
#   hearth_embed_shaders(TARGET hearth-core SOURCE_DIR <dir> VARIANTS <v>...)
#
# Each variant is "name=source.comp[:DEFINE[,DEFINE...]]"; the generated file defines
#   const hearth::vk::ShaderBlob hearth::vk::kShaderBlobs[] / kShaderBlobCount
# (declared in core/backend/vulkan/shader_blobs.h), one entry per variant, found by name.

set(_hearth_embed_script ${CMAKE_CURRENT_LIST_DIR}/EmbedSpirv.cmake)

function(hearth_embed_shaders)
  cmake_parse_arguments(ARG "" "TARGET;SOURCE_DIR" "VARIANTS" ${ARGN})
  file(GLOB _includes CONFIGURE_DEPENDS ${ARG_SOURCE_DIR}/*.glsl)
  set(_out_dir ${CMAKE_CURRENT_BINARY_DIR}/shaders)
  file(MAKE_DIRECTORY ${_out_dir})
  set(_spv_files)
  set(_names)
  foreach(v ${ARG_VARIANTS})
    if(NOT v MATCHES "^([a-z0-9_]+)=([a-z0-9_]+\\.comp)(:(.*))?$")
      message(FATAL_ERROR "bad shader variant '${v}' (want name=source.comp:DEF,DEF)")
    endif()
    set(_name ${CMAKE_MATCH_1})
    set(_src ${ARG_SOURCE_DIR}/${CMAKE_MATCH_2})
    set(_defs)
    if(CMAKE_MATCH_4)
      string(REPLACE "," ";" _deflist "${CMAKE_MATCH_4}")
      foreach(d ${_deflist})
        list(APPEND _defs -D${d})
      endforeach()
    endif()
    set(_spv ${_out_dir}/${_name}.spv)
    add_custom_command(OUTPUT ${_spv}
      COMMAND ${Vulkan_GLSLC_EXECUTABLE} -fshader-stage=compute --target-env=vulkan1.1 -O
              -I ${ARG_SOURCE_DIR} ${_defs} -o ${_spv} ${_src}
      DEPENDS ${_src} ${_includes}
      COMMENT "glslc ${_name}"
      VERBATIM)
    list(APPEND _spv_files ${_spv})
    list(APPEND _names ${_name})
  endforeach()
  set(_cpp ${CMAKE_CURRENT_BINARY_DIR}/shader_blobs.cpp)
  add_custom_command(OUTPUT ${_cpp}
    COMMAND ${CMAKE_COMMAND} -DOUT=${_cpp} -DDIR=${_out_dir} "-DNAMES=${_names}" -P ${_hearth_embed_script}
    DEPENDS ${_spv_files} ${_hearth_embed_script}
    COMMENT "Embedding SPIR-V shaders"
    VERBATIM)
  target_sources(${ARG_TARGET} PRIVATE ${_cpp})
endfunction()
