#pragma once
// Comments from the ticket events export (include=comment_events), rebuilt into the shape
// /tickets/{id}/comments gives them, so a snapshot is the same whichever source served a comment.

#include <zdbackup/pipeline/record.hpp>

#include <optional>
#include <string_view>
#include <vector>

namespace zdbackup {

/// The comments one audit event carries (usually one, often none), as comment objects: the child's
/// members in the comments endpoint's key order (id, type, author_id, body, html_body, plain_body,
/// public, attachments, audit_id, via, created_at, then any member we do not know), the export's own
/// `event_type` and `via_reference_id` dropped, and `metadata` taken from the audit when the child
/// has none (the export keeps a comment's metadata on its audit).
/// Errors: nullopt when the audit is not a well-formed object with an integer ticket_id, or a comment
/// child lacks an integer id or a string created_at.
std::optional<std::vector<CommentRow>> comments_of_audit(std::string_view raw_audit);

/// A comment as the comments endpoint gave it.
/// Errors: nullopt when it lacks an integer id or a string created_at.
std::optional<CommentRow> comment_row(std::int64_t ticket, std::string_view raw_comment);

}  // namespace zdbackup
