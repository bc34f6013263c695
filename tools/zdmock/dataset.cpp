#include "zdmock/dataset.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string_view>

#include "zdmock/dataset_ids.hpp"
#include "zdmock/dataset_text.hpp"
#include "zdmock/json_writer.hpp"
#include "zdmock/rng.hpp"
#include "zdmock/time_format.hpp"

namespace zdmock {
namespace {
using namespace text;

// Stream kinds keep the PRNG draws of different record types independent.
enum Kind : std::uint64_t {
    kTicketTs = 1,
    kTicket,
    kTicketTimes,
    kComments,
    kComment,
    kUserTs,
    kUser,
    kOrgTs,
    kOrg,
    kArchived
};

constexpr std::int64_t kEpochStart = 1546300800;         // 2019-01-01
constexpr std::int64_t kEpochEnd = 1717200000;           // 2024-06-01
constexpr std::int64_t kFirstUserId = 9007199254740993;  // 2^53 + 1: doubles cannot hold it
constexpr std::int64_t kUserIdStep = 1000003;
constexpr std::int64_t kFirstOrgId = 1500000000000;
constexpr std::string_view kHost = "https://zdmock.zendesk.com";

/// Non-decreasing timestamps in [start, end) with runs of equal values (as real exports have).
std::vector<std::int64_t> tied_timestamps(std::size_t n, Rng rng, std::int64_t start, std::int64_t end) {
    std::vector<std::int64_t> ts(n);
    const std::int64_t step = std::max<std::int64_t>(1, (end - start) / static_cast<std::int64_t>(n + 1));
    std::int64_t t = start;
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0 && !rng.chance(0.3)) t += rng.range(1, 2 * step - 1);
        ts[i] = t;
    }
    return ts;
}

std::string html_body(std::string_view body) {
    std::string out = "<div class=\"zd-comment\" dir=\"auto\"><p>";
    for (char c : body) {
        switch (c) {
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '&':
                out += "&amp;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\n':
                out += "<br>";
                break;
            default:
                out += c;
        }
    }
    return out + "</p></div>";
}

std::string via_json(std::string_view channel) {
    std::string out;
    JsonWriter w(out);
    w.begin_object().kstr("channel", channel).key("source").begin_object();
    w.key("from").begin_object().end_object().key("to").begin_object().end_object().knull("rel");
    w.end_object().end_object();
    return out;
}

std::string json_string(std::string_view text) {
    std::string out;
    append_json_string(out, text);
    return out;
}

/// The body text of a comment; the first comment is also the ticket description.
std::string comment_body(std::int64_t ticket_id, std::int64_t index, Rng& rng) {
    std::string body =
        "Comment " + std::to_string(index + 1) + " on ticket " + std::to_string(ticket_id) + ": ";
    body += kBodies[rng.below(kBodies.size())];
    if (rng.chance(0.03)) {  // some long comments for size variety
        const std::string once = body;
        for (int i = 0; i < 30; ++i) body += "\n" + once;
    }
    return body;
}

/// Writes both forms of custom fields (`custom_fields` and its legacy twin `fields`).
void write_custom_fields(JsonWriter& w, std::string_view key, std::string_view text) {
    w.key(key).begin_array();
    w.begin_object().knum("id", 360001).kraw("value", "9007199254740993").end_object();
    w.begin_object().knum("id", 360002).kraw("value", "1.0").end_object();
    w.begin_object().knum("id", 360003).kraw("value", "1").end_object();
    w.begin_object().knum("id", 360004).kbool("value", true).end_object();
    w.begin_object().knum("id", 360005).knull("value").end_object();
    w.begin_object().knum("id", 360006).kstr("value", text).end_object();
    w.begin_object().knum("id", 360007).kraw("value", "-0.5e-3").end_object();
    w.end_array();
}

/// Index into kStatuses, or kStatuses.size() for "deleted": the first draws of a ticket's stream.
std::size_t draw_status(Rng& rng) {
    if (rng.chance(0.01)) return kStatuses.size();
    int pick = static_cast<int>(rng.below(100));
    std::size_t s = 0;
    while (pick >= kStatusWeights[s]) pick -= kStatusWeights[s++];
    return s;
}

