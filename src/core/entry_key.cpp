#include <zdbackup/core/entry_key.hpp>
#include <zdbackup/core/safe_name.hpp>
#include <zdbackup/util/sha256.hpp>

#include <algorithm>

namespace zdbackup {
namespace {

constexpr std::size_t kHashDigits = 16;  // 64 bits: no accidental collision among an instance's names

/// Lowercase ASCII letters, digits and the safe punctuation only: identical under every case folding.
bool is_plain(std::string_view name, std::string_view safe) {
    if (name != safe || name.size() > kMaxEntryKeyBytes) return false;
    return std::none_of(name.begin(), name.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte >= 0x80 || (c >= 'A' && c <= 'Z') || c == '~';
    });
}

/// `text` cut to at most `limit` bytes without splitting a UTF-8 character.
std::string_view cut_utf8(std::string_view text, std::size_t limit) {
    if (text.size() <= limit) return text;
    std::size_t end = limit;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end);
}

}  // namespace

std::string entry_key_for_name(std::string_view name) {
    const std::string safe = safe_file_name(name);
    if (is_plain(name, safe)) return safe;
    // The `~hash` suffix also keeps a cut name from ending in a dot or a space.
    std::string key(cut_utf8(safe, kMaxEntryKeyBytes - 1 - kHashDigits));
    key += '~';
    key += sha256_hex(name).substr(0, kHashDigits);
    return key;
}

}  // namespace zdbackup
