// GET /v1/models (and /models): the one model, named by --alias or its file name.
// GET /props: the server's settings, as llama-server's /props.
#include "server/route_support.h"

namespace hearth::server {

void register_model_routes(httplib::Server& http, ServerState& state) {
  for (const char* path : {"/v1/models", "/models"})
    http.Get(path, guarded(state, [&state](const httplib::Request&, httplib::Response& res) {
               const Model& m = *state.model;
               nlohmann::json meta = {{"n_ctx_train", m.hparams().n_ctx_train},
                                      {"n_ctx", state.scheduler->n_ctx()},
                                      {"n_vocab", m.hparams().n_vocab},
                                      {"n_params", m.parameter_count()},
                                      {"size", m.weight_bytes()},
                                      {"architecture", m.architecture()}};
               send_json(res, {{"object", "list"},
                               {"data", nlohmann::json::array({{{"id", state.model_id},
                                                                {"object", "model"},
                                                                {"created", state.created},
                                                                {"owned_by", "hearth"},
                                                                {"meta", meta}}})}});
             }));

  http.Get("/props", guarded(state, [&state](const httplib::Request&, httplib::Response& res) {
             const SamplerParams d;
             send_json(res, {{"default_generation_settings",
                              {{"n_ctx", state.scheduler->n_ctx()},
                               {"params",
                                {{"temperature", d.temperature},
                                 {"top_k", d.top_k},
                                 {"top_p", d.top_p},
                                 {"min_p", d.min_p},
                                 {"repeat_penalty", d.repeat_penalty},
                                 {"repeat_last_n", d.repeat_last_n},
                                 {"presence_penalty", d.presence_penalty},
                                 {"frequency_penalty", d.frequency_penalty},
                                 {"n_predict", -1}}}}},
                             {"total_slots", state.scheduler->n_sessions()},
                             {"model_alias", state.model_id},
                             {"model_path", state.options.model_path},
                             {"chat_template", state.chat_template->source()},
                             {"chat_template_family", state.chat_template->family()},
                             {"modalities", {{"vision", false}, {"audio", false}}},
                             {"build_info", "hearth 0.1.0"}});
           }));
}

}  // namespace hearth::server
