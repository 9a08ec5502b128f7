// The main window: a sidebar with the three pages — Models (the library), Quantize (the
// wizard) and Chat — and a status bar with the loaded model, the compute device and the speed
// of the last answer. Files and folders dropped anywhere are routed to the right page.
#pragma once

#include <QMainWindow>
#include <memory>

class QLabel;
class QStackedWidget;

namespace hearth::gui {

class AppContext;
class ChatPane;
class DropRouter;
class InferenceController;
class ModelBrowser;
class NavigationBar;
class QuantizeWizard;
class StepIndicator;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  enum Page { ModelsPage = 0, QuantizePage = 1, ChatPage = 2 };

  explicit MainWindow(AppContext* context, QWidget* parent = nullptr);
  ~MainWindow() override;

  // Opens what the command line (or a drop) names: GGUF files, HF folders, GGUF folders.
  void open_paths(const QStringList& paths);
  void show_page(Page page);
  Page current_page() const;

  ModelBrowser* browser() const { return browser_; }
  QuantizeWizard* wizard() const { return wizard_; }
  ChatPane* chat() const { return chat_; }
  InferenceController* engine() const { return engine_.get(); }
  QLabel* model_status() const { return model_status_; }
  QLabel* device_status() const { return device_status_; }
  QLabel* speed_status() const { return speed_status_; }

 public slots:
  void open_hf_folder(const QString& path);
  void add_gguf_files(const QStringList& paths);
  void add_library_folder(const QString& path);
  void quantize_model(const QString& path);
  void chat_with(const QString& path);
  void open_settings();

 protected:
  void closeEvent(QCloseEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  void build_menus();
  void retranslate();
  void save_layout();

  AppContext* context_;
  std::unique_ptr<InferenceController> engine_;
  NavigationBar* navigation_ = nullptr;
  QStackedWidget* pages_ = nullptr;
  ModelBrowser* browser_ = nullptr;
  QWidget* quantize_page_ = nullptr;
  QLabel* quantize_heading_ = nullptr;
  QuantizeWizard* wizard_ = nullptr;
  StepIndicator* steps_ = nullptr;
  ChatPane* chat_ = nullptr;
  DropRouter* drops_ = nullptr;
  QLabel* model_status_ = nullptr;
  QLabel* device_status_ = nullptr;
  QLabel* speed_status_ = nullptr;
  QLabel* activity_status_ = nullptr;

  // Menu actions, re-labelled on a language change.
  QMenu* file_menu_ = nullptr;
  QMenu* view_menu_ = nullptr;
  QMenu* help_menu_ = nullptr;
  QAction* add_file_ = nullptr;
  QAction* add_folder_ = nullptr;
  QAction* open_hf_ = nullptr;
  QAction* settings_ = nullptr;
  QAction* quit_ = nullptr;
  QAction* show_models_ = nullptr;
  QAction* show_quantize_ = nullptr;
  QAction* show_chat_ = nullptr;
  QAction* new_chat_ = nullptr;
  QAction* about_ = nullptr;
};

}  // namespace hearth::gui
