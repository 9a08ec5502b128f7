// The model browser lists every GGUF file of the library folders with facts from its header,
// sorts and filters them, shows details with the tensor-type histogram, and lists a corrupt
// file with its error instead of dropping it.
//
// Expected facts of the shared files come from their producers (shared/README.md): llama.cpp
// wrote stories260K-Q4_K_M.gguf with its quantizer (general.file_type 15 = "Q4_K - Medium") from
// the llama2.c checkpoint: dim 64, 5 layers, vocabulary 512; the viaHFconv files come from its
// HF converter with the 512-token context of config.json.
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTest>

#include "gui_test_support.h"
#include "hearth/io/gguf.h"
#include "library/model_browser.h"
#include "library/model_details_pane.h"
#include "library/model_library.h"
#include "library/model_table_model.h"
#include "library/type_histogram.h"
#include "window/settings.h"

namespace hearth::gui::test {

namespace {
const char* const kRef = "models/stories260K-reference-gguf";

QString cell(QAbstractItemModel* model, int row, int column, int role = Qt::DisplayRole) {
  return model->index(row, column).data(role).toString();
}

int row_named(QAbstractItemModel* model, const QString& file_base) {
  for (int r = 0; r < model->rowCount(); ++r)
    if (cell(model, r, ModelTableModel::Name) == file_base) return r;
  return -1;
}
}  // namespace

class ModelBrowserTest : public QObject {
  Q_OBJECT

 private:
  // A library folder holding copies of two reference files and a truncated one.
  void fill_library(TestApp& app) {
    QDir().mkpath(app.library_folder());
    for (const char* name : {"stories260K-Q4_K_M.gguf", "stories260K-hf-viaHFconv-q8_0.gguf"}) {
      QVERIFY(QFile::copy(shared_path(QStringLiteral("%1/%2").arg(kRef, name)), QDir(app.library_folder()).filePath(name)));
    }
    QVERIFY(write_truncated_copy(shared_path(QStringLiteral("%1/stories260K-Q4_K_M.gguf").arg(kRef)),
                                 QDir(app.library_folder()).filePath("broken-download.gguf"), 3000));
  }

 private slots:
  void hf_folder_is_offered_for_conversion_not_added() {
    HEARTH_GUI_REQUIRE_SHARED("models/stories260K-hf/config.json");
    TestApp app;
    ModelBrowser browser(app.context->library(), app.context->settings());
    const QStringList before = app.context->settings()->library_folders();
    QSignalSpy convert(&browser, &ModelBrowser::convert_requested);
    browser.add_folder(shared_path("models/stories260K-hf"));
    QCOMPARE(convert.count(), 1);
    QCOMPARE(app.context->settings()->library_folders(), before);  // no empty library folder
    browser.add_file(shared_path("models/stories260K-hf/config.json"));  // a file inside one
    QCOMPARE(convert.count(), 2);
    // The dialogs start where the user last was.
    QCOMPARE(app.context->settings()->value("ui/lastFolder").toString(), QFileInfo(shared_path("models/stories260K-hf")).absoluteFilePath());
  }

  void empty_library_offers_conversion() {
    TestApp app;
    ModelBrowser browser(app.context->library(), app.context->settings());
    browser.show();
    QSignalSpy scanned(app.context->library(), &ModelLibrary::scan_finished);
    app.context->library()->rescan();
    QVERIFY(scanned.wait(kWaitMs));
    QTRY_VERIFY(browser.convert_button()->isVisible());
  }

  void lists_files_with_their_facts_and_errors() {
    HEARTH_GUI_REQUIRE_SHARED("models/stories260K-reference-gguf/stories260K-Q4_K_M.gguf");
    TestApp app;
    fill_library(app);
    ModelBrowser browser(app.context->library(), app.context->settings());
    browser.resize(1100, 700);
    browser.show();
    QSignalSpy scanned(app.context->library(), &ModelLibrary::scan_finished);
    app.context->library()->rescan();
    QVERIFY(scanned.wait(kWaitMs));

    ModelTableModel* model = browser.model();
    QCOMPARE(model->rowCount(), 3);

    const int q4 = row_named(model, "stories260K-Q4_K_M");
    QVERIFY(q4 >= 0);
    QCOMPARE(cell(model, q4, ModelTableModel::Architecture), QStringLiteral("llama"));
    QCOMPARE(cell(model, q4, ModelTableModel::Quantization), QStringLiteral("Q4_K - Medium"));
    QCOMPARE(cell(model, q4, ModelTableModel::LastUsed), QStringLiteral("Never"));
    QVERIFY(cell(model, q4, 0, ModelTableModel::ErrorRole).isEmpty());

    const int q8 = row_named(model, "stories260K-hf-viaHFconv-q8_0");
    QVERIFY(q8 >= 0);
    QCOMPARE(cell(model, q8, ModelTableModel::Context), QStringLiteral("512"));
    // The HF conversion ties the output to the embeddings: 260,032 weights (as config.json sums up).
    QCOMPARE(model->index(q8, ModelTableModel::Parameters).data(ModelTableModel::SortRole).toULongLong(), 260032ull);
    QCOMPARE(cell(model, q8, ModelTableModel::Quantization), QStringLiteral("Q8_0"));

    // The corrupt file stays listed, with the reader's error.
    const int broken = row_named(model, "broken-download");
    QVERIFY(broken >= 0);
    // Its error is the reader's own message for that file, word for word.
    const QString broken_path = QDir(app.library_folder()).filePath("broken-download.gguf");
    auto direct = GgufFile::open(broken_path.toStdString());
    QVERIFY(!direct.ok());
    const QString error = cell(model, broken, 0, ModelTableModel::ErrorRole);
    QCOMPARE(error, QString::fromStdString(direct.error().message));
    QVERIFY(error.contains("broken-download.gguf"));
    QVERIFY(cell(model, broken, ModelTableModel::Architecture).startsWith("Unreadable: "));

    // Selecting it shows the error in the details pane, and Chat is not offered.
    QVERIFY(browser.select_model(QDir(app.library_folder()).filePath("broken-download.gguf")));
    ModelDetailsPane* details = browser.details();
    QTRY_VERIFY_WITH_TIMEOUT(!details->details().error.isEmpty(), kWaitMs);
    QCOMPARE(details->error_text(), error);
    auto buttons = details->findChildren<QPushButton*>();
    for (QPushButton* b : buttons)
      if (b->text() == QLatin1String("Chat")) QVERIFY(!b->isEnabled());
  }

