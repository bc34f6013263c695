#include <zdbackup/app/cli.hpp>

namespace zdbackup {

std::string version_text() {
    return std::string("zdbackup ") + ZDB_VERSION;
}

std::string help_text() {
    return R"(NAME
    zdbackup - back up a Zendesk instance into one verifiable zip per run

SYNOPSIS
    zdbackup backup [--config FILE [--instance NAME]] [options]
    zdbackup status [--config FILE [--instance NAME] | --cache-dir DIR | --subdomain NAME]
                    [--json] [--max-age HOURS]
    zdbackup verify ZIP
    zdbackup --help | --version

DESCRIPTION
    backup   Backs up tickets (with every comment), users, organizations, Guide (every locale,
             drafts included), the support configuration and every attachment file into one
             complete snapshot zip. The first run downloads everything; later runs continue the
             exports from where the last one stopped and fetch only what changed (comments only of
             changed tickets, attachment files never twice), then write a complete zip from the
             cache. An interrupted run (Ctrl-C, kill, power cut, network or disk failure) is resumed
             by running the same command again. --full refetches everything.
    status   Says how the last backup of a cache went, without credentials and without disturbing
             a run in progress: when the last successful backup finished, its zip and size, its
             counts, the last failed attempt (when and why), and whether a run holds the cache now
             (its pid). Chooses the cache the way backup does.
    verify   Re-hashes every entry of ZIP against its manifest.json; exits 0 only if it is intact.

    Every option can also be set by the environment variable shown, and most in a configuration
    file (below). Precedence: a flag beats the environment, which beats the file (the instance's
    own settings, then "defaults"), which beats the default.

CONNECTION
    --subdomain NAME       [ZENDESK_SUBDOMAIN]   the instance https://NAME.zendesk.com
    --base-url URL         [ZENDESK_BASE_URL]    https URL overriding the subdomain (proxy, mock
                                                 server), e.g. https://127.0.0.1:8443
    --email EMAIL          [ZENDESK_EMAIL]       API-token authentication: the admin's email ...
    --api-token TOKEN      [ZENDESK_API_TOKEN]   ... and the API token
    --oauth-token TOKEN    [ZENDESK_OAUTH_TOKEN] OAuth authentication (instead of email + API token)
    --ca-file FILE         [ZENDESK_CA_FILE]     extra trusted CA certificate(s), PEM; certificate
                                                 verification is never switched off
    --timeout SECONDS                            deadline for each network step (default 60)

STORAGE
    --cache-dir DIR        [LOCAL_CACHE_PATH]    local cache (default: the per-user cache directory
                                                 + zdbackup/<instance>: $XDG_CACHE_HOME or ~/.cache
                                                 on Linux, ~/Library/Caches on macOS,
                                                 %LOCALAPPDATA% on Windows)
    --backup-dir DIR       [BACKUP_PATH]         where the finished zip is copied, atomically
                                                 (default: only the cache keeps it)
    --keep N                                     keep the N newest zips of this instance in the
                                                 backup dir, delete its older ones (complete and
                                                 --only/--skip zips counted apart; default 0:
                                                 keep all)

WHAT TO BACK UP
    --full                                       ignore saved cursors and refetch everything
                                                 (attachments already cached are reused)
    --only KINDS                                 back up only these kinds (comma list)
    --skip KINDS                                 leave out these kinds (comma list)
                                                 kinds: tickets, users, organizations, guide,
                                                 support_assets, attachments
    --no-attachments                             do not download attachment files
    --comments-from auto|events|tickets          where ticket comments come from (default auto):
                                                 "events" reads them in bulk from the ticket
                                                 events export (1,000 per request, on the export
                                                 budget), "tickets" asks for each changed ticket's
                                                 comments (one request per ticket, on the account
                                                 budget), "auto" uses both at once, the newest
                                                 tickets from events, so both budgets finish
                                                 together; later runs take new comments from
                                                 events. The zip is the same either way.

CONFIGURATION FILE
    --config FILE                                JSON file with one or several instances (below)
    --instance NAME                              run (or report on) only this instance of FILE;
                                                 without it every instance runs, one after another
    Example (comments and trailing commas are allowed):
        {"defaults":  {"backup_dir": "D:/OneDrive/Zendesk", "keep": 14,
                       "summary_json": "D:/monitoring/zendesk-{instance}.json"},
         "instances": {"acme":   {"subdomain": "acme", "email": "admin@acme.com",
                                  "api_token_env": "ACME_ZENDESK_TOKEN"},
                       "globex": {"base_url": "https://globex.example",
                                  "oauth_token_file": "C:/secrets/globex.token"}}}
    Keys (in "defaults" or an instance): email, cache_dir, backup_dir, ca_file, summary_json,
    keep, batch_size, concurrency, max_retries, timeout, rate_limit, export_rate_limit,
    comments_from (auto, events or tickets), only,
    skip (lists of kinds), no_attachments (true/false). Only in an instance: subdomain, base_url,
    and the credentials, by reference only: api_token_env / oauth_token_env (the name of an
    environment variable holding the token) or api_token_file / oauth_token_file (a file holding
    it). A token written in the file, or an unknown key, is an error. Relative paths are taken
    from the file's folder. --full, --quiet and --verbose are flags only.
    Each instance has its own cache, lock and state: by default the per-user cache directory +
    zdbackup/<host>; a cache_dir given for every instance (--cache-dir, LOCAL_CACHE_PATH or
    "defaults") is their root, each using <cache_dir>/<NAME>. When the file lists several
    instances their zips are named zendesk_backup_<NAME>_YYYY-MM-DD.zip, and --keep counts and
    deletes only that instance's zips. One instance failing does not stop the others; Ctrl-C
    stops them all. With several instances, --subdomain, --base-url, --email, --api-token,
    --oauth-token and their ZENDESK_* variables are refused (they would apply to every
    instance): unset them or pass --instance.

MONITORING
    --summary-json FILE                          after each run, success or not, write its result
                                                 there atomically: status (ok, failed,
                                                 interrupted), exit_code, error, instance, mode,
                                                 started_at, finished_at, wall_seconds, per kind
                                                 and in total records, downloaded, from_cache,
                                                 bytes, requests, retries, 429s; the zip's path,
                                                 size and SHA-256; warnings, skipped kinds.
                                                 "{instance}" in FILE becomes the instance's name
                                                 (required when several instances run)
    status options:
    --json                                       print a JSON array, one object per cache
    --max-age HOURS                              a last success older than this exits 10

PERFORMANCE
    --concurrency N                              parallel HTTPS sessions, 1-64 (default 16)
    --rate-limit RPM                             account requests per minute (default: learn from
                                                 the X-Rate-Limit header, starting at 200)
    --export-rate-limit RPM                      incremental export requests per minute (default
                                                 10; 30 with the High Volume API add-on)
    --batch-size N                               records per batch handed to the writer (default 100)
    --max-retries N                              attempts per request before giving up (default 8)

OUTPUT
    --quiet                                      errors and the final summary only
    --verbose                                    more detail, including every retry
    --help                                       show this text
    --version                                    show the version

EXAMPLES
    Daily backup with an API token, zip copied to a synced folder:
        export ZENDESK_EMAIL=admin@acme.com ZENDESK_API_TOKEN=...
        zdbackup backup --subdomain acme --backup-dir ~/OneDrive/zendesk --keep 30

    Refetch everything except attachments:
        zdbackup backup --subdomain acme --full --no-attachments

    Only tickets and users, through a proxy with its own CA:
        zdbackup backup --base-url https://zendesk-proxy.corp:8443 --ca-file corp-ca.pem \
                        --only tickets,users

    Every instance of a configuration file, each result for the monitoring system:
        zdbackup backup --config ~/zdbackup.json --summary-json ~/zd-{instance}.json

    Has the nightly backup of acme worked within the last 26 hours?
        zdbackup status --config ~/zdbackup.json --instance acme --max-age 26

    Check a snapshot:
        zdbackup verify ~/OneDrive/zendesk/zendesk_backup_2024-05-01.zip

EXIT STATUS
    0    success (warnings allowed)
    1    failure not covered below
    2    bad command line or configuration
    3    authentication failed: credentials rejected or the user is not an admin
    4    network: cannot reach or trust the server
    5    API: Zendesk kept failing or sent data that cannot be used
    6    local I/O: disk full, permission denied, cache unusable
    7    verify found a damaged or incomplete zip
    8    status: no cache, or no backup has succeeded in it yet
    9    status: the last attempt failed, or did not finish (killed) and no run holds the cache
    10   status: the last success is older than --max-age
    130  interrupted (SIGINT/SIGTERM); run the same command again to resume
    With several instances, backup exits with the code of the first instance that failed and
    ends with a line naming every failed one; status exits with the first non-zero verdict.
)";
}

}  // namespace zdbackup
