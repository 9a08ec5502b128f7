// Conversations on disk: one SQLite database (Qt Sql) with a schema version (PRAGMA
// user_version) and forward migrations. Crash safety: WAL journal, every change is its own
// committed transaction, and a streaming answer is saved as it grows (state "streaming"); the
// next start marks such answers "interrupted" and keeps the text that had arrived.
#pragma once

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>

#include "engine/engine_types.h"

namespace hearth::gui {

enum class MessageState { Complete, Streaming, Stopped, Interrupted, Failed };

struct StoredMessage {
  qint64 id = 0;
  qint64 conversation = 0;
  int position = 0;  // order within the conversation, from 0
  ChatRole role = ChatRole::User;
  QString content;
  MessageState state = MessageState::Complete;
  int tokens = 0;
  double tokens_per_second = 0;
  QString note;      // e.g. the error of a failed generation
  QDateTime created;
};

struct ConversationInfo {
  qint64 id = 0;
  QString title;
  QString system_prompt;
  QString model_path;  // the model last used in this chat
  QDateTime created;
  QDateTime updated;
};

class ConversationStore : public QObject {
  Q_OBJECT

 public:
  // The schema this build writes. Bump it and add a migration step for every change.
  static constexpr int kSchemaVersion = 1;

  explicit ConversationStore(QObject* parent = nullptr);
  ~ConversationStore() override;

  // Opens (creating or migrating) the database. Returns false with error() set when the file
  // cannot be used — e.g. written by a newer Hearth — and leaves the file untouched.
  bool open(const QString& path);
  void close();
  bool is_open() const { return !connection_.isEmpty(); }
  QString error() const { return error_; }
  QString path() const { return path_; }
  int schema_version() const;
  // Answers left "streaming" by a crash, marked "interrupted" when the store was opened.
  int recovered_count() const { return recovered_; }

  QList<ConversationInfo> conversations() const;  // most recently updated first
  ConversationInfo conversation(qint64 id) const;
  qint64 create_conversation(const QString& title, const QString& system_prompt, const QString& model_path);
  bool rename_conversation(qint64 id, const QString& title);
  bool set_system_prompt(qint64 id, const QString& prompt);
  bool set_model(qint64 id, const QString& model_path);
  bool delete_conversation(qint64 id);

  QList<StoredMessage> messages(qint64 conversation) const;
  StoredMessage message(qint64 id) const;
  // Appends a message at the end of the conversation; returns its id (0 on error).
  qint64 append_message(qint64 conversation, ChatRole role, const QString& content, MessageState state);
  // Saves new text/state of a message (called while streaming, then once more at the end).
  bool update_message(qint64 id, const QString& content, MessageState state, int tokens = 0,
                      double tokens_per_second = 0, const QString& note = {});
  // Deletes the message at `position` and everything after it (regenerate, edit and resend).
  bool truncate(qint64 conversation, int position);

  static QString state_name(MessageState state);
  static MessageState state_from_name(const QString& name);

 signals:
  void conversations_changed();

 private:
  bool migrate();
  bool exec(const QString& sql);
  bool touch(qint64 conversation);
  void fail(const QString& what) const;

  QString connection_;  // QSqlDatabase connection name, unique per store
  QString path_;
  mutable QString error_;
  int recovered_ = 0;
};

}  // namespace hearth::gui
