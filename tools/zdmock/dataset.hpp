#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "zdmock/mutation.hpp"
#include "zdmock/ticket_event_index.hpp"

namespace zdmock {

class Rng;

/// What to generate. Same options ⇒ byte-identical JSON.
struct DatasetOptions {
    /// Number of tickets (ids 1..tickets). Users = max(20, tickets/5), organizations = max(5, tickets/50).
    std::int64_t tickets = 25000;
    /// PRNG seed; every value is derived from (seed, kind, id).
    std::uint64_t seed = 1;
    /// Scheme, host and port of the API, e.g. https://127.0.0.1:8443: attachment `content_url`s point there.
    /// The server sets it with Dataset::set_base_url() once it knows its port.
    std::string base_url = "https://127.0.0.1";
    /// Support configuration kinds that answer 403 Forbidden (as on a lower plan); see --forbid.
    std::vector<std::string> forbidden_kinds = {"sla_policies"};
};

/// One ticket attachment (a comment's `attachments` entry). Bytes: Dataset::attachment_bytes().
struct Attachment {
    std::int64_t id = 0;
    std::int64_t ticket_id = 0;
    std::int64_t comment_index = 0;
    std::string file_name;
    std::string content_type;
    std::int64_t size = 0;
    std::optional<std::int64_t> width, height;
    bool is_inline = false;  ///< listed only with include_inline_images=true
    bool deleted = false;
    bool malware_access_override = false;
    std::string malware_scan_result;  ///< malware_found, malware_not_found, failed_to_scan, not_scanned
    std::string token;                ///< the /attachments/token/<token>/ part of content_url
    /// What GET content_url answers: 302 (downloadable), 403 (malware without override) or 404 (deleted).
    unsigned download_status() const;
};

/// A Help Center article attachment (served directly, no redirect).
struct ArticleAttachment {
    std::int64_t id = 0;
    std::int64_t article_id = 0;
    std::string file_name;
    std::string content_type;
    std::int64_t size = 0;
    bool is_inline = false;
};

/// How a support configuration list paginates (zendesk-api.md §7).
enum class Paging { cursor_offset, cursor, none };

/// One support configuration kind: its list endpoint and items.
struct SupportKind {
    std::string_view name;  ///< e.g. "dynamic_content"; also the stats key and the zip folder
    std::string_view path;  ///< e.g. "/api/v2/dynamic_content/items" (".json" optional)
    std::string_view root;  ///< JSON key of the item array, e.g. "items"
    Paging paging = Paging::cursor_offset;
    std::int64_t count = 0;
    bool forbidden = false;  ///< answers 403 Forbidden (DatasetOptions::forbidden_kinds)
};

/// Index of the support kind whose path (after /api/v2/, without .json) is `path`, for routing.
std::optional<std::size_t> support_kind_index(std::string_view path);

/// Deterministic fake Zendesk account. Only small per-record arrays (timestamps, comment counts) and the
/// ticket events index (16 bytes per event, shared by copies) are precomputed; JSON text is generated on
/// demand from a PRNG seeded by (seed, id), so 25,000 tickets cost about 3 MB and some 30 ms to
/// construct, and a copy is cheap.
/// mutate() changes the account between backup runs, deterministically from (seed, step, parameters).
/// Thread safety: all const members may be called concurrently; mutate() and set_base_url() need
/// exclusive access (the server mutates a copy and swaps it in, see LiveDataset).
class Dataset {
  public:
    explicit Dataset(DatasetOptions options);

    const DatasetOptions& options() const { return options_; }

    /// Applies the next mutation step (see mutation.hpp and the README): picks the records from
    /// (seed, step, parameters), moves their timestamps to the step's virtual time and reports them.
    /// Errors: std::invalid_argument when a count is negative or larger than the records available;
    /// the dataset is then unchanged.
    MutationResult mutate(const Mutation& m);
    /// Mutation steps applied so far (0 for a fresh dataset).
    std::int64_t mutation_step() const { return step_; }
    /// T0 of the mutation clock: max(2024-06-01, every generated ticket, user and organization
    /// timestamp). Step s happens at T0 + 3600·s, capped at real now − 120 s and always later than the
    /// previous step (the cap only matters after thousands of steps).
    std::int64_t mutation_clock_base() const { return clock_base_; }

