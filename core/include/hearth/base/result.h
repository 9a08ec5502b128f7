// Errors as values: every public engine entry point returns Result<T> (or Status) so a front end
// can show the message to the user instead of crashing. Internally, parsers throw hearth::Exception
// deep inside and the entry point converts it with capture_errors().
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace hearth {

enum class ErrorCode {
  InvalidArgument,  // the caller asked for something that makes no sense (bad option, bad type name)
  NotFound,         // a file, key, tensor or shard that should exist does not
  Io,               // the operating system refused a read/write/map
  DiskFull,         // ran out of space while writing
  Format,           // a file is malformed: truncated, inconsistent, hostile
  Unsupported,      // well-formed but not something Hearth handles (architecture, dtype, version)
  OutOfMemory,      // an allocation (RAM or VRAM) did not fit
  DeviceLost,       // the GPU stopped responding (driver reset, removed, power); the CPU still works
  Cancelled,        // the user pressed Cancel
  Internal,         // a bug in Hearth
};

const char* error_code_name(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::Internal;
  std::string message;  // one line a user can act on: names the file, the field, the byte offset
};

// Thrown inside the engine, caught at API boundaries and returned as an Error value.
class Exception : public std::runtime_error {
 public:
  Exception(ErrorCode code, std::string message)
      : std::runtime_error(message), error_{code, std::move(message)} {}
  explicit Exception(Error error) : std::runtime_error(error.message), error_(std::move(error)) {}
  const Error& error() const noexcept { return error_; }
  ErrorCode code() const noexcept { return error_.code; }

 private:
  Error error_;
};

[[noreturn]] inline void fail(ErrorCode code, std::string message) {
  throw Exception(code, std::move(message));
}

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design, like std::expected
  Result(Error error) : v_(std::move(error)) {}  // NOLINT

  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  T& value() & { return checked(); }
  const T& value() const& { return const_cast<Result*>(this)->checked(); }
  T&& value() && { return std::move(checked()); }
  T* operator->() { return &checked(); }
  const T* operator->() const { return &const_cast<Result*>(this)->checked(); }
  T& operator*() & { return checked(); }
  const T& operator*() const& { return const_cast<Result*>(this)->checked(); }

  const Error& error() const { return std::get<1>(v_); }

 private:
  T& checked() {
    if (!ok()) throw Exception(std::get<1>(v_));
    return std::get<0>(v_);
  }
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT
  bool ok() const noexcept { return ok_; }
  explicit operator bool() const noexcept { return ok_; }
  const Error& error() const { return error_; }
  void value() const {
    if (!ok_) throw Exception(error_);
  }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

// Runs fn and turns any hearth::Exception (or std::bad_alloc) it throws into an Error value.
template <class Fn>
auto capture_errors(Fn&& fn) -> Result<decltype(fn())> {
  try {
    if constexpr (std::is_void_v<decltype(fn())>) {
      fn();
      return {};
    } else {
      return fn();
    }
  } catch (const Exception& e) {
    return e.error();
  } catch (const std::bad_alloc&) {
    return Error{ErrorCode::OutOfMemory, "out of memory"};
  }
}

}  // namespace hearth
