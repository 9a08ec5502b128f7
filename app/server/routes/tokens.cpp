// POST /tokenize, /detokenize and /apply-template, with llama-server's field names.
#include "server/completion_request.h"
#include "server/json_body.h"
#include "server/route_support.h"

namespace hearth::server {

namespace {

bool flag(const nlohmann::json& body, const char* key, bool fallback) {
  if (!body.contains(key) || body.at(key).is_null()) return fallback;
  if (!body.at(key).is_boolean()) throw invalid_request(std::string("'") + key + "' must be true or false");
  return body.at(key).get<bool>();
}

}  // namespace

void register_token_routes(httplib::Server& http, ServerState& state) {
  http.Post("/tokenize", guarded(state, [&state](const httplib::Request& req, httplib::Response& res) {
              const nlohmann::json body = parse_json_body(req.body);
              if (!body.contains("content") || !body.at("content").is_string())
                throw invalid_request("'content' must be a string");
              const Tokenizer& tok = *state.tokenizer;
              const auto ids = tok.encode(body.at("content").get<std::string>(),
                                          {.add_special = flag(body, "add_special", false),
                                           .parse_special = flag(body, "parse_special", true)});
              nlohmann::json tokens = nlohmann::json::array();
              if (flag(body, "with_pieces", false)) {
                for (TokenId id : ids) tokens.push_back({{"id", id}, {"piece", std::string(tok.token_piece(id, true))}});
              } else {
                for (TokenId id : ids) tokens.push_back(id);
              }
              send_json(res, {{"tokens", tokens}});
            }));

  http.Post("/detokenize", guarded(state, [&state](const httplib::Request& req, httplib::Response& res) {
              const nlohmann::json body = parse_json_body(req.body);
              if (!body.contains("tokens") || !body.at("tokens").is_array())
                throw invalid_request("'tokens' must be an array of token ids");
              const Tokenizer& tok = *state.tokenizer;
              std::vector<TokenId> ids;
              for (const auto& t : body.at("tokens")) {
                if (!t.is_number_integer() || !tok.is_valid(TokenId(std::clamp<int64_t>(t.get<int64_t>(), -1, INT32_MAX))))
                  throw invalid_request("'tokens' must hold token ids between 0 and " + std::to_string(tok.vocab_size() - 1));
                ids.push_back(TokenId(t.get<int64_t>()));
              }
              send_json(res, {{"content", tok.decode(ids, {.render_special = true, .strip_leading_space = true})}});
            }));

  http.Post("/apply-template", guarded(state, [&state](const httplib::Request& req, httplib::Response& res) {
              const nlohmann::json body = parse_json_body(req.body);
              const auto messages = parse_messages(body);
              auto prompt = state.chat_template->render(messages, *state.tokenizer, true);
              if (!prompt) throw invalid_request("the chat template refused the messages: " + prompt.error().message);
              send_json(res, {{"prompt", *prompt}});
            }));
}

}  // namespace hearth::server
