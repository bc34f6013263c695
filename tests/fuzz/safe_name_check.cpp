// safe_file_name against contract §4, checked with code written apart from safe_name.cpp so a
// shared mistake is unlikely: the output is always a safe name, a safe input comes back unchanged,
// and applying it twice changes nothing.

#include "checks.hpp"
#include "property.hpp"

#include <zdbackup/core/safe_name.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace zdbackup::fuzz {
namespace {

/// The code points of `s`, or nullopt unless it is valid UTF-8 (shortest form, no surrogates,
/// nothing past U+10FFFF).
std::optional<std::vector<char32_t>> decode_utf8(std::string_view s) {
    std::vector<char32_t> out;
    for (std::size_t i = 0; i < s.size();) {
        const auto b0 = static_cast<unsigned char>(s[i]);
        const std::size_t n = b0 < 0x80           ? 1
                              : (b0 >> 5) == 0x6  ? 2
                              : (b0 >> 4) == 0xE  ? 3
                              : (b0 >> 3) == 0x1E ? 4
                                                  : 0;
        if (n == 0 || i + n > s.size()) return std::nullopt;
        char32_t cp = n == 1 ? b0 : b0 & (0x7F >> n);
        for (std::size_t k = 1; k < n; ++k) {
            const auto b = static_cast<unsigned char>(s[i + k]);
            if ((b & 0xC0) != 0x80) return std::nullopt;
            cp = (cp << 6) | (b & 0x3F);
        }
        static constexpr std::array<char32_t, 5> kSmallest{0, 0, 0x80, 0x800, 0x10000};
        if (cp < kSmallest[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
        out.push_back(cp);
        i += n;
    }
    return out;
}

/// Unicode's control characters (general category Cc): C0, DEL and C1.
bool is_control(char32_t cp) {
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

bool is_forbidden(char32_t cp) {
    return cp < 0x80 && std::string_view("/\\<>:\"|?*").find(static_cast<char>(cp)) != std::string_view::npos;
}

/// CON, PRN, AUX, NUL, COM1-9, LPT1-9, in any case, alone or before an extension; Windows ignores
/// spaces at the end of the part before the first dot ("CON .txt").
bool is_device_name(std::string_view name) {
    std::string base(name.substr(0, name.find('.')));
    while (!base.empty() && base.back() == ' ') base.pop_back();
    for (char& c : base)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (base == "CON" || base == "PRN" || base == "AUX" || base == "NUL") return true;
    return base.size() == 4 && (base.starts_with("COM") || base.starts_with("LPT")) && base[3] >= '1' &&
           base[3] <= '9';
}

/// Every rule of contract §4 for a safe name; `why` names the first rule broken.
bool is_safe(std::string_view name, const char** why = nullptr) {
    const auto fail = [&](const char* rule) {
        if (why) *why = rule;
        return false;
    };
    if (name.empty()) return fail("empty");
    if (name.size() > kMaxSafeNameBytes) return fail("longer than 255 bytes");
    const auto cps = decode_utf8(name);
    if (!cps) return fail("not valid UTF-8");
    if (std::any_of(cps->begin(), cps->end(), is_control)) return fail("a control character");
    if (std::any_of(cps->begin(), cps->end(), is_forbidden)) return fail("one of / \\ < > : \" | ? *");
    // No separators are left, so the whole name is the only path component.
    if (name == "." || name == "..") return fail("a . or .. component");
    if (name.back() == '.' || name.back() == ' ') return fail("ends in a dot or space");
    if (is_device_name(name)) return fail("a Windows device name");
    return true;
}

}  // namespace

void check_safe_name(std::string_view input) {
    const std::string out = safe_file_name(input);
    const char* why = "";
    if (!is_safe(out, &why))
        violated(std::string("safe_file_name output is unsafe: ") + why, __FILE__, __LINE__);
    ZDB_REQUIRE(safe_file_name(out) == out);  // idempotent
    // Only what is unsafe changes: a name that is already safe is kept byte for byte.
    if (is_safe(input)) ZDB_REQUIRE(out == input);
}

}  // namespace zdbackup::fuzz
