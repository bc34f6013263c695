// Support configuration objects (zendesk-api.md §7): one data-driven row per kind, one item generator.
#include <algorithm>
#include <array>

#include "zdmock/dataset.hpp"
#include "zdmock/dataset_text.hpp"
#include "zdmock/json_writer.hpp"
#include "zdmock/rng.hpp"
#include "zdmock/time_format.hpp"

namespace zdmock {
namespace {

constexpr std::uint64_t kSupport = 301;
constexpr std::string_view kHost = "https://zdmock.zendesk.com";

/// What an item of a kind carries beyond id, url and timestamps.
enum class Shape {
    named,
    membership_group,
    membership_org,
    rule,
    field,
    form,
    brand,
    sla,
    status,
    dynamic,
    schedule,
    role,
    target,
    address,
    webhook,
    category,
    tag
};

struct Row {
    SupportKind kind;
    Shape shape;
    std::int64_t fixed_count;  // 0 = random 3..40; -1 = tickets/100
};

const std::array<Row, 23> kRows = {{
    {{"groups", "/api/v2/groups", "groups", Paging::cursor_offset}, Shape::named, 0},
    {{"group_memberships", "/api/v2/group_memberships", "group_memberships", Paging::cursor_offset},
     Shape::membership_group,
     -1},
    {{"organization_memberships", "/api/v2/organization_memberships", "organization_memberships",
      Paging::cursor_offset},
     Shape::membership_org,
     0},
    {{"macros", "/api/v2/macros", "macros", Paging::cursor_offset}, Shape::rule, 150},
    {{"triggers", "/api/v2/triggers", "triggers", Paging::cursor_offset}, Shape::rule, 0},
    {{"automations", "/api/v2/automations", "automations", Paging::cursor_offset}, Shape::rule, 0},
    {{"views", "/api/v2/views", "views", Paging::cursor_offset}, Shape::rule, 0},
    {{"ticket_fields", "/api/v2/ticket_fields", "ticket_fields", Paging::cursor}, Shape::field, 0},
    {{"user_fields", "/api/v2/user_fields", "user_fields", Paging::cursor_offset}, Shape::field, 0},
    {{"organization_fields", "/api/v2/organization_fields", "organization_fields", Paging::cursor_offset},
     Shape::field,
     0},
    {{"ticket_forms", "/api/v2/ticket_forms", "ticket_forms", Paging::none}, Shape::form, 0},
    {{"brands", "/api/v2/brands", "brands", Paging::cursor_offset}, Shape::brand, 0},
    {{"sla_policies", "/api/v2/slas/policies", "sla_policies", Paging::none}, Shape::sla, 0},
    {{"custom_statuses", "/api/v2/custom_statuses", "custom_statuses", Paging::none}, Shape::status, 0},
    {{"dynamic_content", "/api/v2/dynamic_content/items", "items", Paging::cursor_offset}, Shape::dynamic, 0},
    {{"schedules", "/api/v2/business_hours/schedules", "schedules", Paging::cursor_offset},
     Shape::schedule,
     0},
    {{"custom_roles", "/api/v2/custom_roles", "custom_roles", Paging::none}, Shape::role, 0},
    {{"targets", "/api/v2/targets", "targets", Paging::none}, Shape::target, 0},
    {{"recipient_addresses", "/api/v2/recipient_addresses", "recipient_addresses", Paging::cursor_offset},
     Shape::address,
     0},
    {{"webhooks", "/api/v2/webhooks", "webhooks", Paging::cursor_offset}, Shape::webhook, 0},
    {{"trigger_categories", "/api/v2/trigger_categories", "trigger_categories", Paging::cursor_offset},
     Shape::category,
     0},
    {{"tags", "/api/v2/tags", "tags", Paging::cursor_offset}, Shape::tag, 0},
    {{"group_slas", "/api/v2/group_slas/policies", "group_sla_policies", Paging::none}, Shape::sla, 0},
}};

std::size_t row_of(const SupportKind& k) {
    for (std::size_t r = 0; r < kRows.size(); ++r)
        if (kRows[r].kind.name == k.name) return r;
    return 0;
}

/// Numeric ids are per kind; webhooks and trigger categories use string ids, as Zendesk does.
std::string item_id(std::size_t row, std::int64_t index) {
    const std::int64_t n = 360000000000 + static_cast<std::int64_t>(row) * 100000000 + index;
    if (kRows[row].shape == Shape::webhook) return "01GZ" + std::to_string(n) + "WEBHOOK";
    if (kRows[row].shape == Shape::category) return std::to_string(10000 + index);
    return std::to_string(n);
}

void conditions(JsonWriter& w) {
    w.key("conditions").begin_object().key("all").begin_array();
    w.begin_object()
        .kstr("field", "status")
        .kstr("operator", "less_than")
        .kstr("value", "solved")
        .end_object();
    w.end_array().key("any").begin_array().end_array().end_object();
}

}  // namespace

std::optional<std::size_t> support_kind_index(std::string_view path) {
    for (std::size_t r = 0; r < kRows.size(); ++r)
        if (kRows[r].kind.path.substr(8) == path) return r;
    return std::nullopt;
}

void Dataset::build_support_kinds() {
    for (std::size_t r = 0; r < kRows.size(); ++r) {
        SupportKind k = kRows[r].kind;
        Rng rng(options_.seed, kSupport, r);
        k.count = kRows[r].fixed_count > 0   ? kRows[r].fixed_count
                  : kRows[r].fixed_count < 0 ? std::max<std::int64_t>(3, options_.tickets / 100)
                                             : rng.range(3, 40);
        k.forbidden = std::find(options_.forbidden_kinds.begin(), options_.forbidden_kinds.end(), k.name) !=
                      options_.forbidden_kinds.end();
        support_kinds_.push_back(k);
    }
}

const SupportKind* Dataset::support_kind(std::string_view name) const {
    for (const SupportKind& k : support_kinds_)
        if (k.name == name) return &k;
    return nullptr;
}

std::vector<std::string> Dataset::support_ids(const SupportKind& kind) const {
    std::vector<std::string> out;
    const std::size_t row = row_of(kind);
    for (std::int64_t i = 0; i < kind.count; ++i)
        out.push_back(kRows[row].shape == Shape::tag ? "tag_" + std::to_string(i) : item_id(row, i));
    return out;
}

std::string Dataset::support_item_json(const SupportKind& kind, std::int64_t index) const {
    const std::size_t row = row_of(kind);
    const Shape shape = kRows[row].shape;
    Rng rng(options_.seed, kSupport + 1 + row, static_cast<std::uint64_t>(index));
    const std::string label =
        std::string(text::kNames[rng.below(text::kNames.size())]) + " " + std::to_string(index);
    std::string out;
    JsonWriter w(out);
    w.begin_object();
    if (shape == Shape::tag) {
        w.kstr("name", "tag_" + std::to_string(index)).knum("count", rng.range(1, 5000)).end_object();
        return out;
    }
    const std::string id = item_id(row, index);
    w.kstr("url", std::string(kHost) + std::string(kind.path) + "/" + id + ".json");
    if (shape == Shape::webhook || shape == Shape::category)
        w.kstr("id", id);
    else
        w.kraw("id", id);
    const std::int64_t created = 1546300800 + rng.range(0, 1500) * 86400;
    switch (shape) {
        case Shape::named:
            w.kstr("name", label).kstr("description", text::kBodies[rng.below(text::kBodies.size())]);
            w.kbool("default", index == 0).kbool("deleted", false).kbool("is_public", true);
            break;
        case Shape::membership_group:
        case Shape::membership_org:
            w.knum("user_id", pick_user(rng.next(), shape == Shape::membership_group));
            if (shape == Shape::membership_group)
                w.knum("group_id", 360000001 + rng.range(0, 3));
            else
                w.knum("organization_id", org_ids_[rng.below(org_ids_.size())]);
            w.kbool("default", rng.chance(0.5));
            break;
        case Shape::rule:
            w.kstr("title", label).kstr("raw_title", label).kbool("active", rng.chance(0.9));
            w.knum("position", index).kstr("description", text::kBodies[rng.below(text::kBodies.size())]);
            w.key("actions").begin_array().begin_object().kstr("field", "status").kstr("value", "open");
            w.end_object().end_array();
            conditions(w);
            w.knull("restriction");
            break;
        case Shape::field:
            w.kstr("type", rng.chance(0.5) ? "text" : "tagger").kstr("title", label);
            w.kstr("key", "field_" + std::to_string(index)).kbool("active", true).knum("position", index);
            w.kbool("required", rng.chance(0.2))
                .kstr("description", text::kBodies[rng.below(text::kBodies.size())]);
            break;
        case Shape::form:
            w.kstr("name", label).kstr("display_name", label).knum("position", index);
            w.kbool("active", true).kbool("default", index == 0);
            w.key("ticket_field_ids").begin_array().num(360001).num(360002).end_array();
            break;
        case Shape::brand:
            w.kstr("name", label).kstr("brand_url", "https://brand" + std::to_string(index) + ".zendesk.com");
            w.kstr("subdomain", "brand" + std::to_string(index)).knull("host_mapping");
            w.kbool("has_help_center", index == 0).kbool("active", true).kbool("default", index == 0);
            break;
        case Shape::sla:
            w.kstr("title", label).kstr("description", text::kBodies[rng.below(text::kBodies.size())]);
            w.knum("position", index);
            w.key("filter").begin_object().key("all").begin_array().end_array().key("any").begin_array();
            w.end_array().end_object();
            w.key("policy_metrics").begin_array().begin_object().kstr("priority", "high");
            w.kstr("metric", "first_reply_time").knum("target", 60).kbool("business_hours", false);
            w.end_object().end_array();
            break;
        case Shape::status:
            w.kstr("status_category", std::string(text::kStatuses[index % 5]));
            w.kstr("agent_label", label).kstr("end_user_label", label).kbool("active", true);
            w.kbool("default", index < 5);
            break;
        case Shape::dynamic:
            w.kstr("name", label).kstr("placeholder", "{{dc.item_" + std::to_string(index) + "}}");
            w.knum("default_locale_id", 1).kbool("outdated", false);
            w.key("variants").begin_array().begin_object().kraw("id", id + "1").kstr("content", label);
            w.knum("locale_id", 1).kbool("default", true).kbool("active", true).end_object().end_array();
            break;
        case Shape::schedule:
            w.kstr("name", label).kstr("time_zone", "Paris").key("intervals").begin_array();
            for (int d = 1; d <= 5; ++d)
                w.begin_object()
                    .knum("start_time", d * 1440 + 540)
                    .knum("end_time", d * 1440 + 1020)
                    .end_object();
            w.end_array();
            break;
        case Shape::role:
            w.kstr("name", label).kstr("description", text::kBodies[rng.below(text::kBodies.size())]);
            w.knum("role_type", 0).key("configuration").begin_object().kbool("chat_access", true);
            w.kstr("ticket_access", "all").end_object();
            break;
        case Shape::target:
            w.kstr("title", label).kstr("type", "url_target_v2").kbool("active", rng.chance(0.8));
            break;
        case Shape::address:
            w.kstr("name", label).kstr("email", "support" + std::to_string(index) + "@example.com");
            w.knum("brand_id", 360000300).kbool("default", index == 0).kstr("forwarding_status", "verified");
            break;
        case Shape::webhook:
            w.kstr("name", label).kstr("status", "active");
            w.kstr("endpoint", "https://hooks.example.com/" + std::to_string(index));
            w.kstr("http_method", "POST").kstr("request_format", "json");
            w.key("subscriptions").begin_array().str("conditional_ticket_events").end_array();
            break;
        case Shape::category:
            w.kstr("name", label).knum("position", index);
            break;
        case Shape::tag:
            break;
    }
    w.kstr("created_at", iso8601(created)).kstr("updated_at", iso8601(created + rng.range(0, 86400 * 30)));
    w.end_object();
    return out;
}

}  // namespace zdmock
