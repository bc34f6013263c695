#include <zdbackup/zendesk/resource.hpp>

#include <array>

namespace zdbackup {

namespace {

// Exports start at 0 (the whole account) and ask for the largest page Zendesk allows; lists ask for
// cursor pages of 100 (endpoints without cursor pagination ignore page[size] and answer one page).
constexpr std::string_view kExportStart = "start_time=0&per_page=1000";
constexpr std::string_view kCursorPages = "page%5Bsize%5D=100";

constexpr Resource support(std::string_view name, std::string_view path, std::string_view items_key,
                           std::string_view key_field = "id") {
    return Resource{
        "support_assets", name, path,     items_key, Pagination::cursor_list, Bucket::account, kCursorPages,
        Enrichment::none, true, key_field};
}

constexpr Resource guide(std::string_view name, std::string_view path, std::string_view items_key,
                         Enrichment enrichment = Enrichment::none) {
    return Resource{"guide",      name,       path, items_key, Pagination::cursor_list, Bucket::help_center,
                    kCursorPages, enrichment, true};
}

constexpr std::array kResources{
    Resource{"tickets", "tickets", "/api/v2/incremental/tickets/cursor.json", "tickets",
             Pagination::cursor_export, Bucket::incremental_export, kExportStart,
             Enrichment::ticket_comments},
    Resource{"users", "users", "/api/v2/incremental/users/cursor.json", "users", Pagination::cursor_export,
             Bucket::incremental_export, kExportStart},
    Resource{"organizations", "organizations", "/api/v2/incremental/organizations.json", "organizations",
             Pagination::time_export, Bucket::incremental_export, kExportStart},

    guide("guide_articles/categories", "/api/v2/help_center/categories.json", "categories"),
    guide("guide_articles/sections", "/api/v2/help_center/sections.json", "sections"),
    guide("guide_articles", "/api/v2/help_center/articles.json", "articles", Enrichment::article_details),

    support("support_assets/groups", "/api/v2/groups.json", "groups"),
    support("support_assets/group_memberships", "/api/v2/group_memberships.json", "group_memberships"),
    support("support_assets/organization_memberships", "/api/v2/organization_memberships.json",
            "organization_memberships"),
    support("support_assets/macros", "/api/v2/macros.json", "macros"),
    support("support_assets/triggers", "/api/v2/triggers.json", "triggers"),
    support("support_assets/trigger_categories", "/api/v2/trigger_categories.json", "trigger_categories"),
    support("support_assets/automations", "/api/v2/automations.json", "automations"),
    support("support_assets/views", "/api/v2/views.json", "views"),
    support("support_assets/ticket_fields", "/api/v2/ticket_fields.json", "ticket_fields"),
    support("support_assets/user_fields", "/api/v2/user_fields.json", "user_fields"),
    support("support_assets/organization_fields", "/api/v2/organization_fields.json", "organization_fields"),
    support("support_assets/ticket_forms", "/api/v2/ticket_forms.json", "ticket_forms"),
    support("support_assets/brands", "/api/v2/brands.json", "brands"),
    support("support_assets/sla_policies", "/api/v2/slas/policies.json", "sla_policies"),
    support("support_assets/group_sla_policies", "/api/v2/group_slas/policies.json", "group_sla_policies"),
    support("support_assets/custom_statuses", "/api/v2/custom_statuses.json", "custom_statuses"),
    support("support_assets/dynamic_content", "/api/v2/dynamic_content/items.json", "items"),
    support("support_assets/schedules", "/api/v2/business_hours/schedules.json", "schedules"),
    support("support_assets/custom_roles", "/api/v2/custom_roles.json", "custom_roles"),
    support("support_assets/targets", "/api/v2/targets.json", "targets"),
    support("support_assets/recipient_addresses", "/api/v2/recipient_addresses.json", "recipient_addresses"),
    support("support_assets/webhooks", "/api/v2/webhooks.json", "webhooks"),
    support("support_assets/tags", "/api/v2/tags.json", "tags", "name"),
};

}  // namespace

std::span<const Resource> resource_table() {
    return kResources;
}

}  // namespace zdbackup