/// The status of a ticket added by a mutation: an hour-old ticket is neither deleted nor closed yet.
std::size_t fresh_status(std::size_t drawn) {
    if (drawn == kStatuses.size()) return 0;  // "new"
    static_assert(kStatuses[4] == "solved" && kStatuses[5] == "closed");
    if (drawn == 5) return 4;
    return drawn;
}

}  // namespace

Dataset::Dataset(DatasetOptions options) : options_(options) {
    const auto n = static_cast<std::size_t>(std::max<std::int64_t>(0, options_.tickets));
    ticket_base_ts_ = tied_timestamps(n, Rng(options_.seed, kTicketTs, 0), kEpochStart, kEpochEnd);
    ticket_generated_ = ticket_base_ts_;

    base_comment_counts_.resize(n);
    for (std::size_t i = 0; i < n; ++i)
        base_comment_counts_[i] =
            static_cast<std::uint16_t>(generated_comment_count(static_cast<std::int64_t>(i) + 1));
    // Page-boundary cases for comment pagination (page size 100).
    if (n >= 200) {
        base_comment_counts_[99] = 100;
        base_comment_counts_[100] = 101;
    }
    comment_counts_ = base_comment_counts_;

    ticket_flags_.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t status = drawn_status(static_cast<std::int64_t>(i) + 1);
        if (status == kStatuses.size())
            ticket_flags_[i] = kFlagDeleted;
        else if (kStatuses[status] == "closed" && Rng(options_.seed, kArchived, i + 1).chance(1.0 / 6))
            ticket_flags_[i] = kFlagArchived;  // about 5% of all tickets
    }

    const auto users = static_cast<std::size_t>(std::max<std::int64_t>(20, options_.tickets / 5));
    user_ids_.resize(users);
    for (std::size_t i = 0; i < users; ++i)
        user_ids_[i] = kFirstUserId + static_cast<std::int64_t>(i) * kUserIdStep;
    user_base_ts_ = tied_timestamps(users, Rng(options_.seed, kUserTs, 0), kEpochStart, kEpochEnd);
    user_revisions_.resize(users);

    const auto orgs = static_cast<std::size_t>(std::max<std::int64_t>(5, options_.tickets / 50));
    org_ids_.resize(orgs);
    for (std::size_t i = 0; i < orgs; ++i) org_ids_[i] = kFirstOrgId + static_cast<std::int64_t>(i) * 1013;
    org_base_ts_ = tied_timestamps(orgs, Rng(options_.seed, kOrgTs, 0), kEpochStart, kEpochEnd);
    org_revisions_.resize(orgs);

    // The mutation clock starts after every generated timestamp (Guide times end before kEpochEnd).
    clock_base_ = kEpochEnd;
    for (const auto* ts : {&ticket_base_ts_, &user_base_ts_, &org_base_ts_})
        if (!ts->empty()) clock_base_ = std::max(clock_base_, *std::max_element(ts->begin(), ts->end()));
    last_step_time_ = clock_base_;

    place_specials();
    for (std::int64_t id = 1; id <= ticket_count(); ++id)
        if (!ticket_archived(id)) listed_ticket_ids_.push_back(id);
    build_guide();
    build_support_kinds();
    rebuild_exports();
    build_ticket_events();
}

std::int64_t Dataset::generated_comment_count(std::int64_t id) const {
    Rng rng(options_.seed, kComments, static_cast<std::uint64_t>(id));
    return rng.chance(0.02) ? rng.range(101, 180) : rng.range(1, 8);
}

std::size_t Dataset::drawn_status(std::int64_t id) const {
    Rng rng(options_.seed, kTicket, static_cast<std::uint64_t>(id));
    const std::size_t status = draw_status(rng);
    const bool added = (ticket_flags_[static_cast<std::size_t>(id - 1)] & kFlagAdded) != 0;
    return added ? fresh_status(status) : status;
}

