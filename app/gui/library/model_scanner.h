// Reads the library from disk: finds *.gguf files under the library folders (and the single
// files added by hand) and reads each header. Pure functions, run on a worker thread.
#pragma once

#include <QHash>
#include <QList>
#include <QStringList>

#include "library/model_entry.h"

namespace hearth::gui {

// Folders are searched this deep (publisher/model/file.gguf layouts are common).
inline constexpr int kLibraryScanDepth = 3;

// Every .gguf under the folders plus the listed files, canonical and without duplicates.
QStringList find_model_files(const QStringList& folders, const QStringList& files);

// Opens the file and fills an entry from its header; unreadable files get `error` set.
ModelEntry read_model_entry(const QString& path);

// Reads every file, reusing entries from `previous` whose size and modification time match.
QList<ModelEntry> scan_models(const QStringList& paths, const QHash<QString, ModelEntry>& previous);

}  // namespace hearth::gui
