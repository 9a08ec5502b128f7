// Helpers shared by the GUI tests: where the shared reference data is, an isolated app context
// in a temporary folder, and generous waits (no sleeps: QTRY_* polls until a condition holds).
#pragma once

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <cstdio>
#include <memory>

#include "window/app_context.h"

namespace hearth::gui::test {

// Waits are long because the machine running the suite may be loaded; they end as soon as
// the condition holds.
inline constexpr int kWaitMs = 60000;

// $HEARTH_TEST_DATA, or <repo>/../shared.
inline QString shared_dir() {
  const QByteArray env = qgetenv("HEARTH_TEST_DATA");
  if (!env.isEmpty()) return QString::fromLocal8Bit(env);
  return QDir(QStringLiteral(HEARTH_SOURCE_DIR "/..")).absoluteFilePath(QStringLiteral("shared"));
}

inline QString shared_path(const QString& relative) { return QDir(shared_dir()).filePath(relative); }

// An app whose settings, library and chat history live in a fresh temporary folder.
struct TestApp {
  QTemporaryDir dir;
  std::unique_ptr<AppContext> context;

  TestApp() : context(std::make_unique<AppContext>(AppContext::in_folder(dir.path()))) {}
  QString library_folder() const { return QDir(dir.path()).filePath(QStringLiteral("models")); }
};

// Copies `bytes_to_keep` bytes of a file (a truncated download).
inline bool write_truncated_copy(const QString& from, const QString& to, qint64 bytes_to_keep) {
  QFile in(from);
  QFile out(to);
  if (!in.open(QIODevice::ReadOnly) || !out.open(QIODevice::WriteOnly)) return false;
  return out.write(in.read(bytes_to_keep)) == bytes_to_keep;
}

}  // namespace hearth::gui::test

// Skips the test loudly when a shared fixture is missing.
#define HEARTH_GUI_REQUIRE_SHARED(relative)                                                             \
  do {                                                                                                \
    const QString hearth_fixture_ = ::hearth::gui::test::shared_path(QStringLiteral(relative));       \
    if (!QFileInfo::exists(hearth_fixture_)) {                                                        \
      std::fprintf(stderr, "\n*** FIXTURE MISSING: %s — set HEARTH_TEST_DATA to the shared folder ***\n", \
                   qPrintable(hearth_fixture_));                                                      \
      QSKIP(qPrintable(QStringLiteral("FIXTURE MISSING: ") + hearth_fixture_));                     \
    }                                                                                                 \
  } while (0)
