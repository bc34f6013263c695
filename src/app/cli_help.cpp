#include <zdbackup/app/cli.hpp>

namespace zdbackup {

std::string version_text() {
    return std::string("zdbackup ") + ZDB_VERSION;
}

std::string help_text() {
    return R"(NAME
    zdbackup - back up a Zendesk instance into one verifiable zip per run

SYNOPSIS
    zdbackup backup [options]
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
    verify   Re-hashes every entry of ZIP against its manifest.json; exits 0 only if it is intact.

    Every option can also be set by the environment variable shown; a flag beats the environment,
    which beats the default.

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
    --keep N                                     keep the N newest zendesk_backup_*.zip in the
                                                 backup dir, delete older ones (default 0: keep all)

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
    130  interrupted (SIGINT/SIGTERM); run the same command again to resume
)";
}

}  // namespace zdbackup
