// The chat page's HTML (web/index.html), embedded by cmake/embed_text.cmake at build time.
#pragma once

#include <string_view>

namespace hearth::server {
extern const std::string_view kChatPageHtml;
}
