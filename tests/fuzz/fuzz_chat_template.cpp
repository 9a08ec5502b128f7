// libFuzzer target: any template text is either refused with a message or rendered within the
// interpreter's limits; nothing crashes, hangs or exhausts the stack.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "hearth/chat/chat_template.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<hearth::ChatMessage> conversation = {
      {"system", "Be brief."}, {"user", "Hi 你好"}, {"assistant", "<think>x</think>Hello"}, {"user", "Bye"}};
  auto t = hearth::ChatTemplate::parse(std::string(reinterpret_cast<const char*>(data), size));
  if (!t) {
    if (t.error().message.empty()) std::abort();
    return 0;
  }
  auto out = t->render(conversation, {.add_generation_prompt = true, .bos_token = "<s>", .eos_token = "</s>"});
  if (!out && out.error().message.empty()) std::abort();
  return 0;
}
