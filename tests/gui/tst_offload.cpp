// The offload panel: the context slider stops at sensible sizes up to the trained maximum, the
// GPU-layer slider moves blocks between the two bars, the KV cache follows the context size,
// "Auto" picks the most layers that fit, and a plan that does not fit is marked.
//
// Golden values are worked out from the file's own shape with the KV-cache formula llama.cpp
// prints at load ("KV self size"): 2 (K and V) × n_ctx × n_layer × n_head_kv × head_dim × 2 bytes
// (f16); block weights are the sums of the blk.N.* entries of the tensor table.
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QTest>

#include "engine/memory_estimator.h"
#include "gui_test_support.h"
#include "hearth/io/gguf.h"
#include "hearth/runtime/memory_estimate.h"
#include "offload/context_steps.h"
#include "offload/memory_split_view.h"
#include "offload/offload_panel.h"
#include "synthetic_gguf.h"
#include "window/settings.h"

namespace hearth::gui::test {

namespace {
SyntheticLlama small_model() {
  SyntheticLlama m;
  m.name = "offload-test";
  m.n_layer = 8;
  m.n_embd = 512;
  m.n_ff = 1536;
  m.n_head = 8;
  m.n_head_kv = 2;  // grouped-query attention: KV width 128
  m.n_ctx = 8192;
  m.n_vocab = 2000;
  return m;
}

std::vector<uint64_t> block_bytes(const QString& path, int n_layer) {
  std::vector<uint64_t> out(size_t(n_layer), 0);
  auto file = GgufFile::open(path.toStdString());
  for (const auto& t : file->tensors()) {
    if (t.name.rfind("blk.", 0) == 0) out[size_t(std::atoi(t.name.c_str() + 4))] += t.size_bytes;
  }
  return out;
}
}  // namespace

class OffloadTest : public QObject {
  Q_OBJECT

 private slots:
  void context_steps_are_sensible() {
    QCOMPARE(context_steps(512), (QList<int>{512}));
    QCOMPARE(context_steps(2048), (QList<int>{512, 1024, 2048}));
    QCOMPARE(context_steps(8192), (QList<int>{512, 1024, 2048, 3072, 4096, 6144, 8192}));
    // An odd trained maximum is the last stop.
    QCOMPARE(context_steps(5000), (QList<int>{512, 1024, 2048, 3072, 4096, 5000}));
    QCOMPARE(context_steps(128), (QList<int>{128}));
    const auto steps = context_steps(32768);
    QCOMPARE(steps.last(), 32768);
    QCOMPARE(nearest_context_step(steps, 4000), int(steps.indexOf(4096)));
  }

  void sliders_change_the_estimate() {
    TestApp app;
    const QString path = app.dir.filePath("offload-test.gguf");
    const SyntheticLlama m = small_model();
    QCOMPARE(write_synthetic_llama(path, m), QString());
    const auto blocks = block_bytes(path, m.n_layer);

    OffloadPanel panel(app.context->settings());
    panel.resize(420, 600);
    panel.show();
    QSignalSpy ready(&panel, &OffloadPanel::model_ready);
    panel.set_model(path);
    QVERIFY(ready.wait(kWaitMs));
    QVERIFY(panel.has_model());

    QSlider* ctx = panel.context_slider();
    QSlider* layers = panel.gpu_layers_slider();
    QCOMPARE(ctx->maximum(), int(context_steps(m.n_ctx).size()) - 1);
    QCOMPARE(layers->maximum(), m.n_layer);
    QVERIFY(ctx->isEnabled());

    const uint64_t kv_per_token_per_layer = 2ull * 2 /*bytes*/ * uint64_t(m.n_head_kv) * uint64_t(m.n_embd / m.n_head);

    // All on the CPU at 4096 tokens.
    layers->setValue(0);
    ctx->setValue(int(context_steps(m.n_ctx).indexOf(4096)));
    QCOMPARE(panel.load_settings().context_size, 4096);
    MemoryPicture pic = panel.current_picture();
    QCOMPARE(pic.ram.kv_cache, 4096ull * uint64_t(m.n_layer) * kv_per_token_per_layer);
    QCOMPARE(pic.gpu.used(), 0ull);
    QCOMPARE(int(pic.ram.layers.size()), m.n_layer);

    // Doubling the context doubles the KV cache.
    QSignalSpy changed(&panel, &OffloadPanel::estimate_changed);
    ctx->setValue(int(context_steps(m.n_ctx).indexOf(8192)));
    QVERIFY(changed.count() >= 1);
    pic = panel.current_picture();
    QCOMPARE(pic.ram.kv_cache, 8192ull * uint64_t(m.n_layer) * kv_per_token_per_layer);
    // The view draws what the panel computes.
    QCOMPARE(panel.view()->picture().ram.kv_cache, pic.ram.kv_cache);

    // Three layers to the GPU: the last three blocks and their KV cache move.
    layers->setValue(3);
    pic = panel.current_picture();
    QCOMPARE(int(pic.gpu.layers.size()), 3);
    QCOMPARE(pic.gpu.layers.first().layer, m.n_layer - 3);
    QCOMPARE(pic.gpu.layer_bytes(), blocks[5] + blocks[6] + blocks[7]);
    QCOMPARE(pic.gpu.kv_cache, 8192ull * 3 * kv_per_token_per_layer);
    QCOMPARE(pic.ram.kv_cache, 8192ull * 5 * kv_per_token_per_layer);
    QCOMPARE(panel.load_settings().gpu_layers, 3);
  }

