#pragma once
// The property checks behind the fuzz targets, one per target, shared with the corpus replay test.
// Each takes one input as bytes and throws PropertyViolation when a property fails; any other
// exception escaping one is a bug of the code under test too.

#include <array>
#include <string_view>

namespace zdbackup::fuzz {

/// The input is a page body, tried as every pagination style with each of its top-level array keys.
void check_page(std::string_view input);
/// The input is a JSON document whose arrays are sliced (top_level_array_elements) and re-joined.
void check_json_raw(std::string_view input);
/// The input is a Retry-After header value.
void check_retry_after(std::string_view input);
/// The input is an attachment file name.
void check_safe_name(std::string_view input);
/// The input is a ticket events export audit whose comment children are rebuilt as comments.
void check_comment_events(std::string_view input);

struct Check {
    std::string_view name;  ///< the target's name: fuzz_<name>, tests/fuzz/corpus/<name>/
    void (*run)(std::string_view input);
};

inline constexpr std::array<Check, 5> kChecks{{
    {"page", check_page},
    {"json_raw", check_json_raw},
    {"retry_after", check_retry_after},
    {"safe_name", check_safe_name},
    {"comment_events", check_comment_events},
}};

}  // namespace zdbackup::fuzz
