// The shaders' block sizes (shaders/blocks.glsl) against core/quant's type table: one
// definition per fact on each side, and this test keeps the two from drifting apart. Needs no
// Vulkan device: it reads the GLSL source.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>

#include "hearth/quant/tensor_type.h"

namespace hearth {
namespace {

TEST(VulkanShaderLayout, BlockSizesMatchCoreQuant) {
  const std::string path = std::string(HEARTH_SHADER_DIR) + "/blocks.glsl";
  std::ifstream f(path);
  ASSERT_TRUE(f) << "cannot read " << path;
  std::stringstream text;
  text << f.rdbuf();
  const std::string src = text.str();

  // const uint Q4_K_BLOCK_VALUES = 256;  const uint Q4_K_BLOCK_BYTES = 144;
  const std::regex re(R"(const\s+uint\s+([A-Z0-9_]+?)_BLOCK_(VALUES|BYTES)\s*=\s*([0-9]+)\s*;)");
  std::map<std::string, std::pair<int, int>> glsl;  // name -> (values, bytes), -1 = missing
  for (auto it = std::sregex_iterator(src.begin(), src.end(), re); it != std::sregex_iterator(); ++it) {
    auto& e = glsl.try_emplace((*it)[1].str(), -1, -1).first->second;
    ((*it)[2].str() == "VALUES" ? e.first : e.second) = std::stoi((*it)[3].str());
  }
  // Every weight and cache type the Vulkan backend takes (shaders/variants.cmake).
  const char* expected[] = {"F32",  "F16",  "BF16", "Q4_0", "Q4_1", "Q5_0", "Q5_1",
                            "Q8_0", "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K", "IQ4_NL"};
  for (const char* name : expected) EXPECT_TRUE(glsl.count(name)) << name << " missing from " << path;
  for (const auto& [name, vb] : glsl) {
    const auto type = tensor_type_from_name(name);
    ASSERT_TRUE(type) << name << " in blocks.glsl is not a tensor type";
    const TensorTypeLayout& layout = tensor_type_layout(*type);
    EXPECT_EQ(vb.first, int(layout.block_size)) << name << "_BLOCK_VALUES";
    EXPECT_EQ(vb.second, int(layout.block_bytes)) << name << "_BLOCK_BYTES";
  }
}

}  // namespace
}  // namespace hearth
