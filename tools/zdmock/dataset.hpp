#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace zdmock {

/// What to generate. Same options ⇒ byte-identical JSON.
struct DatasetOptions {
    /// Number of tickets (ids 1..tickets). Users = max(20, tickets/5), organizations = max(5, tickets/50).
    std::int64_t tickets = 25000;
    /// PRNG seed; every value is derived from (seed, kind, id).
    std::uint64_t seed = 1;
};

/// Deterministic fake Zendesk account. Only small per-record arrays (timestamps, comment counts) are
/// precomputed; JSON text is generated on demand from a PRNG seeded by (seed, id), so 25,000 tickets
/// cost a few hundred kilobytes and a few milliseconds to construct.
/// Thread safety: all const members may be called concurrently.
class Dataset {
  public:
    explicit Dataset(DatasetOptions options);

    const DatasetOptions& options() const { return options_; }

    /// Ticket ids in export order: ascending (generated_timestamp, id). Equal to 1..N.
    const std::vector<std::int64_t>& ticket_ids() const { return ticket_ids_; }
    /// `generated_timestamp` of each ticket, aligned with ticket_ids(); non-decreasing, with ties.
    const std::vector<std::int64_t>& ticket_timestamps() const { return ticket_ts_; }
    /// The ticket object exactly as the incremental export serves it (includes generated_timestamp).
    /// Errors: std::out_of_range for an unknown id.
    std::string ticket_json(std::int64_t id) const;
    bool has_ticket(std::int64_t id) const { return id >= 1 && id <= options_.tickets; }
    /// Number of comments of a ticket (0 for an unknown id).
    std::int64_t comment_count(std::int64_t ticket_id) const;
    /// One comment, `index` in 0..comment_count-1, oldest first.
    std::string comment_json(std::int64_t ticket_id, std::int64_t index) const;
    /// All comments of a ticket, oldest first.
    std::vector<std::string> comment_jsons(std::int64_t ticket_id) const;

    /// User ids in export order: ascending (updated_at, id).
    const std::vector<std::int64_t>& user_ids() const { return user_ids_; }
    /// `updated_at` (epoch seconds) of each user, aligned with user_ids(); non-decreasing, with ties.
    const std::vector<std::int64_t>& user_timestamps() const { return user_ts_; }
    /// Errors: std::out_of_range for an unknown id.
    std::string user_json(std::int64_t id) const;

    /// Organization ids in export order: ascending (updated_at, id).
    const std::vector<std::int64_t>& organization_ids() const { return org_ids_; }
    /// `updated_at` (epoch seconds) of each organization, aligned with organization_ids().
    const std::vector<std::int64_t>& organization_timestamps() const { return org_ts_; }
    /// Errors: std::out_of_range for an unknown id.
    std::string organization_json(std::int64_t id) const;

    /// The account owner (first user): an admin, also served by /users/me.
    std::int64_t admin_user_id() const { return user_ids_.front(); }

  private:
    std::size_t user_index(std::int64_t id) const;
    std::size_t org_index(std::int64_t id) const;
    std::int64_t pick_user(std::uint64_t r, bool agent) const;

    DatasetOptions options_;
    std::vector<std::int64_t> ticket_ids_;
    std::vector<std::int64_t> ticket_ts_;
    std::vector<std::uint16_t> comment_counts_;  // index = ticket id - 1
    std::vector<std::int64_t> user_ids_;
    std::vector<std::int64_t> user_ts_;
    std::vector<std::int64_t> org_ids_;
    std::vector<std::int64_t> org_ts_;
};

}  // namespace zdmock
