#pragma once
// Boost.JSON (1.81) keeps the last of repeated keys without a word; a config file is written by hand,
// and a repeated instance name or setting must not silently replace the first one.

#include <optional>
#include <string>
#include <string_view>

namespace zdbackup::cli {

/// The first key that appears twice in one object of `text` (comments and trailing commas allowed),
/// nullopt when there is none or the text is not JSON (the caller's parser reports that).
std::optional<std::string> first_duplicate_key(std::string_view text);

}  // namespace zdbackup::cli
