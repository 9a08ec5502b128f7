#include "window/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
#include <QVBoxLayout>

#include "chat/chat_pane.h"
#include "engine/memory_estimator.h"
#include "hearth/kernels/cpu.h"
#include "chat/conversation_store.h"
#include "common/format.h"
#include "common/theme.h"
#include "engine/inference_worker.h"
#include "library/model_browser.h"
#include "library/model_library.h"
#include "window/app_context.h"
#include "window/drop_router.h"
#include "window/language.h"
#include "window/navigation_bar.h"
#include "window/settings.h"
#include "window/settings_dialog.h"
#include "window/window_fit.h"
#include "wizard/quantize_wizard.h"
#include "wizard/step_indicator.h"

namespace hearth::gui {

namespace {
// The available area (without task bars) of `screen`, or of the primary screen.
QRect available_area(QScreen* screen) {
  if (!screen) screen = QGuiApplication::primaryScreen();
  return screen ? screen->availableGeometry() : QRect();
}
}  // namespace

MainWindow::MainWindow(AppContext* context, QWidget* parent) : QMainWindow(parent), context_(context) {
  setWindowIcon(hearth_logo());
  setAcceptDrops(true);
  setMinimumSize(kMinimumWindowSize);
  resize(initial_window_size(available_area(nullptr)));
  engine_ = std::make_unique<InferenceController>(context_->make_inference());

  auto* central = new QWidget;
  auto* layout = new QHBoxLayout(central);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  navigation_ = new NavigationBar;
  layout->addWidget(navigation_);
  pages_ = new QStackedWidget;
  layout->addWidget(pages_, 1);
  setCentralWidget(central);

  browser_ = new ModelBrowser(context_->library(), context_->settings());
  pages_->addWidget(browser_);

  quantize_page_ = new QWidget;
  auto* q_layout = new QVBoxLayout(quantize_page_);
  q_layout->setContentsMargins(16, 14, 16, 10);
  quantize_heading_ = new QLabel;
  quantize_heading_->setStyleSheet(QStringLiteral("font-size: 16pt; font-weight: 600;"));
  auto* q_top = new QHBoxLayout;
  q_top->addWidget(quantize_heading_);
  q_top->addStretch(1);
  steps_ = new StepIndicator;
  q_top->addWidget(steps_);
  q_layout->addLayout(q_top);
  wizard_ = new QuantizeWizard(context_->library(), context_->make_quantizer());
  connect(wizard_, &QWizard::currentIdChanged, steps_, [this](int id) { steps_->set_current(std::max(0, id)); });
  q_layout->addWidget(wizard_, 1);
  pages_->addWidget(quantize_page_);

  chat_ = new ChatPane(context_->store(), engine_.get(), context_->library(), context_->settings());
  pages_->addWidget(chat_);

  navigation_->add_page(make_icon(IconKind::Models, theme::kSidebarText), QString());
  navigation_->add_page(make_icon(IconKind::Quantize, theme::kSidebarText), QString());
  navigation_->add_page(make_icon(IconKind::Chat, theme::kSidebarText), QString());
  connect(navigation_, &NavigationBar::page_selected, this, [this](int page) { show_page(Page(page)); });
  connect(navigation_, &NavigationBar::settings_requested, this, &MainWindow::open_settings);

  // Status bar: model, device, speed (and background work).
  model_status_ = new QLabel;
  device_status_ = new QLabel;
  speed_status_ = new QLabel;
  activity_status_ = new QLabel;
  activity_status_->setStyleSheet(QStringLiteral("color: #b84e1c;"));
  statusBar()->addPermanentWidget(activity_status_);
  statusBar()->addPermanentWidget(model_status_);
  statusBar()->addPermanentWidget(device_status_);
  statusBar()->addPermanentWidget(speed_status_);
  statusBar()->setSizeGripEnabled(true);

  // Routing between pages.
  connect(browser_, &ModelBrowser::chat_requested, this, &MainWindow::chat_with);
  connect(browser_, &ModelBrowser::quantize_requested, this, &MainWindow::quantize_model);
  connect(browser_, &ModelBrowser::convert_requested, this, &MainWindow::open_hf_folder);
  connect(wizard_, &QuantizeWizard::chat_requested, this, &MainWindow::chat_with);
  connect(wizard_, &QuantizeWizard::show_requested, this, [this](const QString& path) {
    show_page(ModelsPage);
    browser_->select_model(path);
  });
  connect(wizard_, &QuantizeWizard::running_changed, this, [this](bool running) {
    activity_status_->setText(running ? tr("Converting…") : QString());
  });
  connect(chat_, &ChatPane::model_status_changed, this, [this](const QString& model, const QString& device) {
    model_status_->setText(model.isEmpty() ? tr("No model loaded") : model);
    device_status_->setText(device.isEmpty() ? tr("CPU") : device);
    speed_status_->clear();  // the last speed was another model's
  });
  connect(chat_, &ChatPane::models_page_requested, this, [this] { show_page(ModelsPage); });
  connect(chat_, &ChatPane::speed_changed, this, [this](double tps) { speed_status_->setText(format_tokens_per_second(tps)); });
  connect(chat_, &ChatPane::message, this, [this](const QString& text, int ms) { statusBar()->showMessage(text, ms); });

  drops_ = new DropRouter(this);
  connect(drops_, &DropRouter::hf_folder_dropped, this, &MainWindow::open_hf_folder);
  connect(drops_, &DropRouter::gguf_files_dropped, this, &MainWindow::add_gguf_files);
  connect(drops_, &DropRouter::library_folder_dropped, this, &MainWindow::add_library_folder);
  connect(drops_, &DropRouter::drop_rejected, this, [this](const QString& reason) { statusBar()->showMessage(reason, 6000); });

  connect(context_->settings(), &Settings::language_changed, this, [this](const QString& code) {
    context_->language()->apply(code);  // every widget gets LanguageChange and re-reads its text
  });

  build_menus();
  retranslate();

  Settings* s = context_->settings();
  if (!s->window_geometry().isEmpty() && restoreGeometry(s->window_geometry()) && !isMaximized() && !isFullScreen()) {
    // Saved on another (bigger, or detached) screen: pull it back onto the one it opens on.
    setGeometry(clamp_to_screen(geometry(), available_area(QGuiApplication::screenAt(geometry().center()))));
  }
  if (!s->window_state().isEmpty()) restoreState(s->window_state());
  show_page(Page(std::clamp(s->current_page(), 0, 2)));
  context_->library()->rescan();

  if (!context_->store_error().isEmpty()) {
    // Not a modal box: the app must start even when the history file is unusable.
    qWarning("%s", qPrintable(context_->store_error()));
    QTimer::singleShot(0, this, [this] {
      statusBar()->showMessage(tr("Chats are not saved in this session: %1").arg(context_->store_error()));
    });
  } else if (context_->store()->recovered_count() > 0) {
    QTimer::singleShot(0, this, [this] {
      statusBar()->showMessage(tr("%n answer(s) cut off when Hearth last closed were kept.", nullptr,
                                  context_->store()->recovered_count()), 8000);
    });
  }
}

MainWindow::~MainWindow() = default;

void MainWindow::build_menus() {
  file_menu_ = menuBar()->addMenu(QString());
  add_file_ = file_menu_->addAction(make_icon(IconKind::Add), QString(), browser_, &ModelBrowser::add_file_dialog);
  add_file_->setShortcut(QKeySequence::Open);
  add_folder_ = file_menu_->addAction(make_icon(IconKind::Folder), QString(), browser_, &ModelBrowser::add_folder_dialog);
  open_hf_ = file_menu_->addAction(make_icon(IconKind::Quantize), QString(), this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open a Hugging Face model folder"), QDir::homePath());
    if (!dir.isEmpty()) open_hf_folder(dir);
  });
  file_menu_->addSeparator();
  settings_ = file_menu_->addAction(make_icon(IconKind::Settings), QString(), this, &MainWindow::open_settings);
  // The platform's Preferences key where it has one (macOS Ctrl+, KDE Ctrl+Shift+,), and
  // Ctrl+, everywhere (Windows and GNOME define none).
  QList<QKeySequence> settings_keys = QKeySequence::keyBindings(QKeySequence::Preferences);
  if (!settings_keys.contains(QKeySequence(Qt::CTRL | Qt::Key_Comma))) settings_keys << QKeySequence(Qt::CTRL | Qt::Key_Comma);
  settings_->setShortcuts(settings_keys);
  file_menu_->addSeparator();
  quit_ = file_menu_->addAction(QString(), this, &QWidget::close);
  quit_->setShortcut(QKeySequence::Quit);

