// Split GGUF models: opening all shards as one GgufFile, and writing/merging shards the way
// llama.cpp's gguf-split lays them out (metadata order included, so files are byte-identical).
#include "hearth/io/gguf_split.h"

#include <charconv>
#include <cstdio>
#include <unordered_map>

#include "hearth/io/gguf_writer.h"

namespace hearth {

namespace fs = std::filesystem;

namespace {

constexpr uint32_t kSplitDataAlignment = 32;  // gguf-split pads every tensor to GGUF's default

std::string shard_suffix(uint32_t index, uint32_t count) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "-%05u-of-%05u.gguf", index + 1, count);
  return buf;
}

// split.count of a file: nullopt when absent or 0 (not split / a merged file); an error when
// it is not a count a u16 can hold.
std::optional<uint32_t> split_count_of(const GgufFile& f) {
  const GgufValue* v = f.metadata().find(kSplitCountKey);
  if (!v) return std::nullopt;
  const auto n = v->as_int();
  if (!n || *n < 0 || *n > int64_t(kMaxSplitCount))
    fail(ErrorCode::Format, f.name() + ": split.count must be 0…" + std::to_string(kMaxSplitCount) +
                                (n ? ", not " + std::to_string(*n) : ", and an integer"));
  if (*n == 0) return std::nullopt;
  return uint32_t(*n);
}

int64_t required_int(const GgufFile& f, std::string_view key) {
  const auto v = f.metadata().get_int(key);
  if (!v) fail(ErrorCode::Format, f.name() + ": shard of a split model without an integer " + std::string(key));
  return *v;
}

// llama.cpp's gguf_set_val_*: an existing key is removed and the key appended at the end.
void set_at_end(GgufMetadata& md, std::string_view key, GgufValue value) {
  md.erase(key);
  md.set(std::string(key), std::move(value));
}

}  // namespace

fs::path gguf_split_path(const fs::path& prefix, uint32_t index, uint32_t count) {
  return fs::path(prefix.string() + shard_suffix(index, count));
}

std::optional<fs::path> gguf_split_prefix(const fs::path& shard, uint32_t index, uint32_t count) {
  const std::string s = shard.string();
  const std::string suffix = shard_suffix(index, count);
  if (s.size() <= suffix.size() || s.compare(s.size() - suffix.size(), suffix.size(), suffix) != 0) return std::nullopt;
  return fs::path(s.substr(0, s.size() - suffix.size()));
}

Result<uint64_t> parse_split_size(std::string_view text) {
  uint64_t n = 0;
  const char* end = text.data() + text.size();
  const auto [p, ec] = std::from_chars(text.data(), end, n);
  const std::string_view unit(p, size_t(end - p));
  const uint64_t scale = unit == "M" ? 1000ull * 1000 : unit == "G" ? 1000ull * 1000 * 1000 : 0;
  if (ec != std::errc() || n == 0 || scale == 0 || n > UINT64_MAX / scale)
    return Error{ErrorCode::InvalidArgument,
                 "split size must be a positive number of M or G (decimal, as gguf-split), not \"" + std::string(text) + "\""};
  return n * scale;
}

Result<GgufFile> GgufFile::open(const fs::path& path) {
  return capture_errors([&]() -> GgufFile {
    GgufFile f = open_single(path).value();
    const auto count = split_count_of(f);
    if (!count || *count == 1) return f;
    const int64_t no = required_int(f, kSplitNoKey);
    if (no < 0 || no >= int64_t(*count))
      fail(ErrorCode::Format, f.name() + ": split.no " + std::to_string(no) + " is not below split.count " +
                                  std::to_string(*count));
    if (no == 0) {
      f.attach_shards();
      return f;
    }
    // Another shard: the model's metadata is in the first one.
    const auto prefix = gguf_split_prefix(path, uint32_t(no), *count);
    if (!prefix)
      fail(ErrorCode::Format, f.name() + ": the name does not end in \"" + shard_suffix(uint32_t(no), *count) + "\"" +
                                  " as its split.no and split.count say");
    const fs::path first_path = gguf_split_path(*prefix, 0, *count);
    GgufFile first = open_single(first_path).value();
    first.attach_shards();
    return first;
  });
}

