// hearth-screenshot-tour --out DIR [--language en|zh_CN]
// Opens the real main window on a fresh data folder, walks through the panes the way a user
// would (library, drop of the stories260K HF folder into the wizard, a conversion, a chat, the
// offload plan of an 8B-shaped model) and saves a screenshot of each. Under X (screenshots.sh
// runs it inside Xvfb) the screen is captured with ImageMagick's `import -window root`;
// elsewhere the window grabs itself. Every step is checked as it goes (the library lists its
// files, the wizard writes both quantized files, the model loads and answers); the exit status
// is the number of failed checks, so the Windows GUI smoke test (tests/windows/gui_smoke.sh)
// can run the same tour under wine.
#include <QApplication>
#include <QCommandLineParser>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QDropEvent>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QScreen>
#include <QSignalSpy>
#include <QScrollArea>
#include <QScrollBar>
#include <QSlider>
#include <QTest>

#include "chat/chat_pane.h"
#include "chat/chat_view.h"
#include "chat/composer.h"
#include "chat/sampling_panel.h"
#include "common/theme.h"
#include "engine/inference_worker.h"
#include "gui_test_support.h"
#include "library/model_browser.h"
#include "library/model_library.h"
#include "offload/offload_panel.h"
#include "synthetic_gguf.h"
#include "window/language.h"
#include "window/main_window.h"
#include "window/settings.h"
#include "wizard/quantize_wizard.h"
#include "wizard/run_page.h"
#include "wizard/source_page.h"
#include "wizard/target_page.h"

using namespace hearth::gui;
using namespace hearth::gui::test;

namespace {

QString g_out;
QString g_lang;
MainWindow* g_window = nullptr;
int g_failures = 0;

void expect(bool ok, const char* what) {
  std::printf("%s %s\n", ok ? "ok  " : "FAIL", what);
  std::fflush(stdout);
  if (!ok) ++g_failures;
}

void settle(int ms = 600) {
  QTest::qWait(ms);  // let layouts, fades and timers settle; this is a picture, not a test
}

void capture(const QString& name) {
  settle();
  const QString file = QDir(g_out).filePath(QStringLiteral("%1-%2.png").arg(g_lang, name));
  bool ok = false;
  if (QGuiApplication::platformName() == QLatin1String("xcb")) {
    ok = QProcess::execute(QStringLiteral("import"), {QStringLiteral("-window"), QStringLiteral("root"), file}) == 0;
  }
  if (!ok) ok = g_window->grab().save(file);
  std::printf("%s %s\n", ok ? "saved" : "FAILED", qPrintable(file));
  if (!ok) ++g_failures;
}

bool wait_for(const std::function<bool()>& condition, int ms = 120000) { return QTest::qWaitFor(condition, ms); }

void drop(const QString& path) {
  QMimeData mime;
  mime.setUrls({QUrl::fromLocalFile(path)});
  QDragEnterEvent enter(QPoint(400, 300), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(g_window, &enter);
  QDropEvent event(QPointF(400, 300), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QCoreApplication::sendEvent(g_window, &event);
}

}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("Hearth"));
  QApplication::setOrganizationName(QStringLiteral("Hearth"));
  QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
  apply_theme(app);
  QCommandLineParser cli;
  const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Folder for the PNG files."), QStringLiteral("DIR"));
  const QCommandLineOption language(QStringLiteral("language"), QStringLiteral("en or zh_CN"), QStringLiteral("CODE"), QStringLiteral("en"));
  cli.addOption(out);
  cli.addOption(language);
  cli.addHelpOption();
  cli.process(app);
  g_out = cli.value(out);
  g_lang = cli.value(language);
  if (g_out.isEmpty()) {
    std::fprintf(stderr, "--out DIR is required\n");
    return 2;
  }
  QDir().mkpath(g_out);

  QTemporaryDir data;
  AppContext context = AppContext::in_folder(data.path());
  context.settings()->set_language(g_lang);
  context.language()->apply(g_lang);
  const QString models = QDir(data.path()).filePath(QStringLiteral("models"));
  QDir().mkpath(models);

