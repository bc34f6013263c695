// GET /incremental/ticket_events through MockService (sans-I/O): the stream a backup would take comments
// from must agree byte for byte with /tickets/{id}/comments, before and after POST /__mock/mutate.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <zdbackup/core/json_raw.hpp>

#include "zdmock/api.hpp"
#include "zdmock/dataset.hpp"
#include "zdmock/mutation.hpp"
#include "zdmock/pagination.hpp"
#include "zdmock/service.hpp"

namespace {

namespace json = boost::json;

constexpr std::int64_t kTickets = 300;
constexpr std::string_view kPath = "/api/v2/incremental/ticket_events.json";

std::string basic_auth() {
    return "Basic " + zdmock::base64_encode("admin@example.com/token:zdmock-token");
}

std::string target_of(std::string_view url) {
    return std::string(url.substr(url.find('/', url.find("://") + 3)));
}

std::int64_t epoch_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// Index just past the JSON value that starts at `i` (the mock writes no whitespace).
std::size_t skip_value(std::string_view s, std::size_t i) {
    if (s[i] == '"') {
        for (++i; s[i] != '"'; ++i)
            if (s[i] == '\\') ++i;
        return i + 1;
    }
    if (s[i] == '{' || s[i] == '[') {
        int depth = 0;
        for (;; ++i) {
            if (s[i] == '"') {
                i = skip_value(s, i) - 1;
            } else if (s[i] == '{' || s[i] == '[') {
                ++depth;
            } else if ((s[i] == '}' || s[i] == ']') && --depth == 0) {
                return i + 1;
            }
        }
    }
    while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']') ++i;  // a number or a literal
    return i;
}

/// The raw text of each top-level member of a compact JSON object, by key. Checks that the members
/// reassemble into `object`, so the slices are exact.
std::map<std::string, std::string_view> members(std::string_view object) {
    std::map<std::string, std::string_view> out;
    std::string rebuilt = "{";
    for (std::size_t i = 1; object[i] != '}';) {
        const std::size_t key_end = skip_value(object, i);
        const std::size_t value_end = skip_value(object, key_end + 1);
        const std::string_view value = object.substr(key_end + 1, value_end - key_end - 1);
        out.emplace(std::string(object.substr(i + 1, key_end - i - 2)), value);
        rebuilt += std::string(object.substr(i, value_end - i));
        i = object[value_end] == ',' ? value_end + 1 : value_end;
        if (object[value_end] == ',') rebuilt += ',';
    }
    EXPECT_EQ(rebuilt + "}", object);
    return out;
}

std::vector<std::string_view> children(std::string_view event) {
    return zdbackup::top_level_array_elements(event, "child_events").value();
}

std::int64_t as_int(std::string_view raw) {
    return std::stoll(std::string(raw));
}

std::optional<std::string> opt_string(const json::value& v) {
    if (v.is_null()) return std::nullopt;
    return std::string(v.as_string());
}

/// A comment child event put back together in the comments endpoint's key order, with the audit's
/// metadata: what /tickets/{id}/comments serves for the same comment.
std::string reassembled_comment(const std::map<std::string, std::string_view>& child,
                                std::string_view metadata) {
    std::string out = "{";
    for (const char* key : {"id", "type", "author_id", "body", "html_body", "plain_body", "public",
                            "attachments", "audit_id", "via", "created_at"})
        out += "\"" + std::string(key) + "\":" + std::string(child.at(key)) + ",";
    return out + "\"metadata\":" + std::string(metadata) + "}";
}

struct CommentKey {
    std::int64_t ticket = 0, index = 0;
};

class ZdmockTicketEvents : public ::testing::Test {
  protected:
    static zdmock::DatasetOptions opts() {
        zdmock::DatasetOptions o;
        o.tickets = kTickets;
        o.seed = 5;
        o.base_url = "https://127.0.0.1:1";
        return o;
    }
    zdmock::Dataset truth_{opts()};  // mutated in-process alongside the server: the ground truth
    zdmock::Options options_;
    std::unique_ptr<zdmock::MockService> service_;

    void SetUp() override { start(); }
    /// (Re)starts the service on a copy of truth_ with the current options_.
    void start() {
        service_ = std::make_unique<zdmock::MockService>(truth_, options_);
        service_->set_base_url("https://127.0.0.1:1");
    }
    zdmock::HttpResponse get(std::string_view target) {
        return service_->process({"GET", target, basic_auth()}).response;
    }