void GgufFile::attach_shards() {
  const uint32_t count = *split_count_of(*this);
  const int64_t n_tensors = required_int(*this, kSplitTensorsCountKey);
  const fs::path& own = path();
  const auto prefix = gguf_split_prefix(own, 0, count);
  if (!prefix)
    fail(ErrorCode::Format, name() + ": the name does not end in \"" + shard_suffix(0, count) + "\"" +
                                " as its split.no and split.count say");
  if (n_tensors < 0 || n_tensors > int64_t(UINT32_MAX))
    fail(ErrorCode::Format, name() + ": split.tensors.count " + std::to_string(n_tensors) + " is out of range");
  const std::string arch = architecture();
  const auto model_name = metadata().get_string("general.name");

  std::unordered_map<std::string, uint32_t> owner;  // tensor name -> shard
  for (const auto& t : tensors_) owner.emplace(t.name, 0);
  for (uint32_t i = 1; i < count; ++i) {
    const fs::path p = gguf_split_path(*prefix, i, count);
    std::error_code ec;
    if (!fs::exists(p, ec))
      fail(ErrorCode::NotFound, p.string() + ": shard " + std::to_string(i + 1) + " of " + std::to_string(count) +
                                    " of " + name() + " is missing");
    auto shard = std::make_shared<GgufFile>(open_single(p).value());
    const auto shard_count = split_count_of(*shard);
    const int64_t shard_no = required_int(*shard, kSplitNoKey);
    if (shard_count != count || shard_no != int64_t(i))
      fail(ErrorCode::Format, shard->name() + ": says it is shard " + std::to_string(shard_no + 1) + " of " +
                                  std::to_string(shard_count.value_or(0)) + ", expected " + std::to_string(i + 1) +
                                  " of " + std::to_string(count));
    if (required_int(*shard, kSplitTensorsCountKey) != n_tensors)
      fail(ErrorCode::Format, shard->name() + ": split.tensors.count differs from the first shard's (" +
                                  std::to_string(n_tensors) + "): a shard of another model?");
    const std::string shard_arch = shard->architecture();
    const auto shard_name = shard->metadata().get_string("general.name");
    if ((!shard_arch.empty() && shard_arch != arch) || (shard_name && shard_name != model_name))
      fail(ErrorCode::Format, shard->name() + ": names another model (" + (shard_name ? *shard_name : shard_arch) +
                                  ") than its first shard");
    for (const auto& t : shard->tensors()) {
      const auto [it, inserted] = owner.emplace(t.name, i);
      if (!inserted)
        fail(ErrorCode::Format, shard->name() + ": tensor " + t.name + " is also in shard " +
                                    std::to_string(it->second + 1));
      if (tensors_.size() >= size_t(n_tensors))
        fail(ErrorCode::Format, shard->name() + ": the shards hold more tensors than split.tensors.count " +
                                    std::to_string(n_tensors));
      tensor_index_.emplace(t.name, tensors_.size());
      tensors_.push_back(t);
      tensor_shard_.push_back(uint16_t(i));
    }
    shards_.push_back(std::move(shard));
  }
  if (tensors_.size() != size_t(n_tensors))
    fail(ErrorCode::Format, name() + ": the " + std::to_string(count) + " shards hold " + std::to_string(tensors_.size()) +
                                " tensors, split.tensors.count says " + std::to_string(n_tensors));
}

std::vector<fs::path> GgufFile::shard_paths() const {
  std::vector<fs::path> out{path()};
  for (const auto& s : shards_) out.push_back(s->path());
  return out;
}

uint64_t GgufFile::total_file_size() const {
  uint64_t total = file_size();
  for (const auto& s : shards_) total += s->file_size();
  return total;
}