  // The library: llama.cpp's reference files of stories260K, a truncated download (to show how
  // unreadable files look), and a header-only file with the shape of an 8B Q4_K_M model (no
  // weights; it shows a realistic memory plan).
  const QString ref = shared_path(QStringLiteral("models/stories260K-reference-gguf"));
  for (const char* name : {"stories260K-Q4_K_M.gguf", "stories260K-Q6_K.gguf", "stories260K-hf-viaHFconv-q8_0.gguf",
                           "stories260K-hf-viaHFconv-f16.gguf"})
    QFile::copy(QDir(ref).filePath(QLatin1String(name)), QDir(models).filePath(QLatin1String(name)));
  write_truncated_copy(QDir(ref).filePath(QStringLiteral("stories260K-Q6_K.gguf")),
                       QDir(models).filePath(QStringLiteral("incomplete-download.gguf")), 4000);
  SyntheticLlama shape;
  shape.name = "8B-shaped layout (header only)";
  shape.n_layer = 32;
  shape.n_embd = 4096;
  shape.n_ff = 14336;
  shape.n_head = 32;
  shape.n_head_kv = 8;
  shape.n_ctx = 8192;
  shape.n_vocab = 128256;
  shape.weight_type = hearth::TensorType::Q4_K;
  shape.embedding_type = hearth::TensorType::Q4_K;
  shape.output_type = hearth::TensorType::Q6_K;
  shape.file_type = 15;
  const QString shape_path = QDir(models).filePath(QStringLiteral("layout-8B-shape-Q4_K_M.gguf"));
  if (const QString e = write_synthetic_llama(shape_path, shape); !e.isEmpty()) std::fprintf(stderr, "%s\n", qPrintable(e));
  context.settings()->set_assumed_gpu_memory(4ull << 30);  // a 4 GiB laptop GPU

  MainWindow window(&context);
  g_window = &window;
  window.setGeometry(QGuiApplication::primaryScreen()->availableGeometry());
  window.show();
  expect(wait_for([&] { return context.library()->entries().size() >= 6; }), "the library lists the six files");

  // 1. Models: the library with the details of a quantized file.
  window.show_page(MainWindow::ModelsPage);
  window.browser()->select_model(QDir(models).filePath(QStringLiteral("stories260K-Q4_K_M.gguf")));
  capture(QStringLiteral("models"));

  // 2. Quantize: the stories260K HF folder dropped onto the window.
  drop(shared_path(QStringLiteral("models/stories260K-hf")));
  QuantizeWizard* wizard = window.wizard();
  wait_for([&] { return wizard->source_page()->isComplete() || !wizard->source_page()->error_text().isEmpty(); });
  expect(wizard->source_page()->isComplete(), "the wizard reads the dropped Hugging Face folder");
  capture(QStringLiteral("quantize-source"));
  wizard->next();
  wait_for([&] { return !wizard->target_page()->estimating(); });
  wizard->target_page()->set_checked(QStringLiteral("Q8_0"), true);
  capture(QStringLiteral("quantize-types"));
  wizard->next();
  wizard->next();  // Start
  expect(wait_for([&] { return wizard->run_page()->done(); }), "the wizard converts and quantizes");
  for (const char* name : {"stories260K-hf-Q4_K_M.gguf", "stories260K-hf-Q8_0.gguf"})
    expect(QFileInfo(QDir(models).filePath(QLatin1String(name))).size() > 100000, name);
  capture(QStringLiteral("quantize-done"));

  // 3. Chat with the Q4_K_M file the wizard just made.
  ChatPane* chat = window.chat();
  SamplingSettings sampling = chat->sampling()->values();
  sampling.max_tokens = 120;
  sampling.seed = 42;
  chat->sampling()->set_values(sampling);
  {
    QSignalSpy loaded(window.engine(), &InferenceController::loaded);
    QSignalSpy failed(window.engine(), &InferenceController::load_failed);
    window.chat_with(QDir(models).filePath(QStringLiteral("stories260K-hf-Q4_K_M.gguf")));
    wait_for([&] { return loaded.count() + failed.count() > 0; });
    expect(loaded.count() == 1, "the quantized model loads");
    if (failed.count() > 0) std::fprintf(stderr, "load failed: %s\n", qPrintable(failed.first().first().toString()));
  }
  chat->send(QStringLiteral("Once upon a time, there was a little dragon who"));
  expect(wait_for([&] { return !chat->generating() && chat->view()->messages().size() >= 2; }), "the model answers");
  chat->view()->scroll_to_bottom();
  capture(QStringLiteral("chat"));

  // 4. Offload: the memory plan of the 8B-shaped file on a 4 GiB GPU, first too many layers
  // (red), then what Auto chooses.
  const int index = chat->model_picker()->findData(QFileInfo(shape_path).canonicalFilePath());
  chat->model_picker()->setCurrentIndex(index >= 0 ? index : chat->model_picker()->findData(shape_path));
  OffloadPanel* offload = chat->offload();
  expect(wait_for([&] { return offload->has_model(); }), "the offload plan shows the 8B-shaped file");
  offload->context_slider()->setValue(offload->context_slider()->maximum());
  offload->gpu_layers_slider()->setValue(32);
  // The offload card is at the bottom of the side panel: scroll its frame's top into view.
  QWidget* card = offload->parentWidget() ? offload->parentWidget() : offload;
  for (QWidget* w = offload; w; w = w->parentWidget()) {
    if (auto* area = qobject_cast<QScrollArea*>(w)) {
      settle(200);
      area->verticalScrollBar()->setValue(card->mapTo(area->widget(), QPoint(0, 0)).y() - 4);
      break;
    }
  }
  capture(QStringLiteral("offload-too-big"));
  offload->auto_button()->click();
  capture(QStringLiteral("offload-auto"));
  std::printf("%d failed check(s)\n", g_failures);
  return g_failures;
}