  // The panel draws the engine's own estimate_memory() (what Session allocates with) for the
  // placement the sliders describe, segment by segment adding up to the engine's device totals.
  // Without a GPU backend the panel says so and still draws the plan for the GPU size typed in.
  void draws_the_engines_estimate_and_is_honest_about_the_gpu() {
    TestApp app;
    const QString path = app.dir.filePath("offload-test.gguf");
    const SyntheticLlama m = small_model();
    QCOMPARE(write_synthetic_llama(path, m), QString());
    OffloadPanel panel(app.context->settings());
    panel.show();
    QSignalSpy ready(&panel, &OffloadPanel::model_ready);
    panel.set_model(path);
    QVERIFY(ready.wait(kWaitMs));

    panel.device_picker()->setCurrentIndex(panel.device_picker()->count() - 1);  // plan for a typed-in size
    panel.gpu_size()->setValue(3.5);
    panel.context_slider()->setValue(int(context_steps(m.n_ctx).indexOf(2048)));
    panel.gpu_layers_slider()->setValue(3);
    const MemoryPicture pic = panel.current_picture();

    auto file = GgufFile::open(path.toStdString());
    QVERIFY(file.ok());
    const DeviceId gpu{DeviceKind::Vulkan, 0};
    MemoryRequest request;  // SessionOptions' defaults, as the engine backend loads with
    request.n_ctx = 2048;
    request.placement = LayerPlacement::offload_last(m.n_layer, 3, gpu);
    auto est = estimate_memory(*file, request);
    QVERIFY2(est.ok(), est.ok() ? "" : est.error().message.c_str());
    QVERIFY(est->find(kCpuDevice) && est->find(gpu));
    QCOMPARE(pic.ram.used(), est->find(kCpuDevice)->total());
    QCOMPARE(pic.gpu.used(), est->find(gpu)->total());
    QCOMPARE(pic.ram.kv_cache, est->find(kCpuDevice)->kv_cache);
    QCOMPARE(pic.gpu.scratch, est->find(gpu)->scratch);
    // The GPU bar is measured against the size typed in.
    QCOMPARE(pic.gpu.capacity, uint64_t(3.5 * 1024 * 1024 * 1024));
    QVERIFY(pic.gpu.used() > 0);
    QCOMPARE(panel.view()->picture().gpu.used(), pic.gpu.used());

    // A plan is a plan (all on the CPU until a device is chosen); whether the engine has a GPU is
    // its answer, and the panel's text follows it.
    QVERIFY(!pic.gpu_backend_available);
    if (!engine_has_gpu_backend()) {
      QVERIFY2(panel.backend_note().contains(QStringLiteral("No GPU backend")), qPrintable(panel.backend_note()));
    } else {
      QVERIFY(!panel.backend_note().contains(QStringLiteral("No GPU backend")));
    }
  }

