// Runs a child process (POSIX fork/exec, Windows CreateProcessW) and captures its exit status,
// stdout and stderr — for the integration tests that drive hearth-cli as a user would.
// (Not named process.h: MinGW's own <process.h>, included by its pthread.h, would find this
// file through the tests' include path.)
#pragma once

#ifdef _WIN32
#include <windows.h>

#include <thread>
#else
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

#include <string>
#include <vector>

namespace hearth::test {

struct ProcessResult {
  int exit_code = -1;    // valid when !signaled
  bool signaled = false;
  int signal = 0;
  std::string out;
  std::string err;
};

#ifdef _WIN32
inline std::wstring widen_utf8(const std::string& s) {
  if (s.empty()) return {};
  const int n = MultiByteToWideChar(CP_UTF8, 0, s.data(), int(s.size()), nullptr, 0);
  std::wstring w(size_t(n), L'\0');
  MultiByteToWideChar(CP_UTF8, 0, s.data(), int(s.size()), w.data(), n);
  return w;
}

// One argument quoted so that CommandLineToArgvW (and the C runtime) split it back unchanged.
inline std::wstring quote_argument(const std::wstring& arg) {
  if (!arg.empty() && arg.find_first_of(L" \t\n\v\"") == std::wstring::npos) return arg;
  std::wstring q = L"\"";
  size_t backslashes = 0;
  for (wchar_t c : arg) {
    if (c == L'\\') {
      ++backslashes;
      continue;
    }
    q.append(c == L'"' ? backslashes * 2 + 1 : backslashes, L'\\');
    backslashes = 0;
    q += c;
  }
  q.append(backslashes * 2, L'\\');
  return q + L"\"";
}

inline ProcessResult run_process(const std::vector<std::string>& argv, const std::string& stdin_text = {}) {
  SECURITY_ATTRIBUTES inherit{sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
  HANDLE out_r, out_w, err_r, err_w, in_r, in_w;
  if (!CreatePipe(&out_r, &out_w, &inherit, 0) || !CreatePipe(&err_r, &err_w, &inherit, 0) ||
      !CreatePipe(&in_r, &in_w, &inherit, 0))
    return {};
  for (HANDLE own : {out_r, err_r, in_w}) SetHandleInformation(own, HANDLE_FLAG_INHERIT, 0);
  std::wstring command_line;
  for (const auto& a : argv) command_line += (command_line.empty() ? L"" : L" ") + quote_argument(widen_utf8(a));
  STARTUPINFOW si{};
  si.cb = sizeof si;
  si.dwFlags = STARTF_USESTDHANDLES;
  si.hStdInput = in_r;
  si.hStdOutput = out_w;
  si.hStdError = err_w;
  PROCESS_INFORMATION pi{};
  const std::wstring program = widen_utf8(argv.at(0));
  const BOOL started = CreateProcessW(program.c_str(), command_line.data(), nullptr, nullptr, TRUE, 0, nullptr,
                                      nullptr, &si, &pi);
  for (HANDLE child_end : {out_w, err_w, in_r}) CloseHandle(child_end);
  ProcessResult r;
  if (!started) {
    for (HANDLE h : {out_r, err_r, in_w}) CloseHandle(h);
    r.exit_code = 127;
    return r;
  }
  auto drain = [](HANDLE from, std::string& to) {
    char buf[65536];
    DWORD n = 0;
    while (ReadFile(from, buf, sizeof buf, &n, nullptr) && n > 0) to.append(buf, n);
  };
  std::thread err_reader(drain, err_r, std::ref(r.err));
  std::thread in_writer([&] {
    DWORD written = 0;
    if (!stdin_text.empty()) WriteFile(in_w, stdin_text.data(), DWORD(stdin_text.size()), &written, nullptr);
    CloseHandle(in_w);
  });
  drain(out_r, r.out);
  err_reader.join();
  in_writer.join();
  WaitForSingleObject(pi.hProcess, INFINITE);
  DWORD code = 0;
  GetExitCodeProcess(pi.hProcess, &code);
  for (HANDLE h : {out_r, err_r, pi.hProcess, pi.hThread}) CloseHandle(h);
  // A crash ends a Windows process with an NTSTATUS exception code (0xC0000005 and so on):
  // the counterpart of a POSIX signal.
  if (code >= 0xC0000000u) {
    r.signaled = true;
    r.signal = int(code);
  } else {
    r.exit_code = int(code);
  }
  return r;
}
#else
inline ProcessResult run_process(const std::vector<std::string>& argv, const std::string& stdin_text = {}) {
  int out_pipe[2], err_pipe[2], in_pipe[2];
  if (pipe(out_pipe) || pipe(err_pipe) || pipe(in_pipe)) return {};
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1], in_pipe[0], in_pipe[1]}) close(fd);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  close(in_pipe[0]);
  if (!stdin_text.empty()) {
    const ssize_t ignored = write(in_pipe[1], stdin_text.data(), stdin_text.size());
    (void)ignored;
  }
  close(in_pipe[1]);
  ProcessResult r;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_count = 2;
  char buf[65536];
  while (open_count > 0) {
    if (poll(fds, 2, -1) < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
      const ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_count;
      } else {
        (i == 0 ? r.out : r.err).append(buf, static_cast<size_t>(n));
      }
    }
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFSIGNALED(status)) {
    r.signaled = true;
    r.signal = WTERMSIG(status);
  } else {
    r.exit_code = WEXITSTATUS(status);
  }
  return r;
}
#endif

inline ProcessResult run_cli(std::vector<std::string> args) {
  args.insert(args.begin(), HEARTH_CLI_PATH);
  return run_process(args);
}

}  // namespace hearth::test
