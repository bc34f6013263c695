// Base URL, instance name and default cache directory: the parts of the command line that depend
// on URLs and the platform.

#include <zdbackup/app/cli.hpp>

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <cctype>
#include <fstream>
#include <sstream>

namespace zdbackup {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::optional<std::string> non_empty(const EnvLookup& env, std::string_view name) {
    auto v = env(name);
    if (v && v->empty()) v.reset();
    return v;
}

}  // namespace

std::optional<std::string> normalize_base_url(std::string_view text) {
    const auto parsed = boost::urls::parse_absolute_uri(text);
    if (!parsed) return std::nullopt;
    const boost::urls::url_view& u = *parsed;
    if (u.scheme_id() != boost::urls::scheme::https) return std::nullopt;
    if (!u.has_authority() || u.encoded_host().empty() || u.has_userinfo()) return std::nullopt;
    if (u.has_query() || u.has_fragment()) return std::nullopt;
    if (!u.encoded_path().empty() && u.encoded_path() != "/") return std::nullopt;
    if (u.has_port() && (u.port().empty() || u.port_number() == 0)) return std::nullopt;
    return "https://" + lower(u.encoded_host_and_port());
}

std::string instance_name(std::string_view base_url) {
    const auto parsed = boost::urls::parse_absolute_uri(base_url);
    if (!parsed) return "instance";
    std::string name = lower(parsed->encoded_host());
    if (parsed->has_port() && !parsed->port().empty()) name += "_" + std::string(parsed->port());
    // IPv6 literals ("[::1]") and percent-escapes are not portable in file names.
    for (char& c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
        if (!ok) c = '_';
    }
    if (name.empty() || name.find_first_not_of('.') == std::string::npos) return "instance";
    return name;
}

std::filesystem::path default_cache_root(const EnvLookup& env) {
#ifdef _WIN32
    if (const auto local = non_empty(env, "LOCALAPPDATA")) return std::filesystem::path(*local);
    throw UsageError(
        "cannot find the cache directory: %LOCALAPPDATA% is not set; use --cache-dir or LOCAL_CACHE_PATH");
#else
#ifndef __APPLE__
    // The XDG spec says a relative $XDG_CACHE_HOME is invalid and must be ignored.
    if (const auto xdg = non_empty(env, "XDG_CACHE_HOME"); xdg && std::filesystem::path(*xdg).is_absolute())
        return std::filesystem::path(*xdg);
#endif
    const auto home = non_empty(env, "HOME");
    if (!home)
        throw UsageError(
            "cannot find the cache directory: $HOME is not set; use --cache-dir or LOCAL_CACHE_PATH");
#ifdef __APPLE__
    return std::filesystem::path(*home) / "Library" / "Caches";
#else
    return std::filesystem::path(*home) / ".cache";
#endif
#endif
}

std::optional<FileContents> read_local_file(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) return std::nullopt;
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) return std::nullopt;
    FileContents contents{text.str(), false};
#ifndef _WIN32
    // Windows protects files with ACLs, which std::filesystem does not show (it reports every file as
    // readable by all): the check would warn about every file there, so it is made on POSIX only.
    using std::filesystem::perms;
    const perms p = std::filesystem::status(file, ec).permissions();
    contents.readable_by_others = !ec && (p & (perms::group_read | perms::others_read)) != perms::none;
#endif
    return contents;
}

}  // namespace zdbackup
