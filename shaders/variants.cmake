# Every SPIR-V variant the Vulkan backend embeds: name=source.comp:DEFINES (cmake/HearthShaders.cmake).
# Weight types go through dequant.glsl; reducing shaders come with (_sg) and without subgroup
# arithmetic.
set(HEARTH_WEIGHT_TYPES F32 F16 BF16 Q4_0 Q4_1 Q5_0 Q5_1 Q8_0 Q2_K Q3_K Q4_K Q5_K Q6_K IQ4_NL)
set(HEARTH_KV_TYPES F32 F16 Q8_0)
set(HEARTH_SHADER_VARIANTS
  rms_norm=rms_norm.comp rms_norm_sg=rms_norm.comp:USE_SUBGROUP
  rope=rope.comp attention_reduce=attention_reduce.comp)
foreach(op ADD SCALE SWIGLU GEGLU ROUND_F16 ROUND_BF16)
  string(TOLOWER ${op} _lower)
  list(APPEND HEARTH_SHADER_VARIANTS ew_${_lower}=elementwise.comp:OP_${op})
endforeach()
foreach(t ${HEARTH_WEIGHT_TYPES})
  string(TOLOWER ${t} _lower)
  list(APPEND HEARTH_SHADER_VARIANTS
    get_rows_${_lower}=get_rows.comp:WEIGHT_${t}
    matvec_${_lower}=matvec.comp:WEIGHT_${t}
    matvec_${_lower}_sg=matvec.comp:WEIGHT_${t},USE_SUBGROUP
    matmul_${_lower}=matmul_tiled.comp:WEIGHT_${t})
endforeach()
foreach(t ${HEARTH_KV_TYPES})
  string(TOLOWER ${t} _lower)
  list(APPEND HEARTH_SHADER_VARIANTS
    kv_store_${_lower}=kv_store.comp:KV_${t}
    kv_load_${_lower}=kv_load.comp:KV_${t}
    attention_${_lower}=attention.comp:KV_${t}
    attention_${_lower}_sg=attention.comp:KV_${t},USE_SUBGROUP)
endforeach()