    struct Walk {
        std::vector<std::string> events;  // raw, in stream order, boundary repeats included
        std::int64_t end_time = 0;
        int pages = 0;
    };
    /// Follows next_page from `query` until end_of_stream.
    Walk walk(std::string_view query) {
        Walk w;
        std::string target = std::string(kPath) + "?" + std::string(query);
        for (; w.pages < 10000; ++w.pages) {
            const auto r = get(target);
            EXPECT_EQ(r.status, 200u) << r.body;
            if (r.status != 200) break;
            const auto page = json::parse(r.body).as_object();
            const auto raw = zdbackup::top_level_array_elements(r.body, "ticket_events");
            EXPECT_TRUE(raw.has_value());
            if (!raw) break;
            EXPECT_EQ(static_cast<std::int64_t>(raw->size()), page.at("count").as_int64());
            for (const auto e : *raw) w.events.emplace_back(e);
            w.end_time = page.at("end_time").as_int64();
            EXPECT_TRUE(page.at("next_page").is_string()) << "next_page stays set, even on the tail page";
            if (page.at("end_of_stream").as_bool()) break;
            target = target_of(page.at("next_page").as_string());
        }
        ++w.pages;
        return w;
    }

    /// Comment id → (ticket, index), from the comments endpoint's ground truth.
    std::map<std::int64_t, CommentKey> comment_ids() const {
        std::map<std::int64_t, CommentKey> out;
        for (std::int64_t t = 1; t <= truth_.ticket_count(); ++t)
            for (std::int64_t i = 0; i < truth_.comment_count(t); ++i)
                out[json::parse(truth_.comment_json(t, i)).at("id").as_int64()] = {t, i};
        return out;
    }
    /// Audit id → raw event, from Dataset::ticket_events_json().
    std::map<std::int64_t, std::string> truth_events(bool include_comments) const {
        std::map<std::int64_t, std::string> out;
        for (std::int64_t t = 1; t <= truth_.ticket_count(); ++t)
            for (std::string& e : truth_.ticket_events_json(t, include_comments))
                out.emplace(as_int(members(e).at("id")), std::move(e));
        return out;
    }

    /// Checks every comment child of `events` against comment_json(…, true); returns the comments seen.
    std::set<std::int64_t> check_comment_children(const std::vector<std::string>& events) const {
        const auto ids = comment_ids();
        std::set<std::int64_t> seen;
        for (const std::string& event : events) {
            const auto parent = members(event);
            int comments = 0;
            for (const std::string_view raw : children(event)) {
                const auto child = members(raw);
                if (child.at("event_type") != "\"Comment\"") continue;
                ++comments;
                const std::int64_t id = as_int(child.at("id"));
                const auto it = ids.find(id);
                if (it == ids.end()) {
                    ADD_FAILURE() << "unknown comment " << id;
                    continue;
                }
                seen.insert(id);
                const auto [ticket, index] = it->second;
                EXPECT_EQ(as_int(parent.at("ticket_id")), ticket);
                EXPECT_EQ(parent.at("id"), child.at("audit_id"));
                EXPECT_EQ(parent.at("created_at"), child.at("created_at"));
                EXPECT_EQ(parent.at("updater_id"), child.at("author_id"));
                EXPECT_EQ(child.at("via_reference_id"), "null");
                EXPECT_EQ(reassembled_comment(child, parent.at("metadata")),
                          truth_.comment_json(ticket, index, true))
                    << "ticket " << ticket << " comment " << index;
                EXPECT_EQ(parent.at("system"), members(parent.at("metadata")).at("system"));
            }
            EXPECT_LE(comments, 1);
        }
        return seen;
    }
};

TEST_F(ZdmockTicketEvents, RoutesAsAnExportNamedTicketEvents) {
    for (std::string_view t : {"/api/v2/incremental/ticket_events.json?start_time=0",
                               "/api/v2/incremental/ticket_events?start_time=0"})
        EXPECT_EQ(zdmock::route_for(t).endpoint, zdmock::Endpoint::ticket_events) << t;
    EXPECT_TRUE(zdmock::is_export(zdmock::Endpoint::ticket_events));
    EXPECT_EQ(zdmock::endpoint_name(zdmock::Endpoint::ticket_events), "ticket_events");
}