  void details_show_the_tensor_type_histogram() {
    HEARTH_GUI_REQUIRE_SHARED("models/stories260K-reference-gguf/stories260K-Q4_K_M.gguf");
    TestApp app;
    fill_library(app);
    ModelBrowser browser(app.context->library(), app.context->settings());
    browser.show();
    QSignalSpy scanned(app.context->library(), &ModelLibrary::scan_finished);
    app.context->library()->rescan();
    QVERIFY(scanned.wait(kWaitMs));
    QVERIFY(browser.select_model(QDir(app.library_folder()).filePath("stories260K-Q4_K_M.gguf")));
    QTRY_VERIFY_WITH_TIMEOUT(browser.details()->details().path.endsWith("stories260K-Q4_K_M.gguf"), kWaitMs);
    const ModelDetails& d = browser.details()->details();
    QVERIFY(d.error.isEmpty());
    QCOMPARE(d.layer_count, 5);
    QCOMPARE(d.embedding_length, 64);
    QCOMPARE(d.vocab_size, 512);
    // The histogram accounts for every tensor and every byte of the file's tensor table.
    auto* histogram = browser.details()->findChild<TypeHistogram*>();
    QVERIFY(histogram);
    uint64_t tensors = 0, bytes = 0;
    QStringList types;
    for (const auto& share : histogram->shares()) {
      tensors += share.tensors;
      bytes += share.bytes;
      types << share.type;
    }
    QCOMPARE(tensors, d.tensor_count);
    QCOMPARE(bytes, d.tensor_bytes);
    QVERIFY(types.contains("f32"));  // norms are never quantized
    QVERIFY(d.metadata.size() > 10);
  }

  void sorts_and_filters() {
    HEARTH_GUI_REQUIRE_SHARED("models/stories260K-reference-gguf/stories260K-Q4_K_M.gguf");
    TestApp app;
    fill_library(app);
    ModelBrowser browser(app.context->library(), app.context->settings());
    QSignalSpy scanned(app.context->library(), &ModelLibrary::scan_finished);
    app.context->library()->rescan();
    QVERIFY(scanned.wait(kWaitMs));
    QSortFilterProxyModel* proxy = browser.proxy();
    // By size, largest first: the Q8_0 file (336 KiB) before the Q4_K_M (297 KiB).
    browser.table()->sortByColumn(ModelTableModel::Size, Qt::DescendingOrder);
    QCOMPARE(cell(proxy, 0, ModelTableModel::Name), QStringLiteral("stories260K-hf-viaHFconv-q8_0"));
    QCOMPARE(cell(proxy, 1, ModelTableModel::Name), QStringLiteral("stories260K-Q4_K_M"));
    // Filtering matches any column, case-insensitively.
    browser.filter()->setText("q4_k - med");
    QCOMPARE(proxy->rowCount(), 1);
    browser.filter()->setText("unreadable");
    QCOMPARE(proxy->rowCount(), 1);
    browser.filter()->clear();
    QCOMPARE(proxy->rowCount(), 3);
  }

  void removes_a_file_and_forgets_it() {
    HEARTH_GUI_REQUIRE_SHARED("models/stories260K-reference-gguf/stories260K-Q4_K_M.gguf");
    TestApp app;
    fill_library(app);
    ModelLibrary* library = app.context->library();
    QSignalSpy scanned(library, &ModelLibrary::scan_finished);
    library->rescan();
    QVERIFY(scanned.wait(kWaitMs));
    const QString victim = QDir(app.library_folder()).filePath("broken-download.gguf");
    QVERIFY(library->remove_file(victim, /*permanently=*/true).isEmpty());
    QVERIFY(!QFileInfo::exists(victim));
    QTRY_COMPARE_WITH_TIMEOUT(int(library->entries().size()), 2, kWaitMs);
  }

  void single_files_outside_the_folders_are_kept() {
    HEARTH_GUI_REQUIRE_SHARED("models/stories260K-reference-gguf/stories260K-Q6_K.gguf");
    TestApp app;
    ModelLibrary* library = app.context->library();
    QSignalSpy scanned(library, &ModelLibrary::scan_finished);
    const QString added = library->add_file(shared_path(QStringLiteral("%1/stories260K-Q6_K.gguf").arg(kRef)));
    QVERIFY(!added.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(library->find(added) != nullptr, kWaitMs);
    QCOMPARE(library->find(added)->file_type, QStringLiteral("Q6_K"));
    // Remembered in the settings for the next start.
    QVERIFY(app.context->settings()->library_files().contains(added));
  }
};

}  // namespace hearth::gui::test

QTEST_MAIN(hearth::gui::test::ModelBrowserTest)
#include "tst_model_browser.moc"
