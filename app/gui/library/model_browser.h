// The Models page: the library folders, a sortable and filterable table of every GGUF file in
// them, and the details pane of the selected file with its actions.
#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QSplitter;
class QStackedWidget;
class QTableView;

namespace hearth::gui {

class ModelDetailsPane;
class ModelLibrary;
class ModelTableModel;
class Settings;

class ModelBrowser : public QWidget {
  Q_OBJECT

 public:
  ModelBrowser(ModelLibrary* library, Settings* settings, QWidget* parent = nullptr);

  // Selects the row of a file (e.g. one just added); returns false when it is not listed.
  bool select_model(const QString& path);
  QString selected_path() const;

  QTableView* table() const { return table_; }
  QSortFilterProxyModel* proxy() const { return proxy_; }
  ModelTableModel* model() const { return model_; }
  ModelDetailsPane* details() const { return details_; }
  QLineEdit* filter() const { return filter_; }

  void save_layout();

 signals:
  void chat_requested(const QString& path);
  void quantize_requested(const QString& path);
  // A Hugging Face folder was chosen where GGUF files were expected: open it in the wizard.
  void convert_requested(const QString& hf_folder);

 public slots:
  void add_folder_dialog();
  void add_file_dialog();
  void convert_dialog();

 public:
  QPushButton* convert_button() const { return convert_; }

 public slots:
  // Adds a folder of GGUF files or one GGUF file; a Hugging Face folder (or a file inside one)
  // is offered for conversion instead of becoming an empty library folder.
  void add_folder(const QString& folder);
  void add_file(const QString& file);
  // Asks for confirmation, then moves the file to the trash (or deletes it).
  void remove_with_confirmation(const QString& path);

 protected:
  void changeEvent(QEvent* event) override;
  void showEvent(QShowEvent* event) override;

 private:
  void retranslate();
  void update_folders_label();
  void update_empty_state();
  // The folder file dialogs start in: the last one used, remembered across runs.
  QString last_folder(const QString& fallback) const;
  void remember_folder(const QString& path);
  void on_selection_changed();
  void update_spans();
  void fit_columns();

  ModelLibrary* library_;
  Settings* settings_;
  ModelTableModel* model_ = nullptr;
  QSortFilterProxyModel* proxy_ = nullptr;
  QTableView* table_ = nullptr;
  ModelDetailsPane* details_ = nullptr;
  QSplitter* splitter_ = nullptr;
  QStackedWidget* stack_ = nullptr;
  QLabel* empty_ = nullptr;
  QWidget* empty_page_ = nullptr;
  QPushButton* convert_ = nullptr;  // "Convert a Hugging Face model…" on the empty page
  QLabel* heading_ = nullptr;
  QLabel* folders_ = nullptr;
  QLineEdit* filter_ = nullptr;
  QPushButton* add_folder_ = nullptr;
  QPushButton* add_file_ = nullptr;
  QPushButton* refresh_ = nullptr;
  QString pending_selection_;
  bool layout_restored_ = false;
};

// Opens the system file manager at the file (selecting it where the platform allows).
void reveal_in_file_manager(const QString& path);

}  // namespace hearth::gui
