// Installs the interface translation: Hearth's own strings (compiled from translations/*.ts
// into the :/i18n resource) and Qt's own (standard dialog buttons, QWizard's Back/Next).
// Applying a language at run time sends QEvent::LanguageChange to every widget, and each
// widget re-reads its strings in changeEvent(), so a switch in Settings takes effect at once.
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <memory>

class QTranslator;

namespace hearth::gui {

class LanguageManager : public QObject {
  Q_OBJECT

 public:
  explicit LanguageManager(QObject* parent = nullptr);
  ~LanguageManager() override;

  // Language codes Hearth ships, e.g. {"en", "zh_CN"}.
  static QStringList available();
  // The language's own name, e.g. "English", "简体中文".
  static QString native_name(const QString& code);
  // "" means the system language (falls back to English when it is not shipped).
  static QString resolve(const QString& code);

  // Returns false when the translation could not be loaded (then English is used).
  bool apply(const QString& code);
  QString current() const { return current_; }

 private:
  std::unique_ptr<QTranslator> app_;
  std::unique_ptr<QTranslator> qt_;
  QString current_;
};

}  // namespace hearth::gui
