#pragma once
// Zip entry names for records keyed by a name instead of a numeric id (tags by name, string ids).
// Restored on a case-insensitive file system (NTFS, APFS, OneDrive), `support_assets/tags/VIP.json`
// and `.../vip.json` are one file: extraction would silently keep only one. And safe_file_name()
// maps "a?b" and "a:b" both to "a_b", which would merge two records in the cache, keyed by entry path.

#include <cstddef>
#include <string>
#include <string_view>

namespace zdbackup {

/// Longest key, so that `<key>.json` stays within the 255-byte name limit with room to spare.
inline constexpr std::size_t kMaxEntryKeyBytes = 200;

/// A file-name key for `name`, unique even where case is ignored:
/// - a name that is already safe, lowercase ASCII, without `~` and short enough is its own key
///   (Zendesk lowercases tags, so nearly every tag keeps its plain name);
/// - any other name becomes its safe_file_name(), cut to fit, then `~` and 16 hex digits of the
///   SHA-256 of the original name, so names differing in case, or made alike by sanitizing, differ.
/// Plain keys never contain `~` and hashed keys always do, so the two kinds cannot meet.
/// The result is deterministic and satisfies safe_file_name(key) == key.
std::string entry_key_for_name(std::string_view name);

}  // namespace zdbackup