bool Dataset::ticket_deleted(std::int64_t id) const {
    return has_ticket(id) && (ticket_flags_[static_cast<std::size_t>(id - 1)] & kFlagDeleted) != 0;
}

bool Dataset::ticket_archived(std::int64_t id) const {
    return has_ticket(id) && (ticket_flags_[static_cast<std::size_t>(id - 1)] & kFlagArchived) != 0;
}

std::vector<std::int64_t> Dataset::deleted_ticket_ids() const {
    std::vector<std::int64_t> out;
    for (std::int64_t id = 1; id <= ticket_count(); ++id)
        if (ticket_deleted(id)) out.push_back(id);
    return out;
}

std::vector<std::int64_t> Dataset::archived_ticket_ids() const {
    std::vector<std::int64_t> out;
    for (std::int64_t id = 1; id <= ticket_count(); ++id)
        if (ticket_archived(id)) out.push_back(id);
    return out;
}

std::int64_t Dataset::comment_count(std::int64_t ticket_id) const {
    return has_ticket(ticket_id) ? comment_counts_[static_cast<std::size_t>(ticket_id - 1)] : 0;
}

std::int64_t Dataset::pick_user(std::uint64_t r, bool agent) const {
    // The first 5% of users (at least 2) are staff; the rest are end users.
    const std::uint64_t staff = std::max<std::uint64_t>(2, user_ids_.size() / 20);
    const std::uint64_t idx = agent ? r % staff : staff + r % (user_ids_.size() - staff);
    return user_ids_[idx];
}

Dataset::TicketTimes Dataset::base_ticket_times(std::int64_t id) const {
    const auto k = static_cast<std::size_t>(id - 1);
    const std::int64_t base = ticket_base_ts_[k];
    if (ticket_flags_[k] & kFlagAdded) return {base, base};  // created by a mutation, at the step's time
    Rng rng(options_.seed, kTicketTimes, static_cast<std::uint64_t>(id));
    const std::int64_t updated = base - rng.range(0, 3600);
    return {updated - rng.range(0, 90 * 86400), updated};
}

Dataset::TicketHead Dataset::ticket_head(std::int64_t id, Rng& rng) const {
    // The order of the draws is the stream's layout: changing it changes every generated ticket.
    TicketHead h;
    h.status = draw_status(rng);
    if (ticket_flags_[static_cast<std::size_t>(id - 1)] & kFlagAdded) h.status = fresh_status(h.status);
    h.requester = pick_user(rng.next(), false);
    h.subject = std::string(kSubjects[rng.below(kSubjects.size())]) + " #" + std::to_string(id);
    h.external_id = rng.chance(0.2);
    h.channel = rng.chance(0.5) ? "web" : "email";
    if (rng.chance(0.5)) h.type = rng.chance(0.5) ? "question" : "incident";
    if (rng.chance(0.6)) h.priority = rng.chance(0.5) ? "normal" : "high";
    return h;
}

Dataset::TicketHead Dataset::ticket_head(std::int64_t id) const {
    Rng rng(options_.seed, kTicket, static_cast<std::uint64_t>(id));
    return ticket_head(id, rng);
}

