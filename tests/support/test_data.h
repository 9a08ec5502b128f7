// Where tests find the shared reference data, and how they skip when it is absent.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace hearth::test {

// $HEARTH_TEST_DATA, or <repo>/../shared.
inline std::filesystem::path shared_dir() {
  if (const char* env = std::getenv("HEARTH_TEST_DATA"); env && *env) return env;
  return std::filesystem::path(HEARTH_SOURCE_DIR).parent_path() / "shared";
}

inline std::filesystem::path shared_path(const std::string& relative) { return shared_dir() / relative; }

// A fresh, empty folder for one test's outputs; removed with its contents at scope exit.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = info ? std::string(info->test_suite_name()) + "." + info->name() : "hearth";
    for (char& c : name)
      if (c == '/') c = '_';
    path_ = std::filesystem::temp_directory_path() / ("hearth-test-" + name + "-" + std::to_string(std::rand()));
    make_writable(path_);
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    make_writable(path_);
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  // Copies of the shared (read-only) files keep their read-only bit, and Windows refuses to
  // delete a read-only file ("Access denied"), unlike POSIX: clear it before removing.
  static void make_writable(const std::filesystem::path& root) {
    std::error_code ec;
    if (!std::filesystem::exists(root, ec)) return;
    for (auto it = std::filesystem::recursive_directory_iterator(root, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
      std::filesystem::permissions(it->path(), std::filesystem::perms::owner_write,
                                   std::filesystem::perm_options::add, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace hearth::test

// Skips the current test with a loud message when a shared fixture is missing.
#define HEARTH_REQUIRE_SHARED(relative)                                                              \
  do {                                                                                               \
    const auto hearth_fixture_path_ = ::hearth::test::shared_path(relative);                         \
    if (!std::filesystem::exists(hearth_fixture_path_)) {                                            \
      std::fprintf(stderr, "\n*** FIXTURE MISSING: %s — set HEARTH_TEST_DATA to the shared folder ***\n", \
                   hearth_fixture_path_.string().c_str());                                           \
      GTEST_SKIP() << "FIXTURE MISSING: " << hearth_fixture_path_.string();                         \
    }                                                                                                \
  } while (0)
