// Block layouts of the weight and cache types, as the shaders see them: values per block and
// bytes per block (the public GGUF layouts, defined for C++ in core/include/hearth/quant/blocks.h).
// tests/unit/vulkan_shader_layout_test.cpp parses these lines and checks every pair against
// core/quant's type table, so the two definitions cannot drift apart.
const uint F32_BLOCK_VALUES = 1;     const uint F32_BLOCK_BYTES = 4;
const uint F16_BLOCK_VALUES = 1;     const uint F16_BLOCK_BYTES = 2;
const uint BF16_BLOCK_VALUES = 1;    const uint BF16_BLOCK_BYTES = 2;
const uint Q4_0_BLOCK_VALUES = 32;   const uint Q4_0_BLOCK_BYTES = 18;
const uint Q4_1_BLOCK_VALUES = 32;   const uint Q4_1_BLOCK_BYTES = 20;
const uint Q5_0_BLOCK_VALUES = 32;   const uint Q5_0_BLOCK_BYTES = 22;
const uint Q5_1_BLOCK_VALUES = 32;   const uint Q5_1_BLOCK_BYTES = 24;
const uint Q8_0_BLOCK_VALUES = 32;   const uint Q8_0_BLOCK_BYTES = 34;
const uint Q2_K_BLOCK_VALUES = 256;  const uint Q2_K_BLOCK_BYTES = 84;
const uint Q3_K_BLOCK_VALUES = 256;  const uint Q3_K_BLOCK_BYTES = 110;
const uint Q4_K_BLOCK_VALUES = 256;  const uint Q4_K_BLOCK_BYTES = 144;
const uint Q5_K_BLOCK_VALUES = 256;  const uint Q5_K_BLOCK_BYTES = 176;
const uint Q6_K_BLOCK_VALUES = 256;  const uint Q6_K_BLOCK_BYTES = 210;
const uint IQ4_NL_BLOCK_VALUES = 32; const uint IQ4_NL_BLOCK_BYTES = 18;
