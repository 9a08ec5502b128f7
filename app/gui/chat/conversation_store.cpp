#include "chat/conversation_store.h"

#include <QAtomicInteger>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace hearth::gui {

namespace {

QAtomicInteger<int> g_connection_counter;

QString role_name(ChatRole role) {
  switch (role) {
    case ChatRole::System: return QStringLiteral("system");
    case ChatRole::User: return QStringLiteral("user");
    case ChatRole::Assistant: return QStringLiteral("assistant");
  }
  return QStringLiteral("user");
}

ChatRole role_from_name(const QString& name) {
  if (name == QLatin1String("system")) return ChatRole::System;
  if (name == QLatin1String("assistant")) return ChatRole::Assistant;
  return ChatRole::User;
}

qint64 now_ms() { return QDateTime::currentMSecsSinceEpoch(); }

// A null QString binds as SQL NULL; the text columns are NOT NULL, so bind "" instead.
QString text(const QString& s) { return s.isNull() ? QStringLiteral("") : s; }

// Schema steps: kMigrations[v] upgrades version v to v + 1. Never edit a step that has
// shipped; append a new one and bump kSchemaVersion.
const char* const kMigrations[] = {
    // 0 -> 1: conversations and their messages.
    R"sql(
      CREATE TABLE conversations (
        id            INTEGER PRIMARY KEY,
        title         TEXT    NOT NULL,
        system_prompt TEXT    NOT NULL DEFAULT '',
        model_path    TEXT    NOT NULL DEFAULT '',
        created_at    INTEGER NOT NULL,  -- ms since the epoch, UTC
        updated_at    INTEGER NOT NULL
      );
      CREATE TABLE messages (
        id                INTEGER PRIMARY KEY,
        conversation_id   INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        position          INTEGER NOT NULL,
        role              TEXT    NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
        content           TEXT    NOT NULL,
        state             TEXT    NOT NULL,  -- complete | streaming | stopped | interrupted | failed
        tokens            INTEGER NOT NULL DEFAULT 0,
        tokens_per_second REAL    NOT NULL DEFAULT 0,
        note              TEXT    NOT NULL DEFAULT '',
        created_at        INTEGER NOT NULL,
        UNIQUE (conversation_id, position)
      );
      CREATE INDEX conversations_by_update ON conversations(updated_at DESC);
    )sql",
};
static_assert(std::size(kMigrations) == ConversationStore::kSchemaVersion, "one migration step per schema version");

}  // namespace

ConversationStore::ConversationStore(QObject* parent) : QObject(parent) {}

ConversationStore::~ConversationStore() { close(); }

QString ConversationStore::state_name(MessageState state) {
  switch (state) {
    case MessageState::Complete: return QStringLiteral("complete");
    case MessageState::Streaming: return QStringLiteral("streaming");
    case MessageState::Stopped: return QStringLiteral("stopped");
    case MessageState::Interrupted: return QStringLiteral("interrupted");
    case MessageState::Failed: return QStringLiteral("failed");
  }
  return QStringLiteral("complete");
}

MessageState ConversationStore::state_from_name(const QString& name) {
  if (name == QLatin1String("streaming")) return MessageState::Streaming;
  if (name == QLatin1String("stopped")) return MessageState::Stopped;
  if (name == QLatin1String("interrupted")) return MessageState::Interrupted;
  if (name == QLatin1String("failed")) return MessageState::Failed;
  return MessageState::Complete;
}

void ConversationStore::fail(const QString& what) const { error_ = what; }

bool ConversationStore::exec(const QString& sql) {
  QSqlQuery q(QSqlDatabase::database(connection_, false));
  if (!q.exec(sql)) {
    fail(tr("%1: %2").arg(path_, q.lastError().text()));
    return false;
  }
  return true;
}

bool ConversationStore::open(const QString& path) {
  close();
  error_.clear();
  path_ = path;
  connection_ = QStringLiteral("hearth-conversations-%1").arg(g_connection_counter.fetchAndAddRelaxed(1));
  {
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection_);
    db.setDatabaseName(path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open()) {
      fail(tr("Could not open the chat history %1: %2").arg(path, db.lastError().text()));
      close();
      return false;
    }
  }
  // Reading user_version also proves the file is an SQLite database at all.
  if (schema_version() < 0 || !migrate()) {
    close();
    return false;
  }
  if (!exec(QStringLiteral("PRAGMA foreign_keys = ON")) || !exec(QStringLiteral("PRAGMA journal_mode = WAL")) ||
      !exec(QStringLiteral("PRAGMA synchronous = NORMAL"))) {
    close();
    return false;
  }
  // Crash recovery: an answer still "streaming" now was cut off when the app last died.
  QSqlQuery q(QSqlDatabase::database(connection_, false));
  q.prepare(QStringLiteral("UPDATE messages SET state = 'interrupted' WHERE state = 'streaming'"));
  if (q.exec()) recovered_ = q.numRowsAffected();
  return true;
}

