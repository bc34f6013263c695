#pragma once
// File names from Zendesk (attachment file_name) made safe to use as one path component on every
// platform our users restore to, Windows and OneDrive included. The original name stays in the JSON.

#include <string>
#include <string_view>

namespace zdbackup {

inline constexpr std::size_t kMaxSafeNameBytes = 255;
inline constexpr std::string_view kFallbackName = "attachment";

/// The name with: no `/`, `\`, NUL or control characters, none of `<>:"|?*` (each becomes `_`);
/// invalid UTF-8 bytes replaced; no trailing dots or spaces; not `.` or `..`; not a Windows device
/// name (CON, PRN, AUX, NUL, COM1–9, LPT1–9, with or without extension: prefixed with `_`); at most
/// 255 bytes of valid UTF-8 (cut at a character boundary, keeping a short extension); never empty.
std::string safe_file_name(std::string_view name);

}  // namespace zdbackup
