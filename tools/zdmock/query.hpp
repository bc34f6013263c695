#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zdmock {

/// Query parameters of a request target, percent-decoded with Boost.URL; `+` stays `+` (base64 cursors
/// contain it). Unencoded `[ ] | { } "` (as `curl -g` sends them) are tolerated.
class Query {
  public:
    /// An unparsable target gives no parameters.
    explicit Query(std::string_view target);
    /// The first value of `key`, if present.
    std::optional<std::string> get(std::string_view key) const;
    /// Every parameter name, in request order (repeats included).
    std::vector<std::string> keys() const;

  private:
    std::vector<std::pair<std::string, std::string>> params_;
};

/// Strict decimal integer (no sign other than '-', no spaces); nullopt otherwise.
std::optional<std::int64_t> parse_int(std::string_view s);

/// Percent-encodes everything but RFC 3986 unreserved characters (so base64 `+`, `/`, `=` are escaped).
std::string encode_param(std::string_view v);

}  // namespace zdmock
