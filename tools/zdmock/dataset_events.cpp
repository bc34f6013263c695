// The ticket events export of the generated account: which audits each ticket has, their order, and
// their JSON. Everything is derived from the comments, so the stream agrees with /tickets/{id}/comments.
#include <algorithm>
#include <array>
#include <optional>
#include <stdexcept>

#include "zdmock/dataset.hpp"
#include "zdmock/dataset_ids.hpp"
#include "zdmock/dataset_text.hpp"
#include "zdmock/json_writer.hpp"
#include "zdmock/rng.hpp"
#include "zdmock/time_format.hpp"

namespace zdmock {
namespace {

enum Kind : std::uint64_t { kStatusChanges = 401, kChangeAudits, kPriorityStory, kChangeUpdater };

constexpr std::array<std::string_view, 3> kWorkingStatuses = {"open", "pending", "hold"};
constexpr std::array<std::string_view, 4> kPriorities = {"low", "normal", "high", "urgent"};
constexpr std::size_t kNew = 0;  // text::kStatuses[0]
constexpr std::size_t kDrawnDeleted = text::kStatuses.size();

/// A field value; nullopt is JSON null (an unset priority).
using Value = std::optional<std::string_view>;
struct Change {
    Value previous, value;
};

void write_value(JsonWriter& w, std::string_view key, Value v) {
    if (v)
        w.kstr(key, *v);
    else
        w.knull(key);
}

/// A "Create" (no previous value) or "Change" child event.
void write_field_event(JsonWriter& w, std::int64_t id, std::string_view field, Value value,
                       std::optional<Value> previous = std::nullopt) {
    w.begin_object().knum("id", id).kstr("event_type", previous ? "Change" : "Create");
    w.kstr("field_name", field);
    write_value(w, "value", value);
    if (previous) write_value(w, "previous_value", *previous);
    w.end_object();
}

/// The status history the comments tell: Create says "new" (a one-comment ticket is created in its
/// final status), about 30% of the later generated comments change it between open/pending/hold, and
/// the last generated comment brings the drawn status. Tickets drawn "new" never change; comments
/// appended by mutations change nothing (the ticket keeps its status), nor does a deletion.
struct StatusStory {
    std::uint64_t seed = 0;
    std::int64_t ticket = 0;
    std::int64_t generated = 0;  // comments the generator made
    std::size_t drawn = 0;       // index into kStatuses, kDrawnDeleted for "deleted"