std::string Dataset::ticket_json(std::int64_t id) const {
    if (!has_ticket(id)) throw std::out_of_range("zdmock: unknown ticket " + std::to_string(id));
    const auto k = static_cast<std::size_t>(id - 1);
    const std::int64_t generated = ticket_generated_[k];
    TicketTimes times = base_ticket_times(id);
    if (ticket_flags_[k] & kFlagTouched) times.updated = generated;  // changed by a mutation
    Rng rng(options_.seed, kTicket, static_cast<std::uint64_t>(id));
    Rng first_comment(options_.seed, kComment, static_cast<std::uint64_t>(id) << 16);
    const std::string description = comment_body(id, 0, first_comment);
    // Fields follow the drawn status; a ticket deleted later keeps them and only shows "deleted".
    const TicketHead head = ticket_head(id, rng);
    const std::string status(head.status == kStatuses.size() ? "deleted" : kStatuses[head.status]);
    const auto string_or_null = [](JsonWriter& w, std::string_view key, std::optional<std::string_view> v) {
        if (v)
            w.kstr(key, *v);
        else
            w.knull(key);
    };

    std::string out;
    out.reserve(2048);
    JsonWriter w(out);
    w.begin_object();
    w.kstr("url", std::string(kHost) + "/api/v2/tickets/" + std::to_string(id) + ".json").knum("id", id);
    if (head.external_id)
        w.kstr("external_id", "ext-" + std::to_string(id));
    else
        w.knull("external_id");
    w.kraw("via", via_json(head.channel));
    w.kstr("created_at", iso8601(times.created)).kstr("updated_at", iso8601(times.updated));
    string_or_null(w, "type", head.type);
    w.kstr("subject", head.subject).kstr("raw_subject", head.subject).kstr("description", description);
    string_or_null(w, "priority", head.priority);
    w.kstr("status", ticket_deleted(id) ? "deleted" : status).knull("recipient");
    w.knum("requester_id", head.requester).knum("submitter_id", head.requester);
    if (status == "new")
        w.knull("assignee_id");
    else
        w.knum("assignee_id", pick_user(rng.next(), true));
    if (rng.chance(0.9))
        w.knum("organization_id", org_ids_[rng.below(org_ids_.size())]);
    else
        w.knull("organization_id");
    w.knum("group_id", 360000001 + rng.range(0, 3));
    w.key("collaborator_ids").begin_array();
    if (rng.chance(0.2)) w.num(pick_user(rng.next(), false));
    w.end_array();
    w.key("follower_ids").begin_array().end_array().key("email_cc_ids").begin_array().end_array();
    w.knull("forum_topic_id").knull("problem_id").kbool("has_incidents", false).kbool("is_public", true);
    w.knull("due_at");
    w.key("tags").begin_array();
    for (std::size_t t = 0; t < kTags.size(); ++t) {
        if (rng.chance(0.25)) w.str(kTags[t]);
    }
    w.end_array();
    const std::string field_text = std::string(kBodies[rng.below(kBodies.size())]);
    write_custom_fields(w, "custom_fields", field_text);
    if ((status == "solved" || status == "closed") && rng.chance(0.3)) {
        w.key("satisfaction_rating").begin_object().knum("id", 7000000000000 + id).kstr("score", "good");
        w.kstr("comment", "Merci \xf0\x9f\x98\x80").end_object();
    } else {
        w.knull("satisfaction_rating");
    }
    w.key("sharing_agreement_ids").begin_array().end_array().knum("custom_status_id", 360000100);
    write_custom_fields(w, "fields", field_text);
    w.key("followup_ids").begin_array().end_array();
    w.knum("ticket_form_id", 360000200).knum("brand_id", 360000300);
    w.kbool("allow_channelback", false)
        .kbool("allow_attachments", true)
        .kbool("from_messaging_channel", false);
    w.knum("generated_timestamp", generated);
    w.end_object();
    return out;
}

std::string Dataset::comment_json(std::int64_t ticket_id, std::int64_t index) const {
    return comment_json(ticket_id, index, false);
}

std::int64_t Dataset::comment_created_at(std::int64_t ticket_id, std::int64_t index) const {
    const std::int64_t count = base_comment_counts_[static_cast<std::size_t>(ticket_id - 1)];
    if (index >= count) return added_comment(ticket_id, index)->created_at;  // appended by a mutation
    // Spread comments between creation and last update, oldest first (ties allowed; ids break them).
    const TicketTimes times = base_ticket_times(ticket_id);
    return times.created + (count > 1 ? (times.updated - times.created) * index / (count - 1) : 0);
}

std::string Dataset::audit_system_json() {
    std::string out;
    JsonWriter w(out);
    w.begin_object()
        .kstr("client", "Mozilla/5.0 (X11; Linux x86_64) zdmock")
        .kstr("ip_address", "203.0.113.7");
    w.kstr("location", "Paris, 75, France").kraw("latitude", "48.8582").kraw("longitude", "2.3387");
    w.end_object();
    return out;
}

