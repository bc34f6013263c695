#include <zdbackup/core/json_raw.hpp>
#include <zdbackup/zendesk/comment_events.hpp>

#include <array>
#include <charconv>

namespace zdbackup {

namespace {

// The order of /api/v2/tickets/{id}/comments.json; metadata comes last.
constexpr std::array<std::string_view, 11> kCommentOrder = {
    "id",     "type",        "author_id", "body", "html_body", "plain_body",
    "public", "attachments", "audit_id",  "via",  "created_at"};
// The export's bookkeeping, not part of a comment.
constexpr std::array<std::string_view, 2> kEventOnly = {"event_type", "via_reference_id"};

const RawMember* member(const std::vector<RawMember>& members, std::string_view key) {
    const RawMember* found = nullptr;
    for (const RawMember& m : members)
        if (raw_key_is(m.raw_key, key)) found = &m;  // the last occurrence wins, as in a parser
    return found;
}

std::optional<std::int64_t> integer(const RawMember* m) {
    if (!m) return std::nullopt;
    std::int64_t value = 0;
    const auto text = m->raw_value;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

/// The text of a JSON string without its quotes (escapes kept: ISO 8601 has none).
std::optional<std::string> string_text(const RawMember* m) {
    if (!m || m->raw_value.size() < 2 || m->raw_value.front() != '"') return std::nullopt;
    return std::string(m->raw_value.substr(1, m->raw_value.size() - 2));
}

bool is_one_of(std::string_view raw_key, auto const& keys) {
    for (std::string_view k : keys)
        if (raw_key_is(raw_key, k)) return true;
    return false;
}

void append_member(std::string& out, const RawMember& m) {
    out += out.size() > 1 ? ",\"" : "\"";
    out.append(m.raw_key).append("\":").append(m.raw_value);
}

std::string comment_object(const std::vector<RawMember>& child, const RawMember* audit_metadata) {
    std::string out = "{";
    for (std::string_view key : kCommentOrder)
        if (const RawMember* m = member(child, key)) append_member(out, *m);
    for (const RawMember& m : child)
        if (!is_one_of(m.raw_key, kCommentOrder) && !is_one_of(m.raw_key, kEventOnly) &&
            !raw_key_is(m.raw_key, "metadata"))
            append_member(out, m);
    if (const RawMember* own = member(child, "metadata"))
        append_member(out, *own);
    else if (audit_metadata)
        append_member(out, *audit_metadata);
    out += '}';
    return out;
}

bool is_comment_event(const std::vector<RawMember>& child) {
    const RawMember* type = member(child, "event_type");
    if (!type || type->raw_value.size() < 2 || type->raw_value.front() != '"') return false;
    // Compared decoded: "\u0043omment" is "Comment" too.
    return raw_key_is(type->raw_value.substr(1, type->raw_value.size() - 2), "Comment");
}

}  // namespace

std::optional<CommentRow> comment_row(std::int64_t ticket, std::string_view raw_comment) {
    const auto members = top_level_members(raw_comment);
    if (!members) return std::nullopt;
    const auto id = integer(member(*members, "id"));
    auto created_at = string_text(member(*members, "created_at"));
    if (!id || !created_at) return std::nullopt;
    return CommentRow{ticket, *id, std::move(*created_at), std::string(raw_comment)};
}

std::optional<std::vector<CommentRow>> comments_of_audit(std::string_view raw_audit) {
    const auto audit = top_level_members(raw_audit);
    if (!audit) return std::nullopt;
    const auto ticket = integer(member(*audit, "ticket_id"));
    if (!ticket) return std::nullopt;
    std::vector<CommentRow> rows;
    const RawMember* children = member(*audit, "child_events");
    if (!children) return rows;
    const auto elements = array_elements(children->raw_value);
    if (!elements) return std::nullopt;
    for (std::string_view element : *elements) {
        const auto child = top_level_members(element);
        if (!child) return std::nullopt;
        if (!is_comment_event(*child)) continue;
        auto row = comment_row(*ticket, comment_object(*child, member(*audit, "metadata")));
        if (!row) return std::nullopt;
        rows.push_back(std::move(*row));
    }
    return rows;
}

}  // namespace zdbackup
