// hearth-gui-crash-writer DB: starts a chat in the history at DB, streams an answer through
// the app's own AnswerStream until the store has saved part of it, then dies on the spot
// (std::_Exit: no destructors, no closing of the database) — a crash mid-answer.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <cstdio>
#include <cstdlib>

#include "chat/answer_stream.h"
#include "chat/conversation_store.h"

using namespace hearth::gui;

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DB\n", argv[0]);
    return 2;
  }
  ConversationStore store;
  if (!store.open(QString::fromLocal8Bit(argv[1]))) {
    std::fprintf(stderr, "%s\n", qPrintable(store.error()));
    return 1;
  }
  const qint64 chat = store.create_conversation(QStringLiteral("Crash"), {}, {});
  store.append_message(chat, ChatRole::User, QStringLiteral("Tell me a story"), MessageState::Complete);
  const qint64 answer = store.append_message(chat, ChatRole::Assistant, {}, MessageState::Streaming);
  AnswerStream stream(&store, answer, nullptr);
  const QString pieces[] = {QStringLiteral("Once"), QStringLiteral(" upon"), QStringLiteral(" a"), QStringLiteral(" time")};
  for (const QString& p : pieces) stream.append(p);
  // Run the event loop until the periodic save has written the text, then crash.
  QElapsedTimer clock;
  clock.start();
  while (clock.elapsed() < 30000) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    if (store.message(answer).content == QStringLiteral("Once upon a time")) {
      std::fflush(stdout);
      std::_Exit(3);
    }
  }
  std::fprintf(stderr, "the answer was never saved\n");
  return 1;
}
