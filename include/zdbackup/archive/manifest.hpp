#pragma once
// manifest.json, the last entry of every snapshot zip (contract §4): what the run was and the size and
// SHA-256 of every other entry.

#include <zdbackup/archive/zip_writer.hpp>

#include <boost/describe/class.hpp>
#include <boost/system/result.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace zdbackup {

/// A kind the run could not back up (plan or role lacks it), with the reason shown to the user.
struct SkippedKind {
    std::string kind;
    std::string reason;
};

struct Manifest {
    std::string format = "zdbackup/1";
    std::string tool_version;
    std::string source;                           ///< base URL of the instance
    std::string started_at;                       ///< ISO-8601 UTC, e.g. 2026-12-03T15:01:56Z
    std::string finished_at;                      ///< ISO-8601 UTC
    std::string mode;                             ///< "full" | "incremental"
    std::map<std::string, std::uint64_t> counts;  ///< records per kind
    std::vector<SkippedKind> skipped;
    std::vector<EntryDigest> entries;  ///< every entry of the zip except manifest.json
};

BOOST_DESCRIBE_STRUCT(EntryDigest, (), (path, size, sha256))
BOOST_DESCRIBE_STRUCT(SkippedKind, (), (kind, reason))
BOOST_DESCRIBE_STRUCT(Manifest, (),
                      (format, tool_version, source, started_at, finished_at, mode, counts, skipped, entries))

/// The format string this build writes and accepts.
inline constexpr std::string_view manifest_format = "zdbackup/1";

/// Serialises with keys in declaration order: one top-level key per line and one entry per line, so a
/// person can read and diff it.
std::string to_json(const Manifest& manifest);

/// Parses and validates a manifest.
/// Errors: Boost.JSON codes for malformed JSON, wrong types, missing or unexpected keys; ManifestError
/// codes for an unsupported format, an unknown mode or a digest that is not 64 lowercase hex digits.
boost::system::result<Manifest> parse_manifest(std::string_view json);

/// `time` as ISO-8601 UTC with second precision, e.g. "2026-12-03T15:01:56Z".
std::string iso8601_utc(std::chrono::system_clock::time_point time);

/// Validation failures of parse_manifest beyond JSON shape.
enum class ManifestError { unsupported_format = 1, invalid_mode, invalid_sha256 };

const boost::system::error_category& manifest_category() noexcept;

inline boost::system::error_code make_error_code(ManifestError e) noexcept {
    return {static_cast<int>(e), manifest_category()};
}

}  // namespace zdbackup

template <>
struct boost::system::is_error_code_enum<zdbackup::ManifestError> : std::true_type {};
