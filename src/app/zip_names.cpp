#include <zdbackup/app/zip_names.hpp>

#include <algorithm>
#include <cctype>

namespace zdbackup {

namespace {

constexpr std::string_view kPrefix = "zendesk_backup_";

/// YYYY-MM-DD
bool is_date(std::string_view s) {
    if (s.size() != 10) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool digit = std::isdigit(static_cast<unsigned char>(s[i])) != 0;
        if ((i == 4 || i == 7) ? s[i] != '-' : !digit) return false;
    }
    return true;
}

}  // namespace

std::string zip_file_name(std::string_view label, std::string_view date, bool partial) {
    std::string name(kPrefix);
    if (!label.empty()) name.append(label).append("_");
    return name.append(date).append(partial ? "_partial.zip" : ".zip");
}

bool in_zip_family(std::string_view name, std::string_view label, bool partial) {
    // Compared piece by piece, never by pattern: a label is data, and "a" must not match "a_b"'s zips.
    const std::string head = std::string(kPrefix) + (label.empty() ? "" : std::string(label) + "_");
    const std::string_view tail = partial ? "_partial.zip" : ".zip";
    if (!name.starts_with(head) || !name.ends_with(tail)) return false;
    return is_date(name.substr(head.size(), name.size() - head.size() - tail.size()));
}

}  // namespace zdbackup