Result<std::vector<fs::path>> split_gguf(const GgufFile& file, const fs::path& prefix, const GgufSplitLimits& limits,
                                         const ProgressFn& progress) {
  return capture_errors([&]() -> std::vector<fs::path> {
    if ((limits.max_bytes == 0) == (limits.max_tensors == 0))
      fail(ErrorCode::InvalidArgument, "give one split limit: a size per shard or a number of tensors per shard");
    const auto& tensors = file.tensors();
    const auto pad = [](uint64_t n) { return (n + kSplitDataAlignment - 1) / kSplitDataAlignment * kSplitDataAlignment; };
    // Shard boundaries, decided as gguf-split decides them: by padded data size, or every N tensors.
    std::vector<size_t> first_of_shard{0};
    uint64_t current = 0;
    for (size_t i = 0; i < tensors.size(); ++i) {
      const uint64_t n = pad(tensors[i].size_bytes);
      const bool cut = limits.max_bytes ? current + n > limits.max_bytes : (i > 0 && i % limits.max_tensors == 0);
      if (cut) {
        if (first_of_shard.back() == i)
          fail(ErrorCode::InvalidArgument, "tensor " + tensors[i].name + " alone is bigger than the split size");
        first_of_shard.push_back(i);
        current = n;
      } else {
        current += n;
      }
    }
    if (first_of_shard.size() > kMaxSplitCount)
      fail(ErrorCode::InvalidArgument, "that would make " + std::to_string(first_of_shard.size()) + " shards; at most " +
                                           std::to_string(kMaxSplitCount));
    const auto count = uint32_t(first_of_shard.size());
    first_of_shard.push_back(tensors.size());

    std::vector<fs::path> paths;
    uint64_t done = 0, total = 0;
    for (const auto& t : tensors) total += t.size_bytes;
    for (uint32_t s = 0; s < count; ++s) {
      const fs::path target = gguf_split_path(prefix, s, count);
      GgufWriter w(target);
      if (s == 0)
        for (const auto& [key, value] : file.metadata().entries()) w.metadata().set(key, value);
      // gguf-split sets split.no, split.count (placeholder), split.tensors.count, then split.count
      // again: each set moves the key to the end, so the order is no, tensors.count, count.
      set_at_end(w.metadata(), kSplitNoKey, GgufValue(uint16_t(s)));
      set_at_end(w.metadata(), kSplitCountKey, GgufValue(uint16_t(0)));
      set_at_end(w.metadata(), kSplitTensorsCountKey, GgufValue(int32_t(tensors.size())));
      set_at_end(w.metadata(), kSplitCountKey, GgufValue(uint16_t(count)));
      for (size_t i = first_of_shard[s]; i < first_of_shard[s + 1]; ++i)
        w.add_tensor(tensors[i].name, tensors[i].type, tensors[i].shape);
      w.write_header();
      for (size_t i = first_of_shard[s]; i < first_of_shard[s + 1]; ++i) {
        w.write_tensor_data(file.tensor_data(tensors[i]));
        done += tensors[i].size_bytes;
        if (progress) progress({i, tensors.size(), done, total, tensors[i].name});
      }
      w.commit();
      paths.push_back(target);
    }
    return paths;
  });
}

Status merge_gguf(const fs::path& shard, const fs::path& target, const ProgressFn& progress) {
  return capture_errors([&] {
    const GgufFile file = GgufFile::open(shard).value();
    if (file.shard_count() < 2 && !file.metadata().contains(kSplitCountKey))
      fail(ErrorCode::InvalidArgument, shard.string() + ": not a shard of a split model (no split.count)");
    GgufWriter w(target);
    for (const auto& [key, value] : file.metadata().entries()) w.metadata().set(key, value);
    // As gguf-split --merge: split.count = 0 ("merged"), moved to the end.
    set_at_end(w.metadata(), kSplitCountKey, GgufValue(uint16_t(0)));
    for (const auto& t : file.tensors()) w.add_tensor(t.name, t.type, t.shape);
    w.write_header();
    uint64_t done = 0, total = 0;
    for (const auto& t : file.tensors()) total += t.size_bytes;
    for (size_t i = 0; i < file.tensors().size(); ++i) {
      const auto& t = file.tensors()[i];
      w.write_tensor_data(file.tensor_data(t));
      done += t.size_bytes;
      if (progress) progress({i, file.tensors().size(), done, total, t.name});
    }
    w.commit();
  });
}

}  // namespace hearth