Dataset::CommentParts Dataset::comment_parts(std::int64_t ticket_id, std::int64_t index,
                                             bool include_inline_images) const {
    if (index < 0 || index >= comment_count(ticket_id)) throw std::out_of_range("zdmock: unknown comment");
    CommentParts c;
    c.id = ids::comment_id(ticket_id, index);
    c.audit_id = ids::comment_audit_id(ticket_id, index);
    c.created = comment_created_at(ticket_id, index);
    c.created_at = json_string(iso8601(c.created));
    Rng rng(options_.seed, kComment,
            (static_cast<std::uint64_t>(ticket_id) << 16) | static_cast<std::uint64_t>(index));
    const std::string body = comment_body(ticket_id, index, rng);
    const bool escaped = index > 0 && rng.chance(0.05);
    c.author_id = index == 0 || rng.chance(0.5) ? pick_user(rng.next(), false) : pick_user(rng.next(), true);
    if (escaped) {
        c.body = c.plain_body = kEscapedBodyJson;
        c.html_body = json_string(html_body(kEscapedBodyPlain));
    } else {
        c.body = c.plain_body = json_string(body);
        c.html_body = json_string(html_body(body));
    }
    c.is_public = index == 0 || rng.chance(0.8);
    JsonWriter files(c.attachments);
    files.begin_array();
    for (const Attachment& a : comment_attachments(ticket_id, index, include_inline_images))
        files.raw(attachment_json(a));
    files.end_array();
    c.via = via_json(index == 0 ? "web" : "api");
    c.system = audit_system_json();
    c.metadata = "{\"system\":" + c.system + ",\"custom\":{}}";
    return c;
}

std::string Dataset::comment_json(std::int64_t ticket_id, std::int64_t index,
                                  bool include_inline_images) const {
    const CommentParts c = comment_parts(ticket_id, index, include_inline_images);
    std::string out;
    out.reserve(1024);
    JsonWriter w(out);
    w.begin_object().knum("id", c.id).kstr("type", "Comment").knum("author_id", c.author_id);
    w.kraw("body", c.body).kraw("html_body", c.html_body).kraw("plain_body", c.plain_body);
    w.kbool("public", c.is_public).kraw("attachments", c.attachments).knum("audit_id", c.audit_id);
    w.kraw("via", c.via).kraw("created_at", c.created_at).kraw("metadata", c.metadata);
    w.end_object();
    return out;
}

std::vector<std::string> Dataset::comment_jsons(std::int64_t ticket_id) const {
    std::vector<std::string> out;
    const std::int64_t count = comment_count(ticket_id);
    out.reserve(static_cast<std::size_t>(count));
    for (std::int64_t i = 0; i < count; ++i) out.push_back(comment_json(ticket_id, i));
    return out;
}

std::size_t Dataset::user_index(std::int64_t id) const {
    const std::int64_t off = id - kFirstUserId;
    if (off < 0 || off % kUserIdStep != 0 || off / kUserIdStep >= static_cast<std::int64_t>(user_ids_.size()))
        throw std::out_of_range("zdmock: unknown user " + std::to_string(id));
    return static_cast<std::size_t>(off / kUserIdStep);
}

std::size_t Dataset::org_index(std::int64_t id) const {
    const std::int64_t off = id - kFirstOrgId;
    if (off < 0 || off % 1013 != 0 || off / 1013 >= static_cast<std::int64_t>(org_ids_.size()))
        throw std::out_of_range("zdmock: unknown organization " + std::to_string(id));
    return static_cast<std::size_t>(off / 1013);
}

