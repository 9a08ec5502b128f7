// The offload card and the engine on a real Vulkan device (CI: Mesa lavapipe, allowed here with
// HEARTH_VULKAN_ALLOW_CPU=1): the device list shows the engine's devices, the GPU bar is the
// device's memory, moving the layer slider moves exactly one layer's estimate to the GPU bar,
// Auto picks the most that fit, and a load with GPU layers really places them (the status text
// says so). Skips loudly where there is no Vulkan device.
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QTest>

#include "engine/inference_backend.h"
#include "engine/memory_estimator.h"
#include "gui_test_support.h"
#include "hearth/backend/vulkan.h"
#include "hearth/io/gguf.h"
#include "hearth/runtime/memory_estimate.h"
#include "offload/offload_panel.h"
#include "synthetic_gguf.h"
#include "window/settings.h"

namespace hearth::gui::test {

class GpuOffloadTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { qputenv("HEARTH_VULKAN_ALLOW_CPU", "1"); }

  void device_list_and_bars_are_the_real_devices() {
    auto devices = list_vulkan_devices();
    if (!devices) QSKIP(qPrintable(QStringLiteral("SKIPPED: no Vulkan device: ") + QString::fromStdString(devices.error().message)));
    TestApp app;
    const QString path = app.dir.filePath("offload-gpu.gguf");
    SyntheticLlama m;
    m.name = "offload-gpu";
    m.n_layer = 8;
    m.n_embd = 512;
    m.n_ff = 1536;
    m.n_head = 8;
    m.n_head_kv = 2;
    m.n_ctx = 4096;
    m.n_vocab = 2000;
    QCOMPARE(write_synthetic_llama(path, m), QString());
    OffloadPanel panel(app.context->settings());
    panel.show();
    QSignalSpy ready(&panel, &OffloadPanel::model_ready);
    panel.set_model(path);
    QVERIFY(ready.wait(kWaitMs));

    // The engine's devices, then the plan entry; the first device is chosen by default.
    QComboBox* picker = panel.device_picker();
    QCOMPARE(picker->count(), int(devices->size()) + 1);
    QCOMPARE(picker->itemText(0), QString::fromStdString(devices->front().name));
    picker->setCurrentIndex(0);
    QVERIFY(panel.chosen_device());
    QVERIFY(!panel.gpu_size()->isVisible());  // no typed-in size for a real device
    QVERIFY2(panel.backend_note().contains(QString::fromStdString(devices->front().name)), qPrintable(panel.backend_note()));
    const MemoryPicture pic2 = [&] {
      panel.gpu_layers_slider()->setValue(2);
      return panel.current_picture();
    }();
    QVERIFY(pic2.gpu_backend_available);
    QCOMPARE(pic2.gpu.capacity, devices->front().device_local_bytes);

    // One more layer: the GPU bar grows by exactly the estimate's difference.
    panel.gpu_layers_slider()->setValue(3);
    const MemoryPicture pic3 = panel.current_picture();
    auto file = GgufFile::open(path.toStdString());
    QVERIFY(file.ok());
    const DeviceId gpu{DeviceKind::Vulkan, 0};
    auto gpu_bytes = [&](int ngl) {
      MemoryRequest r;
      r.n_ctx = panel.load_settings().context_size;
      r.placement = LayerPlacement::offload_last(m.n_layer, ngl, gpu);
      return estimate_memory(*file, r).value().find(gpu)->total();
    };
    QCOMPARE(pic3.gpu.used() - pic2.gpu.used(), gpu_bytes(3) - gpu_bytes(2));
    QCOMPARE(pic3.gpu.used(), gpu_bytes(3));

    // Auto: the most layers that fit what the device has free less the margin.
    panel.auto_button()->click();
    auto estimator = MemoryEstimator::for_model(path, nullptr);
    QCOMPARE(panel.gpu_layers_slider()->value(),
             estimator->most_gpu_layers_that_fit(panel.load_settings().context_size, panel.capacities()));
    QCOMPARE(panel.load_settings().gpu_device, devices->front().index);
  }