  view_menu_ = menuBar()->addMenu(QString());
  show_models_ = view_menu_->addAction(QString(), this, [this] { show_page(ModelsPage); });
  show_models_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
  show_quantize_ = view_menu_->addAction(QString(), this, [this] { show_page(QuantizePage); });
  show_quantize_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
  show_chat_ = view_menu_->addAction(QString(), this, [this] { show_page(ChatPage); });
  show_chat_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_3));
  view_menu_->addSeparator();
  new_chat_ = view_menu_->addAction(make_icon(IconKind::Add), QString(), this, [this] {
    show_page(ChatPage);
    chat_->open_conversation(0);
  });
  new_chat_->setShortcut(QKeySequence::New);

  help_menu_ = menuBar()->addMenu(QString());
  about_ = help_menu_->addAction(QString(), this, [this] {
    QMessageBox box(this);
    box.setIconPixmap(hearth_logo().pixmap(64, 64));
    box.setWindowTitle(tr("About Hearth"));
    box.setText(tr("<b>Hearth %1</b>").arg(QApplication::applicationVersion()));
    box.setInformativeText(tr("Runs large language models on your own PC. Models are converted, quantized and run "
                              "on this computer; nothing is sent anywhere."));
    // Build facts a bug report needs, and where the licences are.
    const std::string_view isa = hearth::kernels::isa_name(hearth::kernels::active_isa());
    QStringList gpus;
    for (const GpuDeviceInfo& d : engine_gpu_devices()) gpus << d.name;
    const QString gpu = gpus.isEmpty() ? tr("none (%1)").arg(engine_gpu_unavailable_reason())
                                       : tr("Vulkan: %1").arg(gpus.join(QStringLiteral(", ")));
    box.setDetailedText(
        tr("Version: %1").arg(QApplication::applicationVersion()) + QLatin1Char('\n') +
        tr("CPU kernels: %1").arg(QString::fromLatin1(isa.data(), qsizetype(isa.size()))) +
        QLatin1Char('\n') + tr("GPU: %1").arg(gpu) + QLatin1Char('\n') +
        tr("Qt: %1").arg(QString::fromLatin1(qVersion())) + QStringLiteral("\n\n") +
        tr("Hearth uses Qt (LGPL-3.0), PCRE2 (BSD), SentencePiece (Apache-2.0), SQLite (public domain), "
           "cpp-httplib (MIT), nlohmann/json (MIT) and CLI11 (BSD). GGUF is the file format of the llama.cpp "
           "project. Their licences are in the licenses folder beside the program (Windows) or in "
           "/usr/share/doc (Linux)."));
    box.exec();
  });
}

