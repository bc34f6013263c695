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
    ticket_comments,  ///< add "comments" (every comment, oldest first) and queue their attachments
    article_details,  ///< add "translations" and queue the article's attachments
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
    /// A 403/404 on the first page means the plan or role lacks it: skipped with a warning, not fatal.
    bool optional = false;
    /// The item field that names its entry (`<name>/<key>.json`); "id" except for tags.
    std::string_view key_field = "id";
    /// Exports: query parameters every request carries besides the position (e.g. "&include=...").
    std::string_view every_query = {};
};

/// Every resource zdbackup knows, in the order streams start.
std::span<const Resource> resource_table();

}  // namespace zdbackup
