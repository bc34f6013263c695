#pragma once
// Id schemes of comments and ticket audits (internal to the dataset*.cpp files). Ids are derived from
// (ticket, number) so every record can be generated on its own, without a lookup table.

#include <cstdint>

namespace zdmock::ids {

constexpr std::int64_t kCommentIdBase = 4000000000000000000;
constexpr std::int64_t kAuditIdBase = 5000000000000000000;
// Audits without a comment (field changes) come after every comment audit (ticket * 1000 stays below
// 10^15), so at one timestamp the export lists comment audits first.
constexpr std::int64_t kChangeAuditIdBase = kAuditIdBase + 1000000000000000;
constexpr std::int64_t kChildEventIdBase = 6000000000000000000;

constexpr std::int64_t comment_id(std::int64_t ticket, std::int64_t index) {
    return kCommentIdBase + ticket * 1000 + index;
}
/// The audit that carries comment `index` (also the comment's `audit_id`).
constexpr std::int64_t comment_audit_id(std::int64_t ticket, std::int64_t index) {
    return kAuditIdBase + ticket * 1000 + index;
}
/// Field-change audit `number` of a ticket (below 1000).
constexpr std::int64_t change_audit_id(std::int64_t ticket, std::int64_t number) {
    return kChangeAuditIdBase + ticket * 1000 + number;
}
/// Child event `slot` (0-7) of an audit, other than its comment (whose id is the comment's).
constexpr std::int64_t child_event_id(std::int64_t audit_id, int slot) {
    return kChildEventIdBase + (audit_id - kAuditIdBase) * 8 + slot;
}

}  // namespace zdmock::ids
