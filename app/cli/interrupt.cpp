#include "interrupt.h"

#include <csignal>

#include "hearth/runtime/session.h"

#ifdef _WIN32
#include <windows.h>
#endif

namespace hearth::cli {

namespace {
std::atomic<Session*> g_session{nullptr};
std::atomic<int> g_presses{0};
static_assert(std::atomic<int>::is_always_lock_free && std::atomic<Session*>::is_always_lock_free,
              "the signal handler needs lock-free atomics");

void on_interrupt() {
  g_presses.fetch_add(1);
  if (Session* s = g_session.load()) s->request_stop();  // an atomic store: safe in a handler
}

#ifdef _WIN32
BOOL WINAPI console_handler(DWORD type) {
  if (type != CTRL_C_EVENT) return FALSE;
  on_interrupt();
  return TRUE;
}
#else
struct sigaction g_previous;
void signal_handler(int) { on_interrupt(); }
#endif
}  // namespace

InterruptHandler::InterruptHandler() {
  g_presses.store(0);
#ifdef _WIN32
  SetConsoleCtrlHandler(console_handler, TRUE);
#else
  struct sigaction sa = {};
  sa.sa_handler = signal_handler;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: a blocking read of the next chat line returns at once
  sigaction(SIGINT, &sa, &g_previous);
#endif
}

InterruptHandler::~InterruptHandler() {
  g_session.store(nullptr);
#ifdef _WIN32
  SetConsoleCtrlHandler(console_handler, FALSE);
#else
  sigaction(SIGINT, &g_previous, nullptr);
#endif
}

void InterruptHandler::watch(Session* session) { g_session.store(session); }
int InterruptHandler::presses() const { return g_presses.load(); }
void InterruptHandler::reset() { g_presses.store(0); }

}  // namespace hearth::cli
