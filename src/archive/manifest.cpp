#include <zdbackup/archive/manifest.hpp>
#include <zdbackup/platform/calendar_time.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <ctime>

namespace zdbackup {
namespace {

namespace json = boost::json;

class ManifestCategory : public boost::system::error_category {
  public:
    const char* name() const noexcept override { return "zdbackup.manifest"; }
    std::string message(int value) const override {
        switch (static_cast<ManifestError>(value)) {
            case ManifestError::unsupported_format:
                return "unsupported manifest format";
            case ManifestError::invalid_mode:
                return "mode is neither \"full\" nor \"incremental\"";
            case ManifestError::invalid_sha256:
                return "an entry's sha256 is not 64 lowercase hex digits";
        }
        return "unknown manifest error";
    }
};

bool is_sha256_hex(std::string_view s) {
    return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

/// Containers at the top two levels go over several lines; anything deeper stays on one line, which
/// keeps a million-entry manifest at one line per entry.
void write_pretty(std::string& out, const json::value& value, int depth) {
    const std::string indent(static_cast<std::size_t>(depth) * 2, ' ');
    const std::string inner(static_cast<std::size_t>(depth + 1) * 2, ' ');
    if (depth < 2 && value.is_object() && !value.get_object().empty()) {
        out += "{\n";
        bool first = true;
        for (const auto& [key, member] : value.get_object()) {
            if (!first) out += ",\n";
            first = false;
            out += inner + json::serialize(json::string_view(key)) + ": ";
            write_pretty(out, member, depth + 1);
        }
        out += "\n" + indent + "}";
    } else if (depth < 2 && value.is_array() && !value.get_array().empty()) {
        out += "[\n";
        bool first = true;
        for (const auto& element : value.get_array()) {
            if (!first) out += ",\n";
            first = false;
            out += inner;
            write_pretty(out, element, depth + 1);
        }
        out += "\n" + indent + "]";
    } else {
        out += json::serialize(value);
    }
}

}  // namespace

const boost::system::error_category& manifest_category() noexcept {
    static const ManifestCategory category;
    return category;
}

std::string to_json(const Manifest& manifest) {
    std::string out;
    write_pretty(out, json::value_from(manifest), 0);
    out += '\n';
    return out;
}

boost::system::result<Manifest> parse_manifest(std::string_view text) {
    boost::system::error_code ec;
    const json::value value = json::parse(json::string_view(text.data(), text.size()), ec);
    if (ec) return ec;
    auto manifest = json::try_value_to<Manifest>(value);
    if (!manifest) return manifest.error();
    if (manifest->format != manifest_format) return ManifestError::unsupported_format;
    if (manifest->mode != "full" && manifest->mode != "incremental") return ManifestError::invalid_mode;
    for (const auto& entry : manifest->entries)
        if (!is_sha256_hex(entry.sha256)) return ManifestError::invalid_sha256;
    return manifest;
}

std::string iso8601_utc(std::chrono::system_clock::time_point time) {
    const std::time_t seconds =
        std::chrono::system_clock::to_time_t(std::chrono::time_point_cast<std::chrono::seconds>(time));
    const std::tm utc = platform::utc_time(seconds);
    char buffer[32];
    const std::size_t n = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return std::string(buffer, n);
}

}  // namespace zdbackup