void MainWindow::retranslate() {
  setWindowTitle(tr("Hearth"));
  navigation_->set_page_text(ModelsPage, tr("Models"));
  navigation_->set_page_text(QuantizePage, tr("Quantize"));
  navigation_->set_page_text(ChatPage, tr("Chat"));
  navigation_->set_settings_text(tr("Settings"));
  quantize_heading_->setText(tr("Quantize"));
  file_menu_->setTitle(tr("&File"));
  add_file_->setText(tr("Add &model file…"));
  add_folder_->setText(tr("Add library &folder…"));
  open_hf_->setText(tr("&Convert a Hugging Face folder…"));
  settings_->setText(tr("&Settings…"));
  quit_->setText(tr("&Quit"));
  view_menu_->setTitle(tr("&View"));
  show_models_->setText(tr("&Models"));
  show_quantize_->setText(tr("&Quantize"));
  show_chat_->setText(tr("&Chat"));
  new_chat_->setText(tr("&New chat"));
  help_menu_->setTitle(tr("&Help"));
  about_->setText(tr("&About Hearth"));
  if (!engine_->has_model()) {
    model_status_->setText(tr("No model loaded"));
    device_status_->setText(tr("CPU"));
  }
  if (wizard_->running()) activity_status_->setText(tr("Converting…"));
}