TEST_F(ZdmockTicketEvents, WalkVisitsEveryCommentOnceByteForByte) {
    const Walk w = walk("start_time=0&per_page=37&include=comment_events");
    const std::set<std::int64_t> seen = check_comment_children(w.events);
    const auto all = comment_ids();
    EXPECT_EQ(seen.size(), all.size());
    for (const auto& [id, key] : all) EXPECT_TRUE(seen.contains(id)) << key.ticket << "/" << key.index;
    // Every event of the index, and nothing else, after deduplicating the boundary repeats.
    const auto truth = truth_events(true);
    std::set<std::int64_t> audits;
    for (const std::string& e : w.events) {
        const std::int64_t id = as_int(members(e).at("id"));
        audits.insert(id);
        ASSERT_TRUE(truth.contains(id)) << id;
        EXPECT_EQ(e, truth.at(id));
    }
    EXPECT_EQ(audits.size(), truth_.ticket_events().size());
    EXPECT_EQ(audits.size(), truth.size());
    EXPECT_GT(w.events.size(), audits.size()) << "per_page=37 pages repeat their boundary events";
}

TEST_F(ZdmockTicketEvents, EventsComeInTimestampThenIdOrder) {
    const Walk w = walk("start_time=0&per_page=100");
    std::int64_t last_ts = -1, last_id = -1;
    std::set<std::int64_t> seen;
    for (const std::string& e : w.events) {
        const auto m = members(e);
        const std::int64_t ts = as_int(m.at("timestamp")), id = as_int(m.at("id"));
        // A page starts at the previous end_time, so the stream never goes back in time; within one
        // timestamp ids ascend, except where a new page repeats the boundary.
        EXPECT_GE(ts, last_ts);
        if (ts == last_ts && id <= last_id) {
            EXPECT_TRUE(seen.contains(id)) << "only a repeat goes back";
        }
        seen.insert(id);
        last_ts = ts;
        last_id = id;
    }
    // Within a page the order is strict.
    const auto page = get(std::string(kPath) + "?start_time=0&per_page=500");
    const auto events = zdbackup::top_level_array_elements(page.body, "ticket_events").value();
    for (std::size_t i = 1; i < events.size(); ++i) {
        const auto a = members(events[i - 1]), b = members(events[i]);
        EXPECT_LT(std::pair(as_int(a.at("timestamp")), as_int(a.at("id"))),
                  std::pair(as_int(b.at("timestamp")), as_int(b.at("id"))));
    }
}

TEST_F(ZdmockTicketEvents, WithoutTheSideloadAuditsOnlySayWhetherTheyHaveAComment) {
    const Walk w = walk("start_time=0&per_page=250");
    std::map<std::int64_t, bool> public_by_audit;  // the comments endpoint's audit_id → public
    for (std::int64_t t = 1; t <= truth_.ticket_count(); ++t)
        for (const std::string& c : truth_.comment_jsons(t)) {
            const auto comment = json::parse(c);
            public_by_audit[comment.at("audit_id").as_int64()] = comment.at("public").as_bool();
        }
    const auto truth = truth_events(false);
    std::size_t with_comment = 0, without = 0;
    for (const std::string& e : w.events) {
        const auto m = members(e);
        EXPECT_EQ(e, truth.at(as_int(m.at("id"))));
        for (const std::string_view child : children(e))
            EXPECT_NE(members(child).at("event_type"), "\"Comment\"");
        if (m.at("comment_present") == "true") {
            ++with_comment;
            const auto comment = public_by_audit.find(as_int(m.at("id")));
            ASSERT_NE(comment, public_by_audit.end()) << "a comment audit is its comment's audit_id";
            EXPECT_EQ(m.at("comment_public"), comment->second ? "true" : "false");
        } else {
            ++without;
            EXPECT_EQ(m.at("comment_present"), "false");
        }
    }
    EXPECT_GT(with_comment, 0u);
    EXPECT_GT(without, 0u) << "field-change audits without a comment";
}