    std::string_view initial() const {
        const bool final_at_once = generated == 1 && drawn != kDrawnDeleted;
        return text::kStatuses[final_at_once ? drawn : kNew];
    }
    /// The change recorded with comment `index`, if any: a walk over the earlier comments (cheap draws).
    std::optional<Change> at(std::int64_t index) const {
        if (index <= 0 || index >= generated || drawn == kNew) return std::nullopt;
        std::string_view current = initial();
        for (std::int64_t j = 1; j <= index; ++j) {
            Rng rng(seed, kStatusChanges,
                    (static_cast<std::uint64_t>(ticket) << 16) | static_cast<std::uint64_t>(j));
            const bool drawn_change = rng.chance(0.3);
            std::string_view next = current;
            if (j == generated - 1 && drawn != kDrawnDeleted) {
                next = text::kStatuses[drawn];
            } else if (drawn_change) {
                next = kWorkingStatuses[rng.below(kWorkingStatuses.size())];
            }
            if (j == index) return next == current ? std::nullopt : std::optional(Change{current, next});
            current = next;
        }
        return std::nullopt;
    }
};

/// The priority history the change audits tell: Create sets values[0], change audit n sets
/// values[n + 1], and the last one sets the ticket's current priority (values.back() == current).
std::vector<Value> priority_story(std::uint64_t seed, std::int64_t ticket, std::size_t changes,
                                  Value current) {
    std::vector<Value> values(changes + 1);
    values.back() = current;
    Rng rng(seed, kPriorityStory, static_cast<std::uint64_t>(ticket));
    for (std::size_t n = 0; n < changes; ++n) {
        // Every change really changes: a value differs from the one before and the one after it.
        std::vector<std::string_view> pool;
        for (const std::string_view p : kPriorities) {
            if (n > 0 && values[n - 1] == p) continue;
            if (n + 1 == changes && current == p) continue;
            pool.push_back(p);
        }
        values[n] = pool[rng.below(pool.size())];
    }
    return values;
}

}  // namespace

std::vector<std::int64_t> Dataset::change_audit_times(std::int64_t ticket_id) const {
    Rng rng(options_.seed, kChangeAudits, static_cast<std::uint64_t>(ticket_id));
    if (!rng.chance(0.3)) return {};
    const std::int64_t changes = rng.range(1, 3);
    // Between two generated comments (or after the last one, before the ticket's last update), so the
    // audits are older than anything a mutation adds and do not move when one appends a comment.
    const std::int64_t generated = base_comment_counts_[static_cast<std::size_t>(ticket_id - 1)];
    const std::int64_t updated = base_ticket_times(ticket_id).updated;
    std::vector<std::int64_t> out;
    for (std::int64_t n = 0; n < changes; ++n) {
        const auto j = static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(generated)));
        const std::int64_t lo = comment_created_at(ticket_id, j);
        const std::int64_t hi = j + 1 < generated ? comment_created_at(ticket_id, j + 1) : updated;
        out.push_back(lo + rng.range(0, hi - lo));
    }
    // Numbered in time order, so the priority story reads forward.
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<TicketEventEntry> Dataset::ticket_event_entries(std::int64_t ticket_id) const {
    std::vector<TicketEventEntry> out;
    if (!has_ticket(ticket_id)) return out;
    const auto ticket = static_cast<std::uint32_t>(ticket_id);
    const std::int64_t count = comment_count(ticket_id);
    for (std::int64_t i = 0; i < count; ++i)
        out.push_back({comment_created_at(ticket_id, i), {ticket, static_cast<std::uint16_t>(i), true}});
    const std::vector<std::int64_t> changes = change_audit_times(ticket_id);
    for (std::size_t n = 0; n < changes.size(); ++n)
        out.push_back({changes[n], {ticket, static_cast<std::uint16_t>(n), false}});
    std::sort(out.begin(), out.end(), export_before);
    return out;
}

void Dataset::build_ticket_events() {
    std::vector<TicketEventEntry> all;
    std::size_t comments = 0;
    for (const std::uint16_t c : comment_counts_) comments += c;
    all.reserve(comments + comment_counts_.size() / 2);
    for (std::int64_t id = 1; id <= ticket_count(); ++id) {
        const auto entries = ticket_event_entries(id);
        all.insert(all.end(), entries.begin(), entries.end());
    }
    events_ = std::make_shared<const TicketEventIndex>(std::move(all));
}

void Dataset::add_ticket_events(const MutationResult& r) {
    // A step's events: the comment appended to each updated ticket and everything of the added ones.
    // Deletions add none (the deleted ticket's history stays in the stream).
    std::vector<TicketEventEntry> later;
    for (const std::int64_t id : r.updated_tickets) {
        const std::int64_t index = comment_count(id) - 1;
        later.push_back({comment_created_at(id, index),
                         {static_cast<std::uint32_t>(id), static_cast<std::uint16_t>(index), true}});
    }
    for (const std::int64_t id : r.added_tickets) {
        const auto entries = ticket_event_entries(id);
        later.insert(later.end(), entries.begin(), entries.end());
    }
    events_ = std::make_shared<const TicketEventIndex>(events_->with(std::move(later)));
}

