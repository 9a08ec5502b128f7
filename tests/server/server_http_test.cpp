// `hearth-cli serve` at the HTTP level, over raw loopback sockets: hostile requests (a broken
// request line, a 100 MB body, JSON nested a hundred thousand deep, invalid UTF-8, a slow-loris
// connection) end in clean errors and the server keeps answering; and a bounded load test
// (16 clients, 64 requests, some hanging up mid-stream) leaves no session running.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <fstream>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "test_data.h"

namespace {

using Clock = std::chrono::steady_clock;
const char* kModel = "models/stories260K-reference-gguf/stories260K-hf-viaHFconv-f32.gguf";

// A server process on a free loopback port; killed at scope exit.
class ServerProcess {
 public:
  explicit ServerProcess(std::vector<std::string> extra) {
    int out[2];
    if (pipe(out) != 0) return;
    std::vector<std::string> argv = {HEARTH_CLI_PATH, "serve", "-m", hearth::test::shared_path(kModel).string(),
                                     "--host", "127.0.0.1", "--port", "0", "-t", "1"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], 1);
      close(out[0]);
      close(out[1]);
      std::vector<char*> args;
      for (auto& a : argv) args.push_back(a.data());
      args.push_back(nullptr);
      execv(args[0], args.data());
      _exit(127);
    }
    close(out[1]);
    // The server prints its URL on stdout once the model is loaded.
    std::string line;
    pollfd p{out[0], POLLIN, 0};
    const auto deadline = Clock::now() + std::chrono::seconds(30);
    while (line.find('\n') == std::string::npos && Clock::now() < deadline) {
      if (poll(&p, 1, 100) <= 0) continue;
      char buf[256];
      const ssize_t n = read(out[0], buf, sizeof buf);
      if (n <= 0) break;
      line.append(buf, size_t(n));
    }
    close(out[0]);
    std::smatch m;
    if (std::regex_search(line, m, std::regex(R"(:(\d+)\n)"))) port_ = std::stoi(m[1]);
  }
  ~ServerProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
  }
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  bool alive() const { return pid_ > 0 && waitpid(pid_, nullptr, WNOHANG) == 0; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

int connect_to(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(uint16_t(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

bool send_all(int fd, const std::string& s) {
  size_t off = 0;
  while (off < s.size()) {
    const ssize_t n = send(fd, s.data() + off, s.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return false;
    off += size_t(n);
  }
  return true;
}

// Reads until the peer closes, `stop_after` appears, or `seconds` pass.
std::string read_until_close(int fd, double seconds, const std::string& stop_after = {}) {
  std::string got;
  const auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
  pollfd p{fd, POLLIN, 0};
  while (Clock::now() < deadline) {
    if (poll(&p, 1, 50) <= 0) continue;
    char buf[4096];
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    got.append(buf, size_t(n));
    if (!stop_after.empty() && got.find(stop_after) != std::string::npos) break;
  }
  return got;
}

std::string request(int port, const std::string& raw, double seconds = 20, const std::string& stop_after = {}) {
  const int fd = connect_to(port);
  if (fd < 0) return {};
  send_all(fd, raw);
  std::string r = read_until_close(fd, seconds, stop_after);
  close(fd);
  return r;
}

std::string post(const std::string& path, const std::string& body) {
  return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: close\r\n"
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}
const std::string kGetHealth = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";

int status_of(const std::string& response) {
  if (response.rfind("HTTP/1.1 ", 0) != 0 || response.size() < 12) return -1;
  return std::stoi(response.substr(9, 3));
}

double metric(int port, const std::string& name) {
  const std::string r = request(port, "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  std::smatch m;
  if (!std::regex_search(r, m, std::regex("\n" + name + " (\\S+)"))) return -1;
  return std::stod(m[1]);
}

long rss_kib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

class ServerHttpTest : public ::testing::Test {
 protected:
  void SetUp() override { HEARTH_REQUIRE_SHARED(kModel); }
};

TEST_F(ServerHttpTest, MalformedRequestLineIsA400AndTheServerGoesOn) {
  ServerProcess server({});
  ASSERT_GT(server.port(), 0);
  // The connection may stay open (keep-alive) after the error: read up to the end of the JSON.
  for (const char* bad : {"THIS IS NOT HTTP\r\n\r\n", "GET /health HTTP/9.9 extra\r\n\r\n", "\x16\x03\x01\x02\x01\r\n\r\n"}) {
    const std::string r = request(server.port(), bad, 20, "}}");
    EXPECT_EQ(status_of(r), 400) << r;
    EXPECT_NE(r.find("invalid_request_error"), std::string::npos) << r;
  }
  EXPECT_EQ(status_of(request(server.port(), kGetHealth)), 200);
}

TEST_F(ServerHttpTest, HundredMegabyteBodyIs413) {
  ServerProcess server({"--max-body", "1048576"});
  ASSERT_GT(server.port(), 0);
  const int fd = connect_to(server.port());
  ASSERT_GE(fd, 0);
  // Send all 100 MB (httplib reads a too-large body to its end, then answers 413).
  send_all(fd, "POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
               "Content-Length: 104857600\r\n\r\n");
  const std::string chunk(1 << 16, 'a');
  for (int i = 0; i < 1600 && send_all(fd, chunk); ++i) {
  }
  const std::string r = read_until_close(fd, 20);
  close(fd);
  EXPECT_EQ(status_of(r), 413) << r.substr(0, 200);
  EXPECT_NE(r.find("\"error\""), std::string::npos);
  EXPECT_EQ(status_of(request(server.port(), kGetHealth)), 200);
}

TEST_F(ServerHttpTest, DeepJsonInvalidUtf8AndWrongTypesAre400s) {
  ServerProcess server({});
  ASSERT_GT(server.port(), 0);
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  std::string r = request(server.port(), post("/v1/completions", deep));
  EXPECT_EQ(status_of(r), 400);
  EXPECT_NE(r.find("nests deeper"), std::string::npos) << r.substr(0, 300);

  r = request(server.port(), post("/v1/completions", "{\"prompt\": \"bad \xff\xfe bytes\"}"));
  EXPECT_EQ(status_of(r), 400);
  EXPECT_NE(r.find("invalid_request_error"), std::string::npos);

  r = request(server.port(), post("/v1/chat/completions", R"({"messages": "hello"})"));
  EXPECT_EQ(status_of(r), 400);
  EXPECT_NE(r.find("\"param\":\"messages\""), std::string::npos) << r;

  r = request(server.port(), post("/v1/completions", R"({"prompt": "x", "temperature": "hot"})"));
  EXPECT_EQ(status_of(r), 400);
  r = request(server.port(), post("/v1/completions", R"({"prompt": "x", "max_tokens": -5})"));
  EXPECT_EQ(status_of(r), 400);

  r = request(server.port(), "GET /no/such/route HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(status_of(r), 404);
  EXPECT_NE(r.find("not_found_error"), std::string::npos);
  EXPECT_TRUE(server.alive());
}

TEST_F(ServerHttpTest, SlowLorisConnectionIsClosedAfterTheTimeout) {
  ServerProcess server({"--timeout", "2"});
  ASSERT_GT(server.port(), 0);
  const int fd = connect_to(server.port());
  ASSERT_GE(fd, 0);
  send_all(fd, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n");  // ... and never the blank line
  const auto t0 = Clock::now();
  read_until_close(fd, 15);
  const double waited = std::chrono::duration<double>(Clock::now() - t0).count();
  close(fd);
  EXPECT_LT(waited, 14) << "the half-sent request held its connection open";
  EXPECT_EQ(status_of(request(server.port(), kGetHealth)), 200);
}

TEST_F(ServerHttpTest, AuthenticationProtectsTheApiButNotHealth) {
  ServerProcess server({"--api-key", "k1,k2"});
  ASSERT_GT(server.port(), 0);
  const std::string body = R"({"prompt": "Once", "max_tokens": 2})";
  std::string r = request(server.port(), post("/v1/completions", body));
  EXPECT_EQ(status_of(r), 401);
  EXPECT_NE(r.find("authentication_error"), std::string::npos);
  std::string with_key = post("/v1/completions", body);
  with_key.insert(with_key.find("\r\n") + 2, "Authorization: Bearer k2\r\n");
  EXPECT_EQ(status_of(request(server.port(), with_key)), 200);
  EXPECT_EQ(status_of(request(server.port(), kGetHealth)), 200);
}

TEST_F(ServerHttpTest, LoadWithDisconnectsLeavesNoSessionRunning) {
  ServerProcess server({"--parallel", "4", "--queue", "16"});
  ASSERT_GT(server.port(), 0);
  const int port = server.port();
  const long rss_before = rss_kib(server.pid());
  constexpr int kClients = 16, kPerClient = 4;
  std::atomic<int> ok{0}, hung_up{0}, bad{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c)
    clients.emplace_back([&, c] {
      for (int i = 0; i < kPerClient; ++i) {
        const int k = c * kPerClient + i;
        const bool stream = k % 2 == 0;
        const bool hang_up = k % 4 == 0;  // half of the streamed requests leave after the first event
        const std::string body = std::string(R"({"messages": [{"role": "user", "content": "Tell a story )") +
                                 std::to_string(k) + R"("}], "max_tokens": 200, "stream": )" + (stream ? "true" : "false") + "}";
        const int fd = connect_to(port);
        if (fd < 0 || !send_all(fd, post("/v1/chat/completions", body))) {
          bad++;
          if (fd >= 0) close(fd);
          continue;
        }
        if (hang_up) {
          const std::string first = read_until_close(fd, 60, "data: ");
          close(fd);
          if (status_of(first) == 200) {
            hung_up++;
          } else if (bad++ == 0) {
            ADD_FAILURE() << "request " << k << ": " << first.substr(0, 400);
          }
          continue;
        }
        const std::string r = read_until_close(fd, 120);
        close(fd);
        const bool complete = stream ? r.find("data: [DONE]") != std::string::npos : r.find("\"finish_reason\"") != std::string::npos;
        if (status_of(r) == 200 && complete) {
          ok++;
        } else if (bad++ == 0) {
          ADD_FAILURE() << "request " << k << ": " << r.substr(0, 400);
        }
      }
    });
  for (auto& t : clients) t.join();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_EQ(ok.load() + hung_up.load(), kClients * kPerClient);
  // Hung-up requests are noticed at their next write; give the engine a moment.
  double running = -1, queued = -1;
  for (int i = 0; i < 100 && (running != 0 || queued != 0); ++i) {
    running = metric(port, "hearth_requests_processing");
    queued = metric(port, "hearth_requests_deferred");
    if (running != 0 || queued != 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(running, 0);
  EXPECT_EQ(queued, 0);
  EXPECT_EQ(metric(port, "hearth_requests_total"), kClients * kPerClient);
  EXPECT_EQ(status_of(request(port, kGetHealth)), 200);
  // Memory back near its level: sessions are reused, nothing piles up per request.
  const long rss_after = rss_kib(server.pid());
  if (rss_before > 0 && rss_after > 0) {
    EXPECT_LT(rss_after - rss_before, 64 * 1024) << "RSS grew by " << rss_after - rss_before << " KiB";
  }
}

}  // namespace
