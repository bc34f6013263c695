#pragma once
// Byte-exact JSON handling: Zendesk objects are stored exactly as received, so instead of
// re-serialising a parsed value we slice and splice the original text.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zdbackup {

/// The raw text of each element of the array under the top-level `key` of a JSON object, in order,
/// without surrounding whitespace; slices point into `document`. A key of the same name nested
/// deeper never matches; when the key repeats, the last one wins (as in boost::json::parse).
/// Keys are compared after decoding JSON escapes.
/// Errors: nullopt when the key is absent, its value is not an array, or the text is not a
/// well-formed object (it never reads outside `document`).
std::optional<std::vector<std::string_view>> top_level_array_elements(std::string_view document,
                                                                      std::string_view key);

/// One member of a JSON object as written: the key's text between its quotes (escapes kept) and the
/// value's exact text.
struct RawMember {
    std::string_view raw_key;
    std::string_view raw_value;
};

/// The members of a JSON object in the order written (repeated keys repeat); slices point into
/// `document`. Errors: nullopt when the text is not a well-formed object.
std::optional<std::vector<RawMember>> top_level_members(std::string_view document);

/// The raw text of each element of a JSON array, in order; slices point into `raw_array`.
/// Errors: nullopt when the text is not a well-formed array.
std::optional<std::vector<std::string_view>> array_elements(std::string_view raw_array);

/// Whether a RawMember's key is `key` (after decoding JSON escapes).
bool raw_key_is(std::string_view raw_key, std::string_view key);

/// `raw_object` with `,"key":[e1,e2,...]` inserted before its final `}` (no comma when the object is
/// empty). Trailing whitespace after the `}` is dropped. Elements are copied verbatim.
/// Errors: throws std::invalid_argument when `raw_object` does not end with `}`.
std::string append_array_member(std::string_view raw_object, std::string_view key,
                                const std::vector<std::string_view>& raw_elements);

}  // namespace zdbackup
