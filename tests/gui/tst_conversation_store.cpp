// The chat history: schema versioning, what it keeps, and that a crash mid-answer loses only
// what had not arrived yet.
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include "chat/conversation_store.h"
#include "gui_test_support.h"

namespace hearth::gui::test {

class ConversationStoreTest : public QObject {
  Q_OBJECT

 private slots:
  void creates_the_current_schema() {
    QTemporaryDir dir;
    ConversationStore store;
    QVERIFY2(store.open(dir.filePath("chats.sqlite")), qPrintable(store.error()));
    QCOMPARE(store.schema_version(), ConversationStore::kSchemaVersion);
    QCOMPARE(store.conversations().size(), 0);
  }

  void keeps_conversations_and_messages_in_order() {
    QTemporaryDir dir;
    const QString path = dir.filePath("chats.sqlite");
    qint64 first = 0, second = 0;
    {
      ConversationStore store;
      QVERIFY(store.open(path));
      first = store.create_conversation("First", "Be brief.", "/models/a.gguf");
      second = store.create_conversation("Second", {}, {});
      QVERIFY2(first > 0 && second > 0, qPrintable(store.error()));
      QVERIFY(store.append_message(first, ChatRole::User, "Hello", MessageState::Complete));
      const qint64 answer = store.append_message(first, ChatRole::Assistant, {}, MessageState::Streaming);
      QVERIFY(store.update_message(answer, "Hi! **Bold** and 中文", MessageState::Complete, 7, 12.5));
      QVERIFY(store.append_message(second, ChatRole::User, "Other chat", MessageState::Complete));
    }
    ConversationStore store;
    QVERIFY(store.open(path));
    QCOMPARE(store.recovered_count(), 0);
    const auto chats = store.conversations();
    QCOMPARE(chats.size(), 2);
    QCOMPARE(chats[0].id, second);  // most recently updated first
    const auto info = store.conversation(first);
    QCOMPARE(info.title, QStringLiteral("First"));
    QCOMPARE(info.system_prompt, QStringLiteral("Be brief."));
    QCOMPARE(info.model_path, QStringLiteral("/models/a.gguf"));
    const auto messages = store.messages(first);
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages[0].role, ChatRole::User);
    QCOMPARE(messages[0].position, 0);
    QCOMPARE(messages[1].role, ChatRole::Assistant);
    QCOMPARE(messages[1].position, 1);
    QCOMPARE(messages[1].content, QStringLiteral("Hi! **Bold** and 中文"));
    QCOMPARE(messages[1].state, MessageState::Complete);
    QCOMPARE(messages[1].tokens, 7);
    QCOMPARE(messages[1].tokens_per_second, 12.5);
  }

  void truncate_and_delete() {
    QTemporaryDir dir;
    ConversationStore store;
    QVERIFY(store.open(dir.filePath("chats.sqlite")));
    const qint64 chat = store.create_conversation("t", {}, {});
    for (int i = 0; i < 4; ++i)
      store.append_message(chat, i % 2 ? ChatRole::Assistant : ChatRole::User, QString::number(i), MessageState::Complete);
    QVERIFY(store.truncate(chat, 2));
    auto messages = store.messages(chat);
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages.last().content, QStringLiteral("1"));
    // Positions continue after the kept ones.
    store.append_message(chat, ChatRole::User, "again", MessageState::Complete);
    QCOMPARE(store.messages(chat).last().position, 2);
    QVERIFY(store.delete_conversation(chat));
    QCOMPARE(store.conversations().size(), 0);
    QCOMPARE(store.messages(chat).size(), 0);  // cascaded
  }

  void refuses_a_newer_schema_and_leaves_the_file_alone() {
    QTemporaryDir dir;
    const QString path = dir.filePath("chats.sqlite");
    {
      QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "future");
      db.setDatabaseName(path);
      QVERIFY(db.open());
      QSqlQuery q(db);
      QVERIFY(q.exec("CREATE TABLE future_things (x INTEGER)"));
      QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = %1").arg(ConversationStore::kSchemaVersion + 5)));
      db.close();
    }
    QSqlDatabase::removeDatabase("future");
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray before = file.readAll();
    file.close();

    ConversationStore store;
    QVERIFY(!store.open(path));
    QVERIFY2(store.error().contains("newer version of Hearth"), qPrintable(store.error()));
    QVERIFY(!store.is_open());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), before);
  }

  void refuses_a_file_that_is_not_a_database() {
    QTemporaryDir dir;
    const QString path = dir.filePath("chats.sqlite");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(4096, 'x'));
    f.close();
    ConversationStore store;
    QVERIFY(!store.open(path));
    QVERIFY(!store.error().isEmpty());
  }

  // A separate process streams an answer through AnswerStream and is killed (std::_Exit) once
  // part of it was saved; reopening keeps that text and marks the answer interrupted.
  void survives_a_crash_mid_answer() {
    QTemporaryDir dir;
    const QString path = dir.filePath("chats.sqlite");
    QProcess writer;
    writer.start(QStringLiteral(HEARTH_CRASH_WRITER_PATH), {path});
    QVERIFY(writer.waitForFinished(kWaitMs));
    QCOMPARE(writer.exitCode(), 3);  // died on purpose, after the save

    ConversationStore store;
    QVERIFY2(store.open(path), qPrintable(store.error()));
    QCOMPARE(store.recovered_count(), 1);
    const auto chats = store.conversations();
    QCOMPARE(chats.size(), 1);
    const auto messages = store.messages(chats[0].id);
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages[1].content, QStringLiteral("Once upon a time"));
    QCOMPARE(messages[1].state, MessageState::Interrupted);
  }
};

}  // namespace hearth::gui::test

QTEST_MAIN(hearth::gui::test::ConversationStoreTest)
#include "tst_conversation_store.moc"