    /// Ticket ids in export order: ascending (generated_timestamp, id). Equal to 1..N until mutate()
    /// moves changed and added tickets to the end.
    const std::vector<std::int64_t>& ticket_ids() const { return ticket_ids_; }
    /// `generated_timestamp` of each ticket, aligned with ticket_ids(); non-decreasing, with ties.
    const std::vector<std::int64_t>& ticket_timestamps() const { return ticket_ts_; }
    /// The ticket object exactly as the incremental export serves it (includes generated_timestamp).
    /// Errors: std::out_of_range for an unknown id.
    std::string ticket_json(std::int64_t id) const;
    /// Ids are 1..ticket_count(): N from the options plus the tickets added by mutations.
    std::int64_t ticket_count() const { return static_cast<std::int64_t>(ticket_generated_.size()); }
    bool has_ticket(std::int64_t id) const { return id >= 1 && id <= ticket_count(); }
    /// Number of comments of a ticket (0 for an unknown id).
    std::int64_t comment_count(std::int64_t ticket_id) const;
    /// One comment, `index` in 0..comment_count-1, oldest first.
    std::string comment_json(std::int64_t ticket_id, std::int64_t index) const;
    /// The same with inline images listed in `attachments` (as `include_inline_images=true` asks).
    std::string comment_json(std::int64_t ticket_id, std::int64_t index, bool include_inline_images) const;
    /// All comments of a ticket, oldest first.
    std::vector<std::string> comment_jsons(std::int64_t ticket_id) const;

    /// The ticket events export (`/incremental/ticket_events`, see the README): per comment one audit, and
    /// for about 30% of tickets 1-3 priority-change audits without a comment, in export order. Built once
    /// per dataset (about 16 bytes per event); deleted tickets keep their events.
    const TicketEventIndex& ticket_events() const { return *events_; }
    /// One event as the export serves it. `include_comment_events` (include=comment_events): the comment
    /// is a child event, byte for byte the fields of comment_json(…, true); otherwise the audit carries
    /// only `comment_present` and `comment_public`.
    std::string ticket_event_json(const TicketEventRef& event, bool include_comment_events) const;
    /// Ground truth: every event of one ticket, in export order (empty for an unknown id).
    std::vector<std::string> ticket_events_json(std::int64_t ticket_id, bool include_comment_events) const;

    /// Status of a ticket: "deleted" ones answer 404 on their comments endpoint.
    bool ticket_deleted(std::int64_t id) const;
    /// Archived tickets (status closed) are in the export and /tickets/{id} but not in GET /tickets.
    bool ticket_archived(std::int64_t id) const;
    /// Ascending ids.
    std::vector<std::int64_t> deleted_ticket_ids() const;
    std::vector<std::int64_t> archived_ticket_ids() const;

    /// Attachments of one comment, in `attachments` order (inline images last, only when asked).
    std::vector<Attachment> comment_attachments(std::int64_t ticket_id, std::int64_t index,
                                                bool include_inline_images = false) const;
    /// Every attachment of a ticket, comment by comment.
    std::vector<Attachment> ticket_attachments(std::int64_t ticket_id,
                                               bool include_inline_images = false) const;
    /// Lookup by id or by content_url token; nullopt when unknown.
    std::optional<Attachment> attachment(std::int64_t id) const;
    std::optional<Attachment> attachment_by_token(std::string_view token) const;
    /// The attachment object as comments list it.
    std::string attachment_json(const Attachment& a) const;
    /// https://<api host>/attachments/token/<token>/?name=<percent-encoded file_name>
    std::string content_url(const Attachment& a) const;
    /// The file's bytes (a.size of them), the same for every call. Unknown id: empty.
    std::string attachment_bytes(std::int64_t id) const;
    /// `out.size()` bytes of the file starting at `offset` (for streaming without building the whole file).
    void attachment_bytes_at(std::int64_t id, std::uint64_t offset, std::span<char> out) const;

