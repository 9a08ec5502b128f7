// GET / (and /index.html): the browser chat page, embedded at build time from web/index.html.
#include "server/route_support.h"
#include "server/web_page.h"

namespace hearth::server {

void register_page_routes(httplib::Server& http, ServerState& state) {
  for (const char* path : {"/", "/index.html"})
    http.Get(path, guarded(state, [](const httplib::Request&, httplib::Response& res) {
               res.set_header("Cache-Control", "no-cache");
               res.set_content(std::string(kChatPageHtml), "text/html; charset=utf-8");
             }, /*needs_model=*/false));
}

}  // namespace hearth::server