void ConversationStore::close() {
  if (connection_.isEmpty()) return;
  {
    QSqlDatabase db = QSqlDatabase::database(connection_, false);
    if (db.isOpen()) db.close();
  }
  QSqlDatabase::removeDatabase(connection_);
  connection_.clear();
}

int ConversationStore::schema_version() const {
  QSqlQuery q(QSqlDatabase::database(connection_, false));
  if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next()) {
    fail(tr("%1 is not a chat history database: %2").arg(path_, q.lastError().text()));
    return -1;
  }
  return q.value(0).toInt();
}

bool ConversationStore::migrate() {
  QSqlDatabase db = QSqlDatabase::database(connection_, false);
  int version = schema_version();
  if (version > kSchemaVersion) {
    fail(tr("The chat history %1 was written by a newer version of Hearth (schema %2; this version reads up to %3). "
            "It was left unchanged.")
             .arg(path_)
             .arg(version)
             .arg(kSchemaVersion));
    return false;
  }
  while (version < kSchemaVersion) {
    if (!db.transaction()) {
      fail(tr("%1: %2").arg(path_, db.lastError().text()));
      return false;
    }
    bool ok = true;
    // QSqlQuery runs one statement at a time; the steps are split on ';'.
    for (const QString& statement : QString::fromUtf8(kMigrations[version]).split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
      if (statement.trimmed().isEmpty()) continue;
      if (!exec(statement)) {
        ok = false;
        break;
      }
    }
    ok = ok && exec(QStringLiteral("PRAGMA user_version = %1").arg(version + 1));
    if (!ok) {
      db.rollback();
      return false;
    }
    if (!db.commit()) {
      fail(tr("%1: %2").arg(path_, db.lastError().text()));
      return false;
    }
    ++version;
  }
  return true;
}

QList<ConversationInfo> ConversationStore::conversations() const {
  QList<ConversationInfo> out;
  QSqlQuery q(QSqlDatabase::database(connection_, false));
  q.setForwardOnly(true);
  if (!q.exec(QStringLiteral(
          "SELECT id, title, system_prompt, model_path, created_at, updated_at FROM conversations ORDER BY updated_at DESC, id DESC"))) {
    fail(q.lastError().text());
    return out;
  }
  while (q.next()) {
    ConversationInfo c;
    c.id = q.value(0).toLongLong();
    c.title = q.value(1).toString();
    c.system_prompt = q.value(2).toString();
    c.model_path = q.value(3).toString();
    c.created = QDateTime::fromMSecsSinceEpoch(q.value(4).toLongLong());
    c.updated = QDateTime::fromMSecsSinceEpoch(q.value(5).toLongLong());
    out << c;
  }
  return out;
}

ConversationInfo ConversationStore::conversation(qint64 id) const {
  for (const auto& c : conversations())
    if (c.id == id) return c;
  return {};
}

qint64 ConversationStore::create_conversation(const QString& title, const QString& system_prompt, const QString& model_path) {
  QSqlQuery q(QSqlDatabase::database(connection_, false));
  q.prepare(QStringLiteral("INSERT INTO conversations (title, system_prompt, model_path, created_at, updated_at) "
                           "VALUES (?, ?, ?, ?, ?)"));
  const qint64 now = now_ms();
  q.addBindValue(text(title));
  q.addBindValue(text(system_prompt));
  q.addBindValue(text(model_path));
  q.addBindValue(now);
  q.addBindValue(now);
  if (!q.exec()) {
    fail(q.lastError().text());
    return 0;
  }
  emit conversations_changed();
  return q.lastInsertId().toLongLong();
}

namespace {
bool update_column(const QString& connection, qint64 id, const char* column, const QString& value, QString* error) {
  QSqlQuery q(QSqlDatabase::database(connection, false));
  q.prepare(QStringLiteral("UPDATE conversations SET %1 = ?, updated_at = ? WHERE id = ?").arg(QLatin1String(column)));
  q.addBindValue(text(value));
  q.addBindValue(now_ms());
  q.addBindValue(id);
  if (!q.exec()) {
    *error = q.lastError().text();
    return false;
  }
  return true;
}
}  // namespace

bool ConversationStore::rename_conversation(qint64 id, const QString& title) {
  const bool ok = update_column(connection_, id, "title", title, &error_);
  if (ok) emit conversations_changed();
  return ok;
}

bool ConversationStore::set_system_prompt(qint64 id, const QString& prompt) {
  return update_column(connection_, id, "system_prompt", prompt, &error_);
}