TEST_F(ZdmockTicketEvents, GroundTruthTellsACoherentHistoryPerTicket) {
    std::set<std::int64_t> audit_ids;
    int tickets_with_changes = 0;
    for (std::int64_t t = 1; t <= truth_.ticket_count(); ++t) {
        const auto events = truth_.ticket_events_json(t, true);
        const auto ticket = json::parse(truth_.ticket_json(t)).as_object();
        std::int64_t comment_audits = 0, change_audits = 0;
        std::optional<std::string> status, priority;  // as the Create/Change events tell them
        for (const std::string& e : events) {
            const auto m = json::parse(e).as_object();
            EXPECT_TRUE(audit_ids.insert(m.at("id").as_int64()).second) << "duplicate audit id";
            EXPECT_EQ(m.at("ticket_id").as_int64(), t);
            bool has_comment = false;
            for (const auto& c : m.at("child_events").as_array()) {
                const auto& child = c.as_object();
                EXPECT_TRUE(audit_ids.insert(child.at("id").as_int64()).second) << "duplicate child id";
                if (child.at("event_type").as_string() == "Comment") {
                    has_comment = true;
                    continue;
                }
                const std::string field(child.at("field_name").as_string());
                const auto value = opt_string(child.at("value"));
                if (child.at("event_type").as_string() == "Change") {
                    EXPECT_EQ(opt_string(child.at("previous_value")), field == "status" ? status : priority);
                    EXPECT_NE(value, field == "status" ? status : priority) << "a change changes";
                }
                if (field == "status") status = value;
                if (field == "priority") priority = value;
                if (field == "subject") {
                    EXPECT_EQ(value, opt_string(ticket.at("subject")));
                }
            }
            (has_comment ? comment_audits : change_audits) += 1;
        }
        EXPECT_EQ(comment_audits, truth_.comment_count(t));
        EXPECT_LE(change_audits, 3);
        tickets_with_changes += change_audits > 0;
        // The history ends where the ticket is (a deleted ticket's history stops before its deletion).
        EXPECT_EQ(priority, opt_string(ticket.at("priority"))) << t;
        if (ticket.at("status").as_string() != "deleted") {
            EXPECT_EQ(status, opt_string(ticket.at("status"))) << t;
        }
    }
    EXPECT_GT(tickets_with_changes, kTickets / 5);
    EXPECT_LT(tickets_with_changes, kTickets * 2 / 5);
}

TEST_F(ZdmockTicketEvents, DeletedTicketsKeepTheirEvents) {
    const auto deleted = truth_.deleted_ticket_ids();
    ASSERT_FALSE(deleted.empty());
    const auto& refs = truth_.ticket_events().refs();
    for (const std::int64_t id : deleted) {
        const auto n = std::count_if(refs.begin(), refs.end(), [&](const auto& r) { return r.ticket == id; });
        EXPECT_EQ(static_cast<std::size_t>(n), truth_.ticket_events_json(id, false).size());
        EXPECT_GE(n, truth_.comment_count(id));
    }
}

TEST_F(ZdmockTicketEvents, RefusesBadParameters) {
    const auto recent = get(std::string(kPath) + "?start_time=" + std::to_string(epoch_now() - 10));
    EXPECT_EQ(recent.status, 400u);
    EXPECT_NE(recent.body.find("StartTimeTooRecent"), std::string::npos);
    EXPECT_EQ(get(std::string(kPath) + "?start_time=" + std::to_string(epoch_now() - 120)).status, 200u);
    EXPECT_EQ(get(std::string(kPath)).status, 400u);
    EXPECT_EQ(get(std::string(kPath) + "?start_time=0&per_page=0").status, 400u);
}

TEST_F(ZdmockTicketEvents, PagesHoldAtMostAThousandAndNextPageKeepsTheQuery) {
    const auto page = json::parse(get(std::string(kPath) + "?start_time=0&per_page=5000").body).as_object();
    EXPECT_GE(page.at("count").as_int64(), 1000);  // ties may extend a page past per_page
    EXPECT_LT(page.at("count").as_int64(), 1100);
    const auto small =
        json::parse(get(std::string(kPath) + "?start_time=0&per_page=3&include=comment_events").body)
            .as_object();
    const std::string next(small.at("next_page").as_string());
    EXPECT_EQ(next, "https://127.0.0.1:1/api/v2/incremental/ticket_events.json?per_page=3&start_time=" +
                        std::to_string(small.at("end_time").as_int64()) + "&include=comment_events");
}

