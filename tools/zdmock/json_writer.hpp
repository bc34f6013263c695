#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace zdmock {

/// Appends JSON text to a string with automatic comma placement. Values are written exactly as given:
/// `raw` lets callers emit literals such as `1.0` or pre-escaped strings byte for byte.
/// Thread safety: none (one writer per thread).
class JsonWriter {
  public:
    explicit JsonWriter(std::string& out) : out_(out) {}

    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    /// `k` is written unescaped: it must not contain '"', '\\' or control characters.
    JsonWriter& key(std::string_view k);
    JsonWriter& str(std::string_view v);
    JsonWriter& num(std::int64_t v);
    JsonWriter& boolean(bool v);
    JsonWriter& null();
    JsonWriter& raw(std::string_view json_text);

    /// Shorthands for `key(k).value(v)`.
    JsonWriter& kstr(std::string_view k, std::string_view v) { return key(k).str(v); }
    JsonWriter& knum(std::string_view k, std::int64_t v) { return key(k).num(v); }
    JsonWriter& kbool(std::string_view k, bool v) { return key(k).boolean(v); }
    JsonWriter& knull(std::string_view k) { return key(k).null(); }
    JsonWriter& kraw(std::string_view k, std::string_view v) { return key(k).raw(v); }

  private:
    void separate();

    std::string& out_;
    std::vector<bool> first_;  // one entry per open container: no element written yet
    bool after_key_ = false;
};

/// Appends `s` as a quoted JSON string; non-ASCII UTF-8 is copied unchanged.
void append_json_string(std::string& out, std::string_view s);

}  // namespace zdmock