std::string Dataset::user_json(std::int64_t id) const {
    const std::size_t i = user_index(id);
    Rng rng(options_.seed, kUser, i);
    const std::size_t staff = std::max<std::size_t>(2, user_ids_.size() / 20);
    const std::string_view role = i == 0      ? "admin"
                                  : i < staff ? (i % 3 == 0 ? "admin" : "agent")
                                              : "end-user";
    const std::int64_t base = user_base_ts_[i];
    const Revision& rev = user_revisions_[i];

    std::string out;
    out.reserve(1024);
    JsonWriter w(out);
    w.begin_object().knum("id", id);
    w.kstr("url", std::string(kHost) + "/api/v2/users/" + std::to_string(id) + ".json");
    w.kstr("name", i == 0 ? std::string("Admin User")
                          : std::string(kNames[i % kNames.size()]) + " " + std::to_string(i));
    w.kstr("email", i == 0 ? std::string("admin@example.com") : "user" + std::to_string(i) + "@example.com");
    w.kstr("created_at", iso8601(base - rng.range(0, 400 * 86400)))
        .kstr("updated_at", iso8601(rev.step ? rev.time : base));
    w.kstr("time_zone", "Paris")
        .kstr("iana_time_zone", "Europe/Paris")
        .knull("phone")
        .knull("shared_phone_number");
    w.knull("photo").knum("locale_id", 1).kstr("locale", "en-US");
    if (rng.chance(0.7))
        w.knum("organization_id", org_ids_[rng.below(org_ids_.size())]);
    else
        w.knull("organization_id");
    w.kstr("role", role).kbool("verified", true).knull("external_id");
    w.key("tags").begin_array();
    if (rng.chance(0.3)) w.str(kTags[rng.below(kTags.size())]);
    w.end_array();
    w.knull("alias").kbool("active", i == 0 || !rng.chance(0.02)).kbool("shared", false);
    w.kbool("shared_agent", false);
    if (rng.chance(0.5))
        w.kstr("last_login_at", iso8601(base));
    else
        w.knull("last_login_at");
    w.knull("two_factor_auth_enabled").knull("signature").knull("details");
    if (rev.step)
        w.kstr("notes", "Updated by zdmock mutation step " + std::to_string(rev.step));
    else
        w.knull("notes");
    if (role == "end-user")
        w.knull("role_type");
    else
        w.knum("role_type", 0);
    w.knull("custom_role_id").kbool("moderator", role != "end-user");
    w.kstr("ticket_restriction", role == "end-user" ? "requested" : "assigned");
    w.kbool("only_private_comments", false).kbool("restricted_agent", false).kbool("suspended", false);
    w.knull("default_group_id").kbool("report_csv", role == "admin");
    w.key("user_fields").begin_object().kstr("plan", kBodies[rng.below(kBodies.size())]);
    w.kraw("loyalty_points", "9007199254740993").kraw("score", "1.0").knull("birthday").end_object();
    w.end_object();
    return out;
}

std::string Dataset::organization_json(std::int64_t id) const {
    const std::size_t i = org_index(id);
    Rng rng(options_.seed, kOrg, i);
    const std::int64_t base = org_base_ts_[i];
    const Revision& rev = org_revisions_[i];

    std::string out;
    out.reserve(768);
    JsonWriter w(out);
    w.begin_object().kstr("url",
                          std::string(kHost) + "/api/v2/organizations/" + std::to_string(id) + ".json");
    w.knum("id", id).kstr("name", std::string(kNames[i % kNames.size()]) + " Org " + std::to_string(i));
    w.kbool("shared_tickets", rng.chance(0.5)).kbool("shared_comments", false);
    if (rng.chance(0.3))
        w.kstr("external_id", "org-" + std::to_string(i));
    else
        w.knull("external_id");
    w.kstr("created_at", iso8601(base - rng.range(0, 700 * 86400)))
        .kstr("updated_at", iso8601(rev.step ? rev.time : base));
    w.key("domain_names").begin_array().str("org" + std::to_string(i) + ".example.com").end_array();
    w.kstr("details", kBodies[rng.below(kBodies.size())]);
    if (rev.step)
        w.kstr("notes", "Updated by zdmock mutation step " + std::to_string(rev.step));
    else
        w.knull("notes");
    w.knull("group_id");
    w.key("tags").begin_array();
    if (rng.chance(0.5)) w.str(kTags[rng.below(kTags.size())]);
    w.end_array();
    w.key("organization_fields")
        .begin_object()
        .kstr("tier", "gold")
        .kraw("account_number", "9007199254740993");
    w.kraw("ratio", "1.0").kbool("active", true).knull("note").end_object();
    w.end_object();
    return out;
}

}  // namespace zdmock