bool ConversationStore::set_model(qint64 id, const QString& model_path) {
  return update_column(connection_, id, "model_path", model_path, &error_);
}

bool ConversationStore::delete_conversation(qint64 id) {
  QSqlQuery q(QSqlDatabase::database(connection_, false));
  q.prepare(QStringLiteral("DELETE FROM conversations WHERE id = ?"));
  q.addBindValue(id);
  if (!q.exec()) {
    fail(q.lastError().text());
    return false;
  }
  emit conversations_changed();
  return true;
}

bool ConversationStore::touch(qint64 conversation) {
  QSqlQuery q(QSqlDatabase::database(connection_, false));
  q.prepare(QStringLiteral("UPDATE conversations SET updated_at = ? WHERE id = ?"));
  q.addBindValue(now_ms());
  q.addBindValue(conversation);
  return q.exec();
}

namespace {
StoredMessage read_message(const QSqlQuery& q) {
  StoredMessage m;
  m.id = q.value(0).toLongLong();
  m.conversation = q.value(1).toLongLong();
  m.position = q.value(2).toInt();
  m.role = role_from_name(q.value(3).toString());
  m.content = q.value(4).toString();
  m.state = ConversationStore::state_from_name(q.value(5).toString());
  m.tokens = q.value(6).toInt();
  m.tokens_per_second = q.value(7).toDouble();
  m.note = q.value(8).toString();
  m.created = QDateTime::fromMSecsSinceEpoch(q.value(9).toLongLong());
  return m;
}
const char* const kMessageColumns =
    "id, conversation_id, position, role, content, state, tokens, tokens_per_second, note, created_at";
}  // namespace

QList<StoredMessage> ConversationStore::messages(qint64 conversation) const {
  QList<StoredMessage> out;
  QSqlQuery q(QSqlDatabase::database(connection_, false));
  q.setForwardOnly(true);
  q.prepare(QStringLiteral("SELECT %1 FROM messages WHERE conversation_id = ? ORDER BY position").arg(QLatin1String(kMessageColumns)));
  q.addBindValue(conversation);
  if (!q.exec()) {
    fail(q.lastError().text());
    return out;
  }
  while (q.next()) out << read_message(q);
  return out;
}

StoredMessage ConversationStore::message(qint64 id) const {
  QSqlQuery q(QSqlDatabase::database(connection_, false));
  q.prepare(QStringLiteral("SELECT %1 FROM messages WHERE id = ?").arg(QLatin1String(kMessageColumns)));
  q.addBindValue(id);
  if (!q.exec() || !q.next()) return {};
  return read_message(q);
}

qint64 ConversationStore::append_message(qint64 conversation, ChatRole role, const QString& content, MessageState state) {
  QSqlQuery q(QSqlDatabase::database(connection_, false));
  q.prepare(QStringLiteral(
      "INSERT INTO messages (conversation_id, position, role, content, state, created_at) "
      "VALUES (?, (SELECT COALESCE(MAX(position) + 1, 0) FROM messages WHERE conversation_id = ?), ?, ?, ?, ?)"));
  q.addBindValue(conversation);
  q.addBindValue(conversation);
  q.addBindValue(role_name(role));
  q.addBindValue(text(content));
  q.addBindValue(state_name(state));
  q.addBindValue(now_ms());
  if (!q.exec()) {
    fail(q.lastError().text());
    return 0;
  }
  touch(conversation);
  emit conversations_changed();
  return q.lastInsertId().toLongLong();
}

bool ConversationStore::update_message(qint64 id, const QString& content, MessageState state, int tokens,
                                       double tokens_per_second, const QString& note) {
  QSqlQuery q(QSqlDatabase::database(connection_, false));
  q.prepare(QStringLiteral(
      "UPDATE messages SET content = ?, state = ?, tokens = ?, tokens_per_second = ?, note = ? WHERE id = ?"));
  q.addBindValue(text(content));
  q.addBindValue(state_name(state));
  q.addBindValue(tokens);
  q.addBindValue(tokens_per_second);
  q.addBindValue(text(note));
  q.addBindValue(id);
  if (!q.exec()) {
    fail(q.lastError().text());
    return false;
  }
  return true;
}

bool ConversationStore::truncate(qint64 conversation, int position) {
  QSqlQuery q(QSqlDatabase::database(connection_, false));
  q.prepare(QStringLiteral("DELETE FROM messages WHERE conversation_id = ? AND position >= ?"));
  q.addBindValue(conversation);
  q.addBindValue(position);
  if (!q.exec()) {
    fail(q.lastError().text());
    return false;
  }
  touch(conversation);
  return true;
}

}  // namespace hearth::gui
