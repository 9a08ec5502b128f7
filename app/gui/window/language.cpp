#include "window/language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace hearth::gui {

LanguageManager::LanguageManager(QObject* parent) : QObject(parent) {}
LanguageManager::~LanguageManager() {
  if (app_) QCoreApplication::removeTranslator(app_.get());
  if (qt_) QCoreApplication::removeTranslator(qt_.get());
}

QStringList LanguageManager::available() { return {QStringLiteral("en"), QStringLiteral("zh_CN")}; }

QString LanguageManager::native_name(const QString& code) {
  if (code == QLatin1String("zh_CN")) return QStringLiteral("简体中文");
  if (code == QLatin1String("en")) return QStringLiteral("English");
  return code;
}

QString LanguageManager::resolve(const QString& code) {
  if (!code.isEmpty()) return available().contains(code) ? code : QStringLiteral("en");
  for (const QString& ui : QLocale::system().uiLanguages()) {
    // "zh-CN", "zh-Hans-CN", "zh" all mean Simplified Chinese for us.
    if (ui.startsWith(QLatin1String("zh"))) return QStringLiteral("zh_CN");
    if (ui.startsWith(QLatin1String("en"))) return QStringLiteral("en");
  }
  return QStringLiteral("en");
}

bool LanguageManager::apply(const QString& code) {
  const QString lang = resolve(code);
  if (app_) QCoreApplication::removeTranslator(app_.get());
  if (qt_) QCoreApplication::removeTranslator(qt_.get());
  app_ = std::make_unique<QTranslator>();
  qt_ = std::make_unique<QTranslator>();

  bool ok = app_->load(QStringLiteral(":/i18n/hearth_%1.qm").arg(lang));
  if (ok) QCoreApplication::installTranslator(app_.get());
  if (qt_->load(QStringLiteral("qtbase_%1").arg(lang), QLibraryInfo::path(QLibraryInfo::TranslationsPath)) ||
      qt_->load(QStringLiteral("qtbase_%1").arg(lang), QCoreApplication::applicationDirPath() + QStringLiteral("/translations"))) {
    QCoreApplication::installTranslator(qt_.get());
  }
  QLocale::setDefault(QLocale(lang == QLatin1String("zh_CN") ? QLocale::Chinese : QLocale::English,
                              lang == QLatin1String("zh_CN") ? QLocale::China : QLocale::UnitedStates));
  current_ = lang;
  return ok;
}

}  // namespace hearth::gui