TEST_F(ZdmockTicketEvents, ResumingFromTheSavedEndTimeGivesExactlyTheNewComments) {
    const Walk full = walk("start_time=0&include=comment_events");
    std::set<std::string> before(full.events.begin(), full.events.end());

    constexpr std::string_view kMutate = "/__mock/mutate?update_tickets=6&add_tickets=2&delete_tickets=3";
    ASSERT_EQ(service_->process({"POST", kMutate, ""}).response.status, 200u);
    std::string error;
    const zdmock::MutationResult r = truth_.mutate(*zdmock::parse_mutation(zdmock::Query(kMutate), error));

    const Walk delta =
        walk("start_time=" + std::to_string(full.end_time) + "&per_page=50&include=comment_events");
    std::vector<std::string> fresh;
    for (const std::string& e : delta.events) {
        const std::int64_t ts = as_int(members(e).at("timestamp"));
        EXPECT_GE(ts, full.end_time);
        if (ts == full.end_time) {
            EXPECT_TRUE(before.contains(e)) << "a boundary repeat, unchanged";
        } else {
            fresh.push_back(e);
        }
    }
    std::set<std::int64_t> expected;
    for (const std::int64_t id : r.updated_tickets)
        expected.insert(
            json::parse(truth_.comment_json(id, truth_.comment_count(id) - 1)).at("id").as_int64());
    for (const std::int64_t id : r.added_tickets)
        for (const std::string& c : truth_.comment_jsons(id))
            expected.insert(json::parse(c).at("id").as_int64());
    EXPECT_EQ(static_cast<std::int64_t>(expected.size()), r.new_comments);
    EXPECT_EQ(check_comment_children(fresh), expected);
    // The added tickets bring their field-change audits too; nothing else is new.
    const auto truth = truth_events(true);
    for (const std::string& e : fresh) {
        const auto m = members(e);
        EXPECT_EQ(e, truth.at(as_int(m.at("id"))));
        const std::int64_t ticket = as_int(m.at("ticket_id"));
        EXPECT_TRUE(std::count(r.updated_tickets.begin(), r.updated_tickets.end(), ticket) +
                        std::count(r.added_tickets.begin(), r.added_tickets.end(), ticket) ==
                    1)
            << ticket;
    }
    // Nothing new since: resuming from the delta's end_time gives only its boundary repeats.
    const Walk again = walk("start_time=" + std::to_string(delta.end_time) + "&include=comment_events");
    for (const std::string& e : again.events) EXPECT_EQ(as_int(members(e).at("timestamp")), r.time);
    // And a full walk afterwards still visits every comment, old and new.
    EXPECT_EQ(check_comment_children(walk("start_time=0&include=comment_events").events).size(),
              comment_ids().size());
}

TEST_F(ZdmockTicketEvents, IsAnAdminOnlyExportOnTheExportBucket) {
    options_.export_rate_limit = 1;
    start();
    const std::string target = std::string(kPath) + "?start_time=0&per_page=10";
    EXPECT_EQ(get(target).status, 200u);
    EXPECT_EQ(get(target).status, 429u) << "the export bucket is spent";
    EXPECT_EQ(get("/api/v2/users/me.json").status, 200u) << "the account bucket is not";
    const auto stats = json::parse(get("/__mock/stats").body);
    EXPECT_EQ(stats.at("by_endpoint").at("ticket_events").as_int64(), 2);

    options_.export_rate_limit = 0;
    options_.role = "agent";
    start();
    EXPECT_EQ(get(target).status, 403u);
}

TEST_F(ZdmockTicketEvents, HonoursStuckTimeExportsAndFaults) {
    options_.stuck_export = "time";
    start();
    const auto page = json::parse(get(std::string(kPath) + "?start_time=100&per_page=5").body);
    EXPECT_EQ(page.at("end_time").as_int64(), 100);
    EXPECT_FALSE(page.at("end_of_stream").as_bool());

    options_.stuck_export.clear();
    options_.fault_rate = 1.0;
    options_.faults = {zdmock::FaultKind::http500};
    start();
    EXPECT_EQ(get(std::string(kPath) + "?start_time=0").status, 500u);
}

}  // namespace
