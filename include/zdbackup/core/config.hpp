#pragma once
// Everything a backup run is told from outside, in one aggregate. Built only by
// parse_command_line (app/cli.hpp), with precedence flag > environment > config file > default.

#include <array>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>

namespace zdbackup {

/// How much the console shows.
enum class Verbosity { quiet, normal, verbose };

/// The kinds of records a run can back up, in the order runs process them.
inline constexpr std::array<std::string_view, 6> all_kinds{"tickets", "users",          "organizations",
                                                           "guide",   "support_assets", "attachments"};

/// One backup run's configuration. Holds credentials: never log or print it whole.
/// Where ticket comments come from (--comments-from).
enum class CommentSource {
    automatic,   ///< both at once: the events export for the newest tickets, per ticket for the rest
    events,      ///< the ticket events export only (fewest requests, on the export budget)
    per_ticket,  ///< /tickets/{id}/comments for every changed ticket (on the account budget)
};

struct Config {
    /// https://NAME.zendesk.com, or --base-url without a trailing slash; never empty after parsing.
    std::string base_url;
    /// API-token auth (with api_token); empty in OAuth mode.
    std::string email;
    /// API-token auth (with email); empty in OAuth mode.
    std::string api_token;
    /// OAuth bearer token; empty in API-token mode. Exactly one auth mode is set.
    std::string oauth_token;
    /// Local cache; never empty after parsing (default: platform cache dir + zdbackup/<instance>).
    std::filesystem::path cache_dir;
    /// Where the finished zip is copied; empty = only the cache keeps the zip.
    std::filesystem::path backup_dir;
    /// Extra trusted CA certificates (PEM); empty = system trust store only.
    std::filesystem::path ca_file;
    /// Records per batch handed to the writer (1..100000).
    std::size_t batch_size = 100;
    /// Parallel HTTPS sessions (1..64).
    int concurrency = 16;
    /// Account requests per minute; 0 = learn from X-Rate-Limit, starting at 200.
    double rate_limit_rpm = 0;
    /// Incremental-export requests per minute: 10, or 30 with the High Volume add-on.
    double export_rate_limit_rpm = 10;
    /// true = ignore saved cursors and refetch everything (cached attachments are reused).
    bool full = false;
    /// Enabled kinds (subset of all_kinds) after --only / --skip / --no-attachments; never empty.
    std::set<std::string> kinds{all_kinds.begin(), all_kinds.end()};
    /// Keep the N newest zips in backup_dir; 0 = keep all.
    int keep = 0;
    /// Console verbosity.
    Verbosity verbosity = Verbosity::normal;
    /// Failures after which a request is given up (0 = never retry).
    int max_retries = 8;
    /// Where ticket comments come from.
    CommentSource comments_from = CommentSource::automatic;
    /// Deadline for each network step of a request.
    std::chrono::seconds request_timeout{60};
    /// The instance's name: its key in --config, else derived from the host (instance_name()). Never a
    /// secret; names the run in summaries and messages.
    std::string instance;
    /// Set when this instance of a config file cannot run (a token variable unset, a token file missing):
    /// why. The other instances of the command still run; this one fails with exit 2.
    std::string unusable;
    /// Goes into the zip's name, zendesk_backup_<label>_DATE.zip, so that instances sharing a backup
    /// folder keep apart; empty = zendesk_backup_DATE.zip. The instance's name when --config lists several.
    std::string zip_label;
    /// Where the run's summary JSON goes ({instance} already replaced); empty = none.
    std::filesystem::path summary_json;
};

}  // namespace zdbackup
