#include <zdbackup/zendesk/resource.hpp>

#include <array>

namespace zdbackup {

namespace {

// Exports start at 0 (the whole account) and ask for the largest page Zendesk allows.
constexpr std::array kResources{
    Resource{"tickets", "tickets", "/api/v2/incremental/tickets/cursor.json", "tickets",
             Pagination::cursor_export, Bucket::incremental_export, "start_time=0&per_page=1000",
             Enrichment::ticket_comments},
    Resource{"users", "users", "/api/v2/incremental/users/cursor.json", "users", Pagination::cursor_export,
             Bucket::incremental_export, "start_time=0&per_page=1000"},
    Resource{"organizations", "organizations", "/api/v2/incremental/organizations.json", "organizations",
             Pagination::time_export, Bucket::incremental_export, "start_time=0&per_page=1000"},
};

constexpr std::array<std::string_view, 3> kUnsupported{"guide", "support_assets", "attachments"};

}  // namespace

std::span<const Resource> resource_table() {
    return kResources;
}

std::span<const std::string_view> unsupported_kinds() {
    return kUnsupported;
}

}  // namespace zdbackup