    /// Help Center: ids in list order (position). Categories ~5, sections 4 per category, articles
    /// max(12, tickets/100) (about 10% drafts). Errors: std::out_of_range for an unknown id.
    const std::vector<std::int64_t>& guide_category_ids() const { return category_ids_; }
    const std::vector<std::int64_t>& guide_section_ids() const { return section_ids_; }
    const std::vector<std::int64_t>& guide_article_ids() const { return article_ids_; }
    std::string guide_category_json(std::int64_t id) const;
    std::string guide_section_json(std::int64_t id) const;
    std::string guide_article_json(std::int64_t id) const;
    /// Translations of an article (1-4 of en-us, de, fr, ja; en-us first).
    std::vector<std::string> guide_translation_jsons(std::int64_t article_id) const;
    /// About 30% of articles have 1-2 attachments (some with hostile names).
    std::vector<ArticleAttachment> guide_article_attachments(std::int64_t article_id) const;
    std::optional<ArticleAttachment> guide_article_attachment(std::int64_t id) const;
    std::string guide_article_attachment_json(const ArticleAttachment& a) const;
    /// https://<api host>/hc/article_attachments/<id>/<percent-encoded name>
    std::string guide_article_attachment_url(const ArticleAttachment& a) const;
    /// Bytes of an article attachment (same generator as ticket attachments; ids do not overlap).
    std::string guide_article_attachment_bytes(std::int64_t id) const;

    /// Support configuration kinds (§7), in a fixed order. Ids are text (webhooks and trigger
    /// categories have string ids; tags have none, their `name` stands in).
    const std::vector<SupportKind>& support_kinds() const { return support_kinds_; }
    /// nullptr for an unknown name.
    const SupportKind* support_kind(std::string_view name) const;
    std::string support_item_json(const SupportKind& kind, std::int64_t index) const;
    std::vector<std::string> support_ids(const SupportKind& kind) const;

    /// Tickets of GET /api/v2/tickets: every ticket but the archived ones, ascending id.
    const std::vector<std::int64_t>& listed_ticket_ids() const { return listed_ticket_ids_; }

    /// Not thread safe: call before serving.
    void set_base_url(std::string base_url) { options_.base_url = std::move(base_url); }

    /// User ids in export order: ascending (updated_at, id).
    const std::vector<std::int64_t>& user_ids() const { return user_export_ids_; }
    /// `updated_at` (epoch seconds) of each user, aligned with user_ids(); non-decreasing, with ties.
    const std::vector<std::int64_t>& user_timestamps() const { return user_export_ts_; }
    /// Errors: std::out_of_range for an unknown id.
    std::string user_json(std::int64_t id) const;

    /// Organization ids in export order: ascending (updated_at, id).
    const std::vector<std::int64_t>& organization_ids() const { return org_export_ids_; }
    /// `updated_at` (epoch seconds) of each organization, aligned with organization_ids().
    const std::vector<std::int64_t>& organization_timestamps() const { return org_export_ts_; }
    /// Errors: std::out_of_range for an unknown id.
    std::string organization_json(std::int64_t id) const;

    /// The account owner (first user): an admin, also served by /users/me.
    std::int64_t admin_user_id() const { return user_ids_.front(); }

  private:
    /// A forced attachment (hostile name, refused download, size edge case) placed on a chosen comment.
    struct SpecialSlot {
        std::string name;
        int flag = 0;  // see dataset_attachments.cpp
    };
    struct Special {
        std::int64_t ticket_id = 0;
        std::int64_t index = 0;
        std::vector<SpecialSlot> slots;
    };
    void place_specials();
    void build_guide();
    void build_support_kinds();
    const Special* special_for(std::int64_t ticket_id, std::int64_t index) const;
    Attachment make_attachment(std::int64_t ticket_id, std::int64_t index, int slot,
                               const SpecialSlot* special) const;
    std::size_t user_index(std::int64_t id) const;
    std::size_t org_index(std::int64_t id) const;
    std::int64_t pick_user(std::uint64_t r, bool agent) const;