  void loading_with_gpu_layers_places_them() {
    auto devices = list_vulkan_devices();
    if (!devices) QSKIP(qPrintable(QStringLiteral("SKIPPED: no Vulkan device: ") + QString::fromStdString(devices.error().message)));
    HEARTH_GUI_REQUIRE_SHARED("models/stories260K-reference-gguf/stories260K-f32.gguf");
    const QString path = shared_path(QStringLiteral("models/stories260K-reference-gguf/stories260K-f32.gguf"));
    auto engine = make_engine_backend();
    LoadSettings s;
    s.context_size = 256;
    s.gpu_layers = 2;
    s.gpu_device = devices->front().index;
    auto info = engine->load(path, s, {}, CancelToken{});
    QVERIFY2(info.ok(), info.ok() ? "" : info.error().message.c_str());
    QCOMPARE(info->gpu_layers, 2);
    QVERIFY2(info->device.startsWith(QStringLiteral("2/5 layers on ")), qPrintable(info->device));
    QVERIFY2(info->device.contains(QString::fromStdString(devices->front().name)), qPrintable(info->device));

    // No device chosen: everything on the CPU, whatever the slider says.
    s.gpu_device = -1;
    info = engine->load(path, s, {}, CancelToken{});
    QVERIFY(info.ok());
    QCOMPARE(info->gpu_layers, 0);
    QVERIFY2(info->device.startsWith(QStringLiteral("CPU")), qPrintable(info->device));
  }

  // A GPU lost during an answer (simulated: every submission reports VK_ERROR_DEVICE_LOST)
  // ends that answer with a clear error, the engine moves the model to the CPU, and the next
  // answer comes from there — the CPU's answer.
  void a_lost_gpu_ends_the_answer_and_the_app_goes_on_on_the_cpu() {
    auto devices = list_vulkan_devices();
    if (!devices) QSKIP(qPrintable(QStringLiteral("SKIPPED: no Vulkan device: ") + QString::fromStdString(devices.error().message)));
    HEARTH_GUI_REQUIRE_SHARED("models/stories260K-reference-gguf/stories260K-f32.gguf");
    const QString path = shared_path(QStringLiteral("models/stories260K-reference-gguf/stories260K-f32.gguf"));
    SamplingSettings greedy;
    greedy.temperature = 0;
    greedy.max_tokens = 24;
    const QList<ChatTurn> turns{{ChatRole::User, QStringLiteral("Once upon a time")}};
    auto answer = [&](InferenceBackend& engine, GenerationStats* stats) {
      QString text;
      *stats = engine.generate(turns, greedy, [&](const QString& piece) { text += piece; }, CancelToken{});
      return text;
    };

    auto cpu_engine = make_engine_backend();
    LoadSettings s;
    s.context_size = 256;
    QVERIFY(cpu_engine->load(path, s, {}, CancelToken{}).ok());
    GenerationStats cpu_stats;
    const QString cpu_text = answer(*cpu_engine, &cpu_stats);
    QVERIFY(cpu_stats.reason != FinishReason::Error);
    QVERIFY(!cpu_text.isEmpty());

    auto engine = make_engine_backend();
    s.gpu_layers = 5;
    s.gpu_device = devices->front().index;
    auto info = engine->load(path, s, {}, CancelToken{});
    QVERIFY(info.ok());
    QCOMPARE(info->gpu_layers, 5);
    GenerationStats stats;
    {
      qputenv("HEARTH_VULKAN_LOSE_DEVICE", "1");
      answer(*engine, &stats);
      qunsetenv("HEARTH_VULKAN_LOSE_DEVICE");
    }
    QCOMPARE(int(stats.reason), int(FinishReason::Error));
    QVERIFY2(stats.error.contains(QStringLiteral("GPU stopped responding")), qPrintable(stats.error));
    QVERIFY2(stats.now_running_on.startsWith(QStringLiteral("CPU")), qPrintable(stats.now_running_on));
    // The same engine answers again, on the CPU, with the CPU's answer.
    const QString again = answer(*engine, &stats);
    QVERIFY2(stats.reason != FinishReason::Error, qPrintable(stats.error));
    QCOMPARE(again, cpu_text);
  }
};

}  // namespace hearth::gui::test

QTEST_MAIN(hearth::gui::test::GpuOffloadTest)
#include "tst_gpu_offload.moc"
