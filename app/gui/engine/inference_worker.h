// Runs an InferenceBackend on its own thread (the GPT4All pattern: a worker QObject moved to a
// QThread, talked to through queued signals). InferenceController is the GUI-thread face: it
// starts loads and generations, and stops them at once through a shared cancel token — a
// queued "stop" would wait behind the very generation it should stop.
#pragma once

#include <QObject>
#include <QThread>
#include <memory>

#include "engine/engine_types.h"
#include "engine/inference_backend.h"

namespace hearth::gui {

class InferenceWorker : public QObject {
  Q_OBJECT

 public:
  explicit InferenceWorker(std::unique_ptr<InferenceBackend> backend);
  ~InferenceWorker() override;

  // Called on the worker thread (the controller queues them with QMetaObject::invokeMethod).
  void load(quint64 request, const QString& path, const LoadSettings& settings, const CancelToken& cancel);
  void generate(quint64 request, const QList<ChatTurn>& turns, const SamplingSettings& sampling,
                const CancelToken& cancel);
  void unload();

 signals:
  void load_progress(quint64 request, double fraction);
  void loaded(quint64 request, const hearth::gui::LoadedModelInfo& info);
  void load_failed(quint64 request, const QString& error, bool cancelled);
  void text(quint64 request, const QString& piece);
  void finished(quint64 request, const hearth::gui::GenerationStats& stats);

 private:
  std::unique_ptr<InferenceBackend> backend_;
};

class InferenceController : public QObject {
  Q_OBJECT

 public:
  explicit InferenceController(std::unique_ptr<InferenceBackend> backend, QObject* parent = nullptr);
  ~InferenceController() override;

  // Starts loading (cancelling a load in progress). Returns the request id.
  quint64 load(const QString& path, const LoadSettings& settings);
  void cancel_load();
  // Starts an answer; returns its request id (0 when no model is loaded or one is running).
  quint64 generate(const QList<ChatTurn>& turns, const SamplingSettings& sampling);
  // Stops the running answer; what was written so far stays.
  void stop();

  bool loading() const { return load_request_ != 0; }
  bool generating() const { return generate_request_ != 0; }
  bool has_model() const { return !loaded_.path.isEmpty(); }
  const LoadedModelInfo& loaded_model() const { return loaded_; }
  LoadSettings loaded_settings() const { return loaded_settings_; }

 signals:
  void load_progress(double fraction);
  void loaded(const hearth::gui::LoadedModelInfo& info);
  void load_failed(const QString& error, bool cancelled);
  void text(quint64 request, const QString& piece);
  void finished(quint64 request, const hearth::gui::GenerationStats& stats);

 private:
  QThread thread_;
  InferenceWorker* worker_ = nullptr;  // lives on thread_
  quint64 next_request_ = 1;
  quint64 load_request_ = 0;
  quint64 generate_request_ = 0;
  CancelToken load_cancel_;
  CancelToken generate_cancel_;
  LoadedModelInfo loaded_;
  LoadSettings loaded_settings_;
  LoadSettings pending_settings_;
};

}  // namespace hearth::gui