std::string Dataset::comment_audit_json(std::int64_t ticket_id, std::int64_t index,
                                        bool include_comment) const {
    // Inline images included: the export has no include_inline_images switch and lists every file.
    const CommentParts c = comment_parts(ticket_id, index, true);
    std::string out;
    out.reserve(include_comment ? 2048 : 1024);
    JsonWriter w(out);
    w.begin_object().knum("id", c.audit_id).knum("ticket_id", ticket_id).knum("timestamp", c.created);
    w.kraw("created_at", c.created_at)
        .knum("updater_id", c.author_id)
        .kstr("via", index == 0 ? "Web form" : "API");
    w.kraw("system", c.system).kraw("metadata", c.metadata).kstr("event_type", "Audit");
    if (!include_comment) w.kbool("comment_present", true).kbool("comment_public", c.is_public);
    w.key("child_events").begin_array();
    const StatusStory status{options_.seed, ticket_id,
                             base_comment_counts_[static_cast<std::size_t>(ticket_id - 1)],
                             drawn_status(ticket_id)};
    if (index == 0) {
        const TicketHead head = ticket_head(ticket_id);
        const std::vector<Value> priorities =
            priority_story(options_.seed, ticket_id, change_audit_times(ticket_id).size(), head.priority);
        write_field_event(w, ids::child_event_id(c.audit_id, 0), "status", status.initial());
        write_field_event(w, ids::child_event_id(c.audit_id, 1), "subject", head.subject);
        write_field_event(w, ids::child_event_id(c.audit_id, 2), "priority", priorities.front());
    } else if (const auto change = status.at(index)) {
        write_field_event(w, ids::child_event_id(c.audit_id, 3), "status", change->value, change->previous);
    }
    if (include_comment) {
        // Every value is the comment's own JSON text; the comment's metadata is the audit's.
        w.begin_object()
            .knum("id", c.id)
            .kraw("via", c.via)
            .knull("via_reference_id")
            .kstr("type", "Comment");
        w.knum("author_id", c.author_id).kraw("body", c.body).kraw("html_body", c.html_body);
        w.kraw("plain_body", c.plain_body).kbool("public", c.is_public).kraw("attachments", c.attachments);
        w.knum("audit_id", c.audit_id).kraw("created_at", c.created_at).kstr("event_type", "Comment");
        w.end_object();
    }
    w.end_array().end_object();
    return out;
}

std::string Dataset::change_audit_json(std::int64_t ticket_id, std::int64_t number,
                                       bool include_comment) const {
    const std::vector<std::int64_t> times = change_audit_times(ticket_id);
    if (number < 0 || number >= static_cast<std::int64_t>(times.size()))
        throw std::out_of_range("zdmock: unknown ticket event");
    const std::int64_t id = ids::change_audit_id(ticket_id, number);
    const std::int64_t ts = times[static_cast<std::size_t>(number)];
    const std::vector<Value> priorities =
        priority_story(options_.seed, ticket_id, times.size(), ticket_head(ticket_id).priority);
    Rng rng(options_.seed, kChangeUpdater,
            (static_cast<std::uint64_t>(ticket_id) << 16) | static_cast<std::uint64_t>(number));
    const std::string system = audit_system_json();

    std::string out;
    out.reserve(768);
    JsonWriter w(out);
    w.begin_object().knum("id", id).knum("ticket_id", ticket_id).knum("timestamp", ts);
    w.kstr("created_at", iso8601(ts)).knum("updater_id", pick_user(rng.next(), true)).kstr("via", "Web form");
    // The same metadata shape as a comment's: an agent changed the field in the browser.
    w.kraw("system", system).kraw("metadata", "{\"system\":" + system + ",\"custom\":{}}");
    w.kstr("event_type", "Audit");
    if (!include_comment) w.kbool("comment_present", false).kbool("comment_public", false);
    w.key("child_events").begin_array();
    const auto n = static_cast<std::size_t>(number);
    write_field_event(w, ids::child_event_id(id, 0), "priority", priorities[n + 1], priorities[n]);
    w.end_array().end_object();
    return out;
}

std::string Dataset::ticket_event_json(const TicketEventRef& event, bool include_comment_events) const {
    return event.comment ? comment_audit_json(event.ticket, event.number, include_comment_events)
                         : change_audit_json(event.ticket, event.number, include_comment_events);
}

std::vector<std::string> Dataset::ticket_events_json(std::int64_t ticket_id,
                                                     bool include_comment_events) const {
    std::vector<std::string> out;
    for (const TicketEventEntry& e : ticket_event_entries(ticket_id))
        out.push_back(ticket_event_json(e.ref, include_comment_events));
    return out;
}

}  // namespace zdmock
