// comments_of_audit against Boost.JSON: on any audit the parser accepts, every comment rebuilt is a
// JSON object holding exactly the comment child's members (event_type and via_reference_id aside,
// metadata from the audit when the child has none), with the child's id and created_at. On text that
// is not JSON it may refuse or answer, but must stay inside the text and never throw.

#include "checks.hpp"
#include "json_support.hpp"
#include "property.hpp"

#include <zdbackup/core/json_raw.hpp>
#include <zdbackup/zendesk/comment_events.hpp>

namespace zdbackup::fuzz {
namespace {

namespace json = boost::json;

/// What the rebuilt comment must be: the child without the export's own members, plus the audit's
/// metadata when it has none of its own.
json::object expected_comment(const json::object& child, const json::object& audit) {
    json::object out = child;
    out.erase("event_type");
    out.erase("via_reference_id");
    if (!out.contains("metadata"))
        if (const json::value* metadata = audit.if_contains("metadata")) out["metadata"] = *metadata;
    return out;
}

/// Duplicate keys make "the members" ambiguous; the property is checked on objects without them.
bool has_duplicate_keys(std::string_view object_text) {
    const auto members = top_level_members(object_text);
    if (!members) return true;
    for (std::size_t i = 0; i < members->size(); ++i)
        for (std::size_t j = i + 1; j < members->size(); ++j)
            if ((*members)[i].raw_key == (*members)[j].raw_key) return true;
    return false;
}

}  // namespace

void check_comment_events(std::string_view input) {
    const auto rows = comments_of_audit(input);
    const auto doc = parse_json(input, true);
    if (!rows || !doc || !doc->is_object())
        return;  // refusing is allowed; staying in bounds is checked by ASan
    const json::object& audit = doc->get_object();
    const json::value* children = audit.if_contains("child_events");
    std::vector<const json::object*> comments;
    if (children && children->is_array())
        for (const json::value& child : children->get_array())
            if (const json::value* type =
                    child.is_object() ? child.get_object().if_contains("event_type") : nullptr;
                type && type->is_string() && type->get_string() == "Comment")
                comments.push_back(&child.get_object());
    ZDB_REQUIRE(rows->size() == comments.size());
    for (std::size_t i = 0; i < rows->size(); ++i) {
        const CommentRow& row = (*rows)[i];
        const auto rebuilt = parse_json(row.body, true);
        ZDB_REQUIRE(rebuilt.has_value() && rebuilt->is_object());
        ZDB_REQUIRE(rebuilt->get_object().at("id").to_number<std::int64_t>() == row.id);
        if (has_duplicate_keys(input)) continue;
        ZDB_REQUIRE(same_json(*rebuilt, json::value(expected_comment(*comments[i], audit))));
    }
}

}  // namespace zdbackup::fuzz
