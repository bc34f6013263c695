#pragma once
// The resource table: every kind of record the backup fetches is one row here, not a new loop.

#include <zdbackup/core/page.hpp>
#include <zdbackup/core/rate_limiter.hpp>

#include <span>
#include <string_view>

namespace zdbackup {

/// Work done per item after its page arrives.
enum class Enrichment {
    none,
    ticket_comments,  ///< add "comments": every comment of the ticket, oldest first
};

struct Resource {
    std::string_view kind;       ///< command-line kind (--only/--skip) and log name
    std::string_view name;       ///< manifest counts key and zip folder, e.g. "support_assets/macros"
    std::string_view path;       ///< API path
    std::string_view items_key;  ///< JSON key of the item array
    Pagination pagination;
    Bucket bucket;
    std::string_view first_query;  ///< query of the first request
    Enrichment enrichment = Enrichment::none;
};

/// Every resource zdbackup knows, in the order streams start.
std::span<const Resource> resource_table();

/// Kinds of the contract that this version does not back up yet (reported as skipped).
std::span<const std::string_view> unsupported_kinds();

}  // namespace zdbackup
