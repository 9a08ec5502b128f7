#include "engine/inference_worker.h"

#include <QCoreApplication>
#include <QElapsedTimer>

namespace hearth::gui {

InferenceWorker::InferenceWorker(std::unique_ptr<InferenceBackend> backend) : backend_(std::move(backend)) {}
InferenceWorker::~InferenceWorker() = default;

void InferenceWorker::load(quint64 request, const QString& path, const LoadSettings& settings, const CancelToken& cancel) {
  // Progress arrives per tensor; forward at most ~50 updates so the GUI queue stays short.
  int last_percent = -1;
  const ProgressFn progress = [&](const ProgressInfo& p) {
    const double fraction = p.bytes_total ? double(p.bytes_done) / double(p.bytes_total)
                            : p.item_count ? double(p.item) / double(p.item_count)
                                           : 0.0;
    const int percent = int(fraction * 50);
    if (percent != last_percent) {
      last_percent = percent;
      emit load_progress(request, fraction);
    }
  };
  auto result = backend_->load(path, settings, progress, cancel);
  if (!result.ok()) {
    emit load_failed(request, QString::fromStdString(result.error().message),
                     result.error().code == ErrorCode::Cancelled || cancel.cancelled());
    return;
  }
  emit loaded(request, *result);
}

void InferenceWorker::generate(quint64 request, const QList<ChatTurn>& turns, const SamplingSettings& sampling,
                               const CancelToken& cancel) {
  const GenerationStats stats =
      backend_->generate(turns, sampling, [&](const QString& piece) { emit text(request, piece); }, cancel);
  emit finished(request, stats);
}

void InferenceWorker::unload() { backend_->unload(); }

InferenceController::InferenceController(std::unique_ptr<InferenceBackend> backend, QObject* parent) : QObject(parent) {
  worker_ = new InferenceWorker(std::move(backend));
  worker_->moveToThread(&thread_);
  connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
  thread_.setObjectName(QStringLiteral("hearth-inference"));
  thread_.start();

  connect(worker_, &InferenceWorker::load_progress, this, [this](quint64 request, double fraction) {
    if (request == load_request_) emit load_progress(fraction);
  });
  connect(worker_, &InferenceWorker::loaded, this, [this](quint64 request, const LoadedModelInfo& info) {
    if (request != load_request_) return;
    load_request_ = 0;
    loaded_ = info;
    loaded_settings_ = pending_settings_;
    emit loaded(info);
  });
  connect(worker_, &InferenceWorker::load_failed, this, [this](quint64 request, const QString& error, bool cancelled) {
    if (request != load_request_) return;
    load_request_ = 0;
    loaded_ = {};  // the backend dropped the old model when it started the new load
    emit load_failed(error, cancelled);
  });
  connect(worker_, &InferenceWorker::text, this, [this](quint64 request, const QString& piece) {
    if (request == generate_request_) emit text(request, piece);
  });
  connect(worker_, &InferenceWorker::finished, this, [this](quint64 request, const GenerationStats& stats) {
    if (request != generate_request_) return;
    generate_request_ = 0;
    if (!stats.now_running_on.isEmpty()) {  // the engine moved the model to the CPU (GPU lost)
      loaded_.device = stats.now_running_on;
      loaded_.gpu_layers = 0;
      loaded_settings_.gpu_device = -1;
    }
    emit finished(request, stats);
  });
}

InferenceController::~InferenceController() {
  // Stop whatever runs so the thread can finish promptly, then wait for it.
  load_cancel_.cancel();
  generate_cancel_.cancel();
  thread_.quit();
  thread_.wait();
}

quint64 InferenceController::load(const QString& path, const LoadSettings& settings) {
  load_cancel_.cancel();      // a load in progress gives way to the new one
  generate_cancel_.cancel();  // and an answer in progress ends
  load_cancel_ = CancelToken();
  const quint64 request = next_request_++;
  load_request_ = request;
  pending_settings_ = settings;
  const CancelToken cancel = load_cancel_;
  QMetaObject::invokeMethod(worker_, [worker = worker_, request, path, settings, cancel] {
    worker->load(request, path, settings, cancel);
  });
  return request;
}

void InferenceController::cancel_load() { load_cancel_.cancel(); }

quint64 InferenceController::generate(const QList<ChatTurn>& turns, const SamplingSettings& sampling) {
  if (!has_model() || generating() || loading()) return 0;
  generate_cancel_ = CancelToken();
  const quint64 request = next_request_++;
  generate_request_ = request;
  const CancelToken cancel = generate_cancel_;
  QMetaObject::invokeMethod(worker_, [worker = worker_, request, turns, sampling, cancel] {
    worker->generate(request, turns, sampling, cancel);
  });
  return request;
}

void InferenceController::stop() { generate_cancel_.cancel(); }

}  // namespace hearth::gui