  void auto_picks_the_most_layers_that_fit_and_red_marks_overflow() {
    TestApp app;
    const QString path = app.dir.filePath("big.gguf");
    SyntheticLlama m;  // a 7B-like shape, F16: about 13 GiB of weights (sparse on disk)
    m.name = "big";
    m.n_layer = 32;
    m.n_embd = 4096;
    m.n_ff = 11008;
    m.n_head = 32;
    m.n_head_kv = 32;
    m.n_ctx = 4096;
    m.n_vocab = 32000;
    QCOMPARE(write_synthetic_llama(path, m), QString());

    OffloadPanel panel(app.context->settings());
    panel.show();
    QSignalSpy ready(&panel, &OffloadPanel::model_ready);
    panel.set_model(path);
    QVERIFY(ready.wait(kWaitMs));

    panel.device_picker()->setCurrentIndex(panel.device_picker()->count() - 1);
    panel.gpu_size()->setValue(6.0);  // a 6 GiB laptop GPU
    panel.gpu_layers_slider()->setValue(32);
    QVERIFY(!panel.current_picture().gpu.fits());   // 13 GiB does not fit in 6
    QVERIFY(!panel.view()->picture().fits());       // and the view shows the plan that does not fit

    panel.auto_button()->click();
    const int chosen = panel.gpu_layers_slider()->value();
    QVERIFY(chosen > 0 && chosen < 32);
    QVERIFY(panel.current_picture().gpu.fits());
    // One more layer would not fit: Auto took the most.
    auto estimator = MemoryEstimator::for_model(path, nullptr);
    QVERIFY(estimator);
    LoadSettings more = panel.load_settings();
    more.gpu_layers = chosen + 1;
    QVERIFY(!estimator->estimate(more, panel.capacities()).gpu.fits());

    // A bigger GPU takes more layers.
    panel.gpu_size()->setValue(12.0);
    panel.auto_button()->click();
    QVERIFY(panel.gpu_layers_slider()->value() > chosen);
  }

  void reload_notice_when_settings_differ_from_the_loaded_model() {
    TestApp app;
    const QString path = app.dir.filePath("offload-test.gguf");
    QCOMPARE(write_synthetic_llama(path, small_model()), QString());
    OffloadPanel panel(app.context->settings());
    panel.show();
    QSignalSpy ready(&panel, &OffloadPanel::model_ready);
    panel.set_model(path);
    QVERIFY(ready.wait(kWaitMs));
    panel.set_loaded_state(path, panel.load_settings());
    QVERIFY(!panel.reload_notice_visible());
    panel.gpu_layers_slider()->setValue(panel.gpu_layers_slider()->value() + 1);
    QVERIFY(panel.reload_notice_visible());
    QSignalSpy reload(&panel, &OffloadPanel::reload_requested);
    panel.reload_button()->click();
    QCOMPARE(reload.count(), 1);
  }

  void settings_remember_the_choice() {
    TestApp app;
    const QString path = app.dir.filePath("offload-test.gguf");
    QCOMPARE(write_synthetic_llama(path, small_model()), QString());
    {
      OffloadPanel panel(app.context->settings());
      QSignalSpy ready(&panel, &OffloadPanel::model_ready);
      panel.set_model(path);
      QVERIFY(ready.wait(kWaitMs));
      panel.context_slider()->setValue(int(context_steps(8192).indexOf(2048)));
      panel.gpu_layers_slider()->setValue(5);
    }
    OffloadPanel again(app.context->settings());
    QSignalSpy ready(&again, &OffloadPanel::model_ready);
    again.set_model(path);
    QVERIFY(ready.wait(kWaitMs));
    QCOMPARE(again.load_settings().context_size, 2048);
    QCOMPARE(again.load_settings().gpu_layers, 5);
  }
};

}  // namespace hearth::gui::test

QTEST_MAIN(hearth::gui::test::OffloadTest)
#include "tst_offload.moc"