void MainWindow::show_page(Page page) {
  pages_->setCurrentIndex(page);
  navigation_->set_current(page);
  context_->settings()->set_current_page(page);
}

MainWindow::Page MainWindow::current_page() const { return Page(pages_->currentIndex()); }

void MainWindow::open_paths(const QStringList& paths) {
  QList<QUrl> urls;
  for (const QString& p : paths) urls << QUrl::fromLocalFile(QFileInfo(p).absoluteFilePath());
  if (urls.isEmpty()) return;
  const DropAction action = classify_drop(urls);
  switch (action.kind) {
    case DropAction::Kind::HfFolder: open_hf_folder(action.paths.first()); break;
    case DropAction::Kind::GgufFiles: add_gguf_files(action.paths); break;
    case DropAction::Kind::LibraryFolder: add_library_folder(action.paths.first()); break;
    case DropAction::Kind::None: statusBar()->showMessage(action.reason, 8000); break;
  }
}

void MainWindow::open_hf_folder(const QString& path) {
  show_page(QuantizePage);
  if (wizard_->running()) {
    statusBar()->showMessage(tr("A conversion is running; drop the folder again when it has finished."), 8000);
    return;
  }
  wizard_->set_source(path);
}

void MainWindow::add_gguf_files(const QStringList& paths) {
  QString first;
  for (const QString& p : paths) {
    const QString added = context_->library()->add_file(p);
    if (first.isEmpty()) first = added;
  }
  show_page(ModelsPage);
  if (!first.isEmpty()) browser_->select_model(first);
  statusBar()->showMessage(tr("Added %n model(s) to the library", nullptr, int(paths.size())), 5000);
}

void MainWindow::add_library_folder(const QString& path) {
  context_->library()->add_folder(path);
  show_page(ModelsPage);
  statusBar()->showMessage(tr("Added the library folder %1").arg(QDir::toNativeSeparators(path)), 5000);
}

void MainWindow::quantize_model(const QString& path) {
  show_page(QuantizePage);
  if (!wizard_->running()) wizard_->set_source(path);
}

void MainWindow::chat_with(const QString& path) {
  show_page(ChatPage);
  chat_->chat_with(path);
}

void MainWindow::open_settings() {
  SettingsDialog dialog(context_->settings(), context_->library(), this);
  dialog.exec();
}

void MainWindow::save_layout() {
  context_->settings()->set_window_layout(saveGeometry(), saveState());
  browser_->save_layout();
  chat_->save_layout();
  context_->settings()->sync();
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (wizard_->running()) {
    const auto answer = QMessageBox::question(this, tr("Quit Hearth"),
                                              tr("A conversion is still running. Stop it and quit? The unfinished file is removed."),
                                              QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer != QMessageBox::Yes) {
      event->ignore();
      return;
    }
    wizard_->reject();
  }
  if (chat_->generating()) chat_->stop();
  save_layout();
  event->accept();
}

void MainWindow::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QMainWindow::changeEvent(event);
}

}  // namespace hearth::gui
