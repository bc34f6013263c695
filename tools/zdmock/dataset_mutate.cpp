// Mutation steps: the account changes between backup runs, deterministically from (seed, step, parameters).
#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <utility>

#include "zdmock/dataset.hpp"
#include "zdmock/dataset_text.hpp"
#include "zdmock/rng.hpp"

namespace zdmock {
namespace {

enum Kind : std::uint64_t { kMutate = 301 };
// Draws of one step, so the choice of each kind does not depend on the counts asked for the others.
enum Draw : std::uint64_t {
    kPickUpdated = 1,
    kPickDeleted,
    kPickUsers,
    kPickOrgs,
    kPickArticles,
    kForcedFiles
};

constexpr std::int64_t kStepSeconds = 3600;
/// Comment indexes stay below 1000: comment and attachment ids are derived from ticket * 1000 + index.
constexpr std::int64_t kMaxComments = 999;
constexpr std::int64_t kMaxAddedTickets = 100000;

/// `k` distinct items of `pool`, one from each of k equal strata (so they spread over the whole range),
/// in pool order. Needs k <= pool.size().
std::vector<std::int64_t> spread_pick(const std::vector<std::int64_t>& pool, std::int64_t k, Rng rng) {
    std::vector<std::int64_t> out;
    const auto c = static_cast<std::uint64_t>(pool.size());
    const auto n = static_cast<std::uint64_t>(k);
    out.reserve(n);
    for (std::uint64_t j = 0; j < n; ++j) {
        const std::uint64_t lo = j * c / n, hi = (j + 1) * c / n;
        out.push_back(pool[lo + rng.below(hi - lo)]);
    }
    return out;
}

void require(bool ok, const std::string& what) {
    if (!ok) throw std::invalid_argument(what);
}

std::string too_many(std::string_view what, std::int64_t asked, std::size_t available) {
    return std::string(what) + "=" + std::to_string(asked) + " but only " + std::to_string(available) +
           " can be chosen";
}

/// (timestamp, id) pairs sorted into the aligned export arrays.
void export_order(std::vector<std::pair<std::int64_t, std::int64_t>>& rows, std::vector<std::int64_t>& ids,
                  std::vector<std::int64_t>& ts) {
    if (!std::is_sorted(rows.begin(), rows.end())) std::sort(rows.begin(), rows.end());
    ids.resize(rows.size());
    ts.resize(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) std::tie(ts[i], ids[i]) = rows[i];
}

}  // namespace

const Dataset::AddedComment* Dataset::added_comment(std::int64_t ticket_id, std::int64_t index) const {
    const auto key = std::pair(ticket_id, index);
    const auto it =
        std::lower_bound(added_comments_.begin(), added_comments_.end(), key,
                         [](const AddedComment& c, const std::pair<std::int64_t, std::int64_t>& k) {
                             return std::pair(c.ticket_id, c.index) < k;
                         });
    if (it == added_comments_.end() || it->ticket_id != ticket_id || it->index != index)
        throw std::logic_error("zdmock: comment " + std::to_string(index) + " of ticket " +
                               std::to_string(ticket_id) + " was not added by a mutation");
    return &*it;
}

void Dataset::append_ticket(std::int64_t base_ts, std::uint8_t flags) {
    ticket_base_ts_.push_back(base_ts);
    ticket_generated_.push_back(base_ts);
    ticket_flags_.push_back(flags);
    const std::int64_t id = ticket_count();
    const auto count = static_cast<std::uint16_t>(generated_comment_count(id));
    base_comment_counts_.push_back(count);
    comment_counts_.push_back(count);
    if (!ticket_archived(id)) listed_ticket_ids_.push_back(id);
}

void Dataset::rebuild_exports() {
    std::vector<std::pair<std::int64_t, std::int64_t>> rows;
    rows.reserve(ticket_generated_.size());
    for (std::size_t k = 0; k < ticket_generated_.size(); ++k)
        rows.emplace_back(ticket_generated_[k], static_cast<std::int64_t>(k) + 1);
    export_order(rows, ticket_ids_, ticket_ts_);
    const auto by_index = [&](const std::vector<std::int64_t>& ids, const std::vector<std::int64_t>& base,
                              const std::vector<Revision>& revisions) {
        rows.clear();
        for (std::size_t i = 0; i < ids.size(); ++i)
            rows.emplace_back(revisions[i].step ? revisions[i].time : base[i], ids[i]);
    };
    by_index(user_ids_, user_base_ts_, user_revisions_);
    export_order(rows, user_export_ids_, user_export_ts_);
    by_index(org_ids_, org_base_ts_, org_revisions_);
    export_order(rows, org_export_ids_, org_export_ts_);
}

std::int64_t Dataset::next_step_time() const {
    const std::int64_t now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    // Zendesk never serves the last minute; two minutes of margin keep every change exportable at once.
    const std::int64_t t = std::min(clock_base_ + kStepSeconds * (step_ + 1), now - 120);
    return std::max(t, last_step_time_ + 1);
}

MutationResult Dataset::mutate(const Mutation& m) {
    for (const std::int64_t v : {m.update_tickets, m.add_tickets, m.delete_tickets, m.update_users,
                                 m.update_organizations, m.update_articles})
        require(v >= 0, "mutation counts must not be negative");
    const std::int64_t step = step_ + 1;
    const auto draw = [&](Draw d) {
        return Rng(options_.seed, kMutate, (static_cast<std::uint64_t>(step) << 8) | d);
    };

    // Candidates, ascending id. Updates need an open ticket (archived and closed ones cannot take a comment);
    // deletions spare the tickets that carry the forced attachment cases while there are enough others.
    std::vector<bool> special(ticket_generated_.size(), false);
    for (const Special& s : specials_) special[static_cast<std::size_t>(s.ticket_id - 1)] = true;
    std::vector<std::int64_t> updatable, visible;
    const std::size_t closed = static_cast<std::size_t>(
        std::find(text::kStatuses.begin(), text::kStatuses.end(), "closed") - text::kStatuses.begin());
    for (std::int64_t id = 1; id <= ticket_count(); ++id) {
        if (ticket_deleted(id) || ticket_archived(id)) continue;
        if (drawn_status(id) != closed && comment_count(id) < kMaxComments) updatable.push_back(id);
        visible.push_back(id);
    }
    require(m.update_tickets <= static_cast<std::int64_t>(updatable.size()),
            too_many("update_tickets", m.update_tickets, updatable.size()));
    MutationResult r;
    r.updated_tickets = spread_pick(updatable, m.update_tickets, draw(kPickUpdated));
    // Never update and delete the same ticket in one step.
    std::vector<std::int64_t> deletable, ordinary;
    std::set_difference(visible.begin(), visible.end(), r.updated_tickets.begin(), r.updated_tickets.end(),
                        std::back_inserter(deletable));
    std::copy_if(deletable.begin(), deletable.end(), std::back_inserter(ordinary),
                 [&](std::int64_t id) { return !special[static_cast<std::size_t>(id - 1)]; });
    if (m.delete_tickets <= static_cast<std::int64_t>(ordinary.size())) deletable = std::move(ordinary);
    require(m.delete_tickets <= static_cast<std::int64_t>(deletable.size()),
            too_many("delete_tickets", m.delete_tickets, deletable.size()));
    r.deleted_tickets = spread_pick(deletable, m.delete_tickets, draw(kPickDeleted));
    require(m.add_tickets <= kMaxAddedTickets, too_many("add_tickets", m.add_tickets, kMaxAddedTickets));
    require(m.update_users <= static_cast<std::int64_t>(user_ids_.size()),
            too_many("update_users", m.update_users, user_ids_.size()));
    require(m.update_organizations <= static_cast<std::int64_t>(org_ids_.size()),
            too_many("update_organizations", m.update_organizations, org_ids_.size()));
    require(m.update_articles <= static_cast<std::int64_t>(article_ids_.size()),
            too_many("update_articles", m.update_articles, article_ids_.size()));
    r.updated_users = spread_pick(user_ids_, m.update_users, draw(kPickUsers));
    r.updated_organizations = spread_pick(org_ids_, m.update_organizations, draw(kPickOrgs));
    r.updated_articles = spread_pick(article_ids_, m.update_articles, draw(kPickArticles));

    // Everything is valid: apply.
    r.step = step;
    r.time = next_step_time();
    step_ = step;
    last_step_time_ = r.time;
    // With five or more updates, one of them (a deterministic pick) surely carries a new attachment.
    const std::size_t forced =
        m.update_tickets >= 5 ? draw(kForcedFiles).below(r.updated_tickets.size()) : r.updated_tickets.size();
    for (std::size_t j = 0; j < r.updated_tickets.size(); ++j) {
        const auto k = static_cast<std::size_t>(r.updated_tickets[j] - 1);
        added_comments_.push_back({r.updated_tickets[j], comment_counts_[k], r.time, j == forced});
        ++comment_counts_[k];
        ticket_generated_[k] = r.time;
        ticket_flags_[k] |= kFlagTouched;
    }
    std::sort(added_comments_.begin(), added_comments_.end(),
              [](const AddedComment& a, const AddedComment& b) {
                  return std::pair(a.ticket_id, a.index) < std::pair(b.ticket_id, b.index);
              });
    for (const std::int64_t id : r.deleted_tickets) {
        const auto k = static_cast<std::size_t>(id - 1);
        ticket_generated_[k] = r.time;
        ticket_flags_[k] |= kFlagDeleted | kFlagTouched;
    }
    for (std::int64_t j = 0; j < m.add_tickets; ++j) {
        append_ticket(r.time, kFlagAdded);
        r.added_tickets.push_back(ticket_count());
    }
    for (const std::int64_t id : r.updated_tickets) {
        const std::int64_t index = comment_count(id) - 1;
        ++r.new_comments;
        for (const Attachment& a : comment_attachments(id, index, true)) r.new_attachments.push_back(a.id);
    }
    for (const std::int64_t id : r.added_tickets) {
        r.new_comments += comment_count(id);
        for (const Attachment& a : ticket_attachments(id, true)) r.new_attachments.push_back(a.id);
    }
    for (const std::int64_t id : r.updated_users) user_revisions_[user_index(id)] = {step, r.time};
    for (const std::int64_t id : r.updated_organizations) org_revisions_[org_index(id)] = {step, r.time};
    for (const std::int64_t id : r.updated_articles) {
        const auto i = std::lower_bound(article_ids_.begin(), article_ids_.end(), id) - article_ids_.begin();
        article_revisions_[static_cast<std::size_t>(i)] = {step, r.time};
    }
    rebuild_exports();
    add_ticket_events(r);
    return r;
}

}  // namespace zdmock
