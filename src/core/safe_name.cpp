#include <zdbackup/core/safe_name.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace zdbackup {

namespace {

constexpr std::string_view kForbidden = "<>:\"|?*/\\";
constexpr char kReplacement = '_';

/// Length of the UTF-8 sequence starting at `s[i]`, or 0 when it is not valid UTF-8.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char lead = byte(i);
    std::size_t length = 0;
    if (lead < 0x80) return 1;
    if (lead >= 0xC2 && lead <= 0xDF)
        length = 2;
    else if (lead >= 0xE0 && lead <= 0xEF)
        length = 3;
    else if (lead >= 0xF0 && lead <= 0xF4)
        length = 4;
    else
        return 0;
    if (i + length > s.size()) return 0;
    for (std::size_t k = 1; k < length; ++k)
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
    // Overlong forms, surrogates and code points past U+10FFFF.
    if (lead == 0xE0 && byte(i + 1) < 0xA0) return 0;
    if (lead == 0xED && byte(i + 1) >= 0xA0) return 0;
    if (lead == 0xF0 && byte(i + 1) < 0x90) return 0;
    if (lead == 0xF4 && byte(i + 1) >= 0x90) return 0;
    return length;
}

/// Valid UTF-8 with every unsafe character replaced.
std::string replace_unsafe(std::string_view name) {
    std::string out;
    out.reserve(name.size());
    for (std::size_t i = 0; i < name.size();) {
        const std::size_t length = utf8_sequence_length(name, i);
        if (length == 0) {
            out += kReplacement;
            ++i;
            continue;
        }
        if (length == 1) {
            const unsigned char c = static_cast<unsigned char>(name[i]);
            const bool unsafe =
                c < 0x20 || c == 0x7F || kForbidden.find(static_cast<char>(c)) != std::string_view::npos;
            out += unsafe ? kReplacement : static_cast<char>(c);
        } else if (length == 2 && static_cast<unsigned char>(name[i]) == 0xC2 &&
                   static_cast<unsigned char>(name[i + 1]) < 0xA0) {
            out += kReplacement;  // U+0080-U+009F: the C1 control characters (NEL, CSI, ...)
        } else {
            out.append(name.substr(i, length));
        }
        i += length;
    }
    return out;
}

std::string upper_ascii(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::toupper(c); });
    return out;
}

/// Windows refuses these as file names whatever the extension ("con.txt" too).
bool is_device_name(std::string_view name) {
    const std::string base = upper_ascii(name.substr(0, name.find('.')));
    // Windows also strips trailing spaces before comparing ("CON .txt").
    const std::string trimmed = base.substr(0, base.find_last_not_of(' ') + 1);
    static constexpr std::array kDevices{"CON", "PRN", "AUX", "NUL"};
    if (std::find(kDevices.begin(), kDevices.end(), trimmed) != kDevices.end()) return true;
    return trimmed.size() == 4 && (trimmed.starts_with("COM") || trimmed.starts_with("LPT")) &&
           trimmed[3] >= '1' && trimmed[3] <= '9';
}

/// Cuts to `limit` bytes at a character boundary, keeping a short extension when there is one.
std::string truncate_utf8(const std::string& name, std::size_t limit) {
    if (name.size() <= limit) return name;
    std::string extension;
    const auto dot = name.rfind('.');
    if (dot != std::string::npos && dot > 0 && name.size() - dot <= 16) extension = name.substr(dot);
    std::size_t keep = limit - extension.size();
    // Step back to the start of a character: continuation bytes are 10xxxxxx.
    while (keep > 0 && (static_cast<unsigned char>(name[keep]) & 0xC0) == 0x80) --keep;
    return name.substr(0, keep) + extension;
}

void strip_trailing_dots_and_spaces(std::string& name) {
    while (!name.empty() && (name.back() == '.' || name.back() == ' ')) name.pop_back();
}

}  // namespace

std::string safe_file_name(std::string_view original) {
    std::string name = replace_unsafe(original);
    strip_trailing_dots_and_spaces(name);  // also turns "." and ".." into ""
    name = truncate_utf8(name, kMaxSafeNameBytes);
    strip_trailing_dots_and_spaces(name);  // the cut may end on one
    if (name.empty()) return std::string(kFallbackName);
    // Checked on the cut name: cutting "CON" + spaces + a long tail leaves a device name.
    if (is_device_name(name)) {
        name.insert(0, 1, kReplacement);
        // The prefix may make it 256 bytes; cut again (a name starting with "_" is no device).
        name = truncate_utf8(name, kMaxSafeNameBytes);
        strip_trailing_dots_and_spaces(name);
    }
    return name;
}

}  // namespace zdbackup