    /// A comment appended to an existing ticket by a mutation (index ≥ the generated comment count).
    struct AddedComment {
        std::int64_t ticket_id = 0;
        std::int64_t index = 0;
        std::int64_t created_at = 0;
        bool with_files = false;  ///< forced to carry at least one attachment
    };
    /// The last mutation step that changed a user, organization or article (step 0: never).
    struct Revision {
        std::int64_t step = 0;
        std::int64_t time = 0;
    };
    struct TicketTimes {
        std::int64_t created = 0, updated = 0;
    };
    /// created_at and updated_at as generated (before any mutation touched the ticket).
    TicketTimes base_ticket_times(std::int64_t id) const;
    /// The first draws of a ticket's PRNG stream, so ticket_json() and the ticket's Create events agree.
    struct TicketHead {
        std::size_t status = 0;  ///< as drawn_status()
        std::int64_t requester = 0;
        std::string subject;
        bool external_id = false;
        std::string_view channel;  ///< via.channel
        std::optional<std::string_view> type, priority;
    };
    /// `rng` is the ticket's stream (ticket_json() draws on from there); the other overload makes it.
    TicketHead ticket_head(std::int64_t id, Rng& rng) const;
    TicketHead ticket_head(std::int64_t id) const;
    /// A comment's fields as JSON text, so /comments and the ticket events export serve the same bytes,
    /// each in its own key order.
    struct CommentParts {
        std::int64_t id = 0, author_id = 0, audit_id = 0, created = 0;
        bool is_public = false;
        std::string body, html_body, plain_body, created_at;  ///< JSON strings
        std::string attachments;                              ///< JSON array
        std::string via, system, metadata;                    ///< JSON objects; system is in metadata
    };
    CommentParts comment_parts(std::int64_t ticket_id, std::int64_t index, bool include_inline_images) const;
    std::int64_t comment_created_at(std::int64_t ticket_id, std::int64_t index) const;
    /// `metadata.system` of every comment and audit.
    static std::string audit_system_json();
    // Ticket events (dataset_events.cpp).
    std::vector<TicketEventEntry> ticket_event_entries(std::int64_t ticket_id) const;
    std::vector<std::int64_t> change_audit_times(std::int64_t ticket_id) const;
    void build_ticket_events();
    void add_ticket_events(const MutationResult& r);
    std::string comment_audit_json(std::int64_t ticket_id, std::int64_t index, bool include_comment) const;
    std::string change_audit_json(std::int64_t ticket_id, std::int64_t number, bool include_comment) const;
    /// Index into text::kStatuses of the status the generator drew (kStatuses.size() = "deleted"); tickets
    /// added by a mutation are never drawn deleted (→ new) or closed (→ solved).
    std::size_t drawn_status(std::int64_t id) const;
    const AddedComment* added_comment(std::int64_t ticket_id, std::int64_t index) const;
    std::int64_t generated_comment_count(std::int64_t id) const;
    void append_ticket(std::int64_t base_ts, std::uint8_t flags);
    void rebuild_exports();
    std::int64_t next_step_time() const;

    static constexpr std::uint8_t kFlagDeleted = 1;
    static constexpr std::uint8_t kFlagArchived = 2;
    static constexpr std::uint8_t kFlagTouched = 4;  // updated_at = generated_timestamp (a mutation)
    static constexpr std::uint8_t kFlagAdded = 8;    // created by a mutation

    DatasetOptions options_;
    // Tickets, index = id - 1.
    std::vector<std::int64_t> ticket_base_ts_;        // timestamp the generator derives times from
    std::vector<std::int64_t> ticket_generated_;      // current generated_timestamp
    std::vector<std::uint16_t> base_comment_counts_;  // generated comments
    std::vector<std::uint16_t> comment_counts_;       // generated + appended by mutations
    std::vector<std::uint8_t> ticket_flags_;          // kDeleted | kArchived | kTouched | kAdded
    std::vector<AddedComment> added_comments_;        // sorted by (ticket, comment index)
    // Ticket export order, ascending (generated_timestamp, id).
    std::vector<std::int64_t> ticket_ids_;
    std::vector<std::int64_t> ticket_ts_;
    std::vector<Special> specials_;  // sorted by (ticket, comment index)
    std::vector<std::int64_t> listed_ticket_ids_;
    std::vector<std::int64_t> category_ids_, section_ids_, article_ids_;
    std::vector<Revision> article_revisions_;  // index = position in article_ids_
    std::vector<SupportKind> support_kinds_;
    // Users and organizations: by index (ids grow with it), then in export order.
    std::vector<std::int64_t> user_ids_, user_base_ts_;
    std::vector<Revision> user_revisions_;
    std::vector<std::int64_t> user_export_ids_, user_export_ts_;
    std::vector<std::int64_t> org_ids_, org_base_ts_;
    std::vector<Revision> org_revisions_;
    std::vector<std::int64_t> org_export_ids_, org_export_ts_;
    // Mutation clock: step s happens at step_time(s).
    std::int64_t clock_base_ = 0;
    std::int64_t step_ = 0;
    std::int64_t last_step_time_ = 0;
    // Shared by copies (it is immutable); mutate() replaces it.
    std::shared_ptr<const TicketEventIndex> events_;
};

/// What the server serves from: one immutable snapshot per request.
using DatasetPtr = std::shared_ptr<const Dataset>;

}  // namespace zdmock
