// hearth [--data-dir FOLDER] [--language en|zh_CN] [PATH...]
// PATHs are opened as if dropped: GGUF files join the library, a Hugging Face folder opens the
// quantization wizard. --data-dir keeps settings, library and chats in one folder (portable use).
#include <QApplication>
#include <QCommandLineParser>

#include "common/theme.h"
#include "window/app_context.h"
#include "window/language.h"
#include "window/main_window.h"
#include "window/settings.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("Hearth"));
  QApplication::setOrganizationName(QStringLiteral("Hearth"));
  QApplication::setApplicationVersion(QStringLiteral(HEARTH_VERSION_STRING));
  hearth::gui::apply_theme(app);

  QCommandLineParser cli;
  cli.setApplicationDescription(QStringLiteral("Hearth: run large language models on your own PC."));
  cli.addHelpOption();
  cli.addVersionOption();
  const QCommandLineOption data_dir(QStringLiteral("data-dir"), QStringLiteral("Keep settings, library and chats in FOLDER."),
                                    QStringLiteral("FOLDER"));
  const QCommandLineOption language(QStringLiteral("language"), QStringLiteral("Interface language: en or zh_CN."),
                                    QStringLiteral("CODE"));
  cli.addOption(data_dir);
  cli.addOption(language);
  cli.addPositionalArgument(QStringLiteral("path"), QStringLiteral("GGUF files or Hugging Face model folders to open."),
                            QStringLiteral("[path...]"));
  cli.process(app);

  hearth::gui::AppContext context = cli.isSet(data_dir) ? hearth::gui::AppContext::in_folder(cli.value(data_dir))
                                                        : hearth::gui::AppContext::standard();
  if (cli.isSet(language)) {
    context.settings()->set_language(cli.value(language));
    context.language()->apply(cli.value(language));
  }
  hearth::gui::MainWindow window(&context);
  window.show();
  window.open_paths(cli.positionalArguments());
  return QApplication::exec();
}
