// POST /v1/chat/completions and /v1/completions (also without the /v1 prefix, as llama-server):
// render + tokenize, check the context, queue, then answer as one JSON object or as an SSE
// stream. The context check happens before anything is sent, so a prompt that does not fit is
// a 400 with n_prompt_tokens and n_ctx, never a silently truncated answer.
#include <chrono>

#include "hearth/chat/chat_template.h"
#include "server/json_body.h"
#include "server/openai_format.h"
#include "server/route_support.h"

namespace hearth::server {

namespace {

using Clock = std::chrono::steady_clock;

std::vector<TokenId> prompt_tokens(const ServerState& st, const CompletionRequest& cr) {
  const Tokenizer& tok = *st.tokenizer;
  if (cr.kind == CompletionKind::Chat) {
    auto rendered = st.chat_template->render(cr.messages, tok, true);
    if (!rendered) throw invalid_request("the chat template refused the messages: " + rendered.error().message);
    return tokenize_chat_prompt(tok, *rendered);
  }
  if (!cr.prompt_tokens.empty()) {
    for (TokenId t : cr.prompt_tokens)
      if (!tok.is_valid(t))
        throw invalid_request("'prompt' has token id " + std::to_string(t) + ", outside the vocabulary of " +
                              std::to_string(tok.vocab_size()));
    return cr.prompt_tokens;
  }
  // Like llama-server: BOS if the model wants one, control tokens written in the text recognised.
  return tok.encode(cr.prompt, {.add_special = true, .parse_special = true});
}

// The SSE writer of one streamed answer; httplib calls step() until it calls sink.done().
struct SseWriter {
  std::shared_ptr<GenerationStream> stream;
  CompletionIdentity id;
  bool include_usage = false;
  int ping_seconds = 0;
  bool started = false;
  Clock::time_point last_write = Clock::now();

  bool write(httplib::DataSink& sink, const std::string& s) {
    if (!sink.write(s.data(), s.size())) {
      stream->cancel();  // the client went away: free its session now
      return false;
    }
    last_write = Clock::now();
    return true;
  }

  // The first chunk (with the role) goes out with the first text, so a client that leaves
  // while its request waits in the queue is noticed when its generation starts.
  bool start(httplib::DataSink& sink) {
    if (started) return true;
    started = true;
    return write(sink, sse_event(first_chunk_json(id, include_usage)));
  }

  bool step(httplib::DataSink& sink) {
    GenerationStream::Update u = stream->wait(std::chrono::milliseconds(250));
    if ((!u.text.empty() || u.finish) && !start(sink)) return false;
    if (!u.text.empty() && !write(sink, sse_event(delta_chunk_json(id, u.text, include_usage)))) return false;
    if (u.finish) {
      const Finish& f = *u.finish;
      bool ok = true;
      if (f.reason == "error") {
        ok = write(sink, sse_event(error_body(500, "server_error", f.error)));
      } else if (f.reason != "cancelled") {
        ok = write(sink, sse_event(final_chunk_json(id, f.reason, include_usage)));
        if (ok && include_usage) ok = write(sink, sse_event(usage_chunk_json(id, f)));
      }
      if (ok) ok = write(sink, "data: [DONE]\n\n");
      if (ok) sink.done();
      return ok;
    }
    // Nothing for a while (a long prompt on a slow CPU): a comment keeps clients from timing out
    // and finds out whether the client is still there.
    if (ping_seconds > 0 && Clock::now() - last_write >= std::chrono::seconds(ping_seconds)) return write(sink, ": ping\n\n");
    return true;
  }
};

void handle_completion(ServerState& st, const httplib::Request& req, httplib::Response& res, CompletionKind kind) {
  const nlohmann::json body = parse_json_body(req.body);
  const CompletionRequest cr = parse_completion_request(body, kind);
  std::vector<TokenId> prompt = prompt_tokens(st, cr);
  if (prompt.empty()) throw invalid_request("the prompt is empty");
  const int n_ctx = st.scheduler->n_ctx();
  if (int(prompt.size()) >= n_ctx)
    throw ApiError(400, "exceed_context_size_error",
                   "the request exceeds the available context size: the prompt has " + std::to_string(prompt.size()) +
                       " tokens and the context holds " + std::to_string(n_ctx) +
                       " (with room for the answer); shorten it or start the server with a larger -c",
                   {{"n_prompt_tokens", prompt.size()}, {"n_ctx", n_ctx}});

  auto stream = st.scheduler->submit({std::move(prompt), cr.sampling, cr.max_tokens, cr.stop});
  if (!stream)
    throw ApiError(503, "unavailable_error",
                   "the server is busy: all " + std::to_string(st.scheduler->n_sessions()) +
                       " sessions are in use and the queue is full; retry later");
  const CompletionIdentity id = new_completion_identity(kind, st.model_id);

  if (!cr.stream) {
    std::string text;
    for (;;) {
      GenerationStream::Update u = stream->wait(std::chrono::seconds(1));
      text += u.text;
      if (!u.finish) continue;
      if (u.finish->reason == "error") throw ApiError(500, "server_error", u.finish->error);
      send_json(res, completion_json(id, text, *u.finish));
      return;
    }
  }
  auto writer = std::make_shared<SseWriter>();
  writer->stream = stream;
  writer->id = id;
  writer->include_usage = cr.include_usage;
  writer->ping_seconds = st.options.ping_interval_seconds;
  res.set_header("Cache-Control", "no-cache");
  res.set_header("X-Accel-Buffering", "no");
  res.set_chunked_content_provider(
      "text/event-stream", [writer](size_t, httplib::DataSink& sink) { return writer->step(sink); },
      [stream](bool success) {
        if (!success) stream->cancel();
      });
}

}  // namespace

void register_completion_routes(httplib::Server& http, ServerState& state) {
  for (const char* path : {"/v1/chat/completions", "/chat/completions"})
    http.Post(path, guarded(state, [&state](const httplib::Request& req, httplib::Response& res) {
                handle_completion(state, req, res, CompletionKind::Chat);
              }));
  for (const char* path : {"/v1/completions", "/completions"})
    http.Post(path, guarded(state, [&state](const httplib::Request& req, httplib::Response& res) {
                handle_completion(state, req, res, CompletionKind::Text);
              }));
}

}  // namespace hearth::server
