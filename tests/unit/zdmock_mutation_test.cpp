// Dataset::mutate: one deterministic "mutation step" of the mock account, used as ground truth by tests.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <chrono>
#include <set>
#include <stdexcept>

#include "zdmock/dataset.hpp"
#include "zdmock/mutation.hpp"
#include "zdmock/time_format.hpp"

namespace {

namespace json = boost::json;
using zdmock::Dataset;
using zdmock::Mutation;
using zdmock::MutationResult;

constexpr std::int64_t kTickets = 600;

Dataset fresh() {
    return Dataset({kTickets, 11});
}

Mutation typical() {
    Mutation m;
    m.update_tickets = 8;
    m.add_tickets = 3;
    m.delete_tickets = 4;
    m.update_users = 5;
    m.update_organizations = 3;
    m.update_articles = 2;
    return m;
}

bool contains(const std::vector<std::int64_t>& v, std::int64_t x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

json::object parse(const std::string& text) {
    return json::parse(text).as_object();
}

std::string str(const json::object& o, std::string_view key) {
    return std::string(o.at(key).as_string());
}

std::vector<std::int64_t> attachment_ids(const std::vector<zdmock::Attachment>& list) {
    std::vector<std::int64_t> out;
    for (const auto& a : list) out.push_back(a.id);
    return out;
}

TEST(ZdmockMutation, SameStepGivesSameChangesAndJson) {
    Dataset a = fresh(), b = fresh();
    const MutationResult ra = a.mutate(typical()), rb = b.mutate(typical());
    EXPECT_EQ(ra.step, 1);
    EXPECT_EQ(a.mutation_step(), 1);
    EXPECT_EQ(zdmock::mutation_result_json(ra), zdmock::mutation_result_json(rb));
    ASSERT_EQ(a.ticket_count(), b.ticket_count());
    for (std::int64_t id = 1; id <= a.ticket_count(); ++id) {
        EXPECT_EQ(a.ticket_json(id), b.ticket_json(id));
        EXPECT_EQ(a.comment_jsons(id), b.comment_jsons(id));
    }
    EXPECT_EQ(a.ticket_ids(), b.ticket_ids());
    EXPECT_EQ(a.ticket_timestamps(), b.ticket_timestamps());
    EXPECT_EQ(a.user_ids(), b.user_ids());
    EXPECT_EQ(a.organization_ids(), b.organization_ids());
    for (const std::int64_t id : a.user_ids()) EXPECT_EQ(a.user_json(id), b.user_json(id));
    for (const std::int64_t id : a.organization_ids())
        EXPECT_EQ(a.organization_json(id), b.organization_json(id));
    for (const std::int64_t id : a.guide_article_ids()) {
        EXPECT_EQ(a.guide_article_json(id), b.guide_article_json(id));
        EXPECT_EQ(a.guide_translation_jsons(id), b.guide_translation_jsons(id));
    }
    // The next step picks other records, later.
    const MutationResult second = a.mutate(typical());
    EXPECT_EQ(second.step, 2);
    EXPECT_GT(second.time, ra.time);
    EXPECT_NE(second.updated_tickets, ra.updated_tickets);
    EXPECT_EQ(second.added_tickets.front(), kTickets + 4);
}

TEST(ZdmockMutation, ChangesExactlyTheListedRecords) {
    const Dataset before = fresh();
    Dataset after = fresh();
    const MutationResult r = after.mutate(typical());
    ASSERT_EQ(r.updated_tickets.size(), 8u);
    ASSERT_EQ(r.added_tickets.size(), 3u);
    ASSERT_EQ(r.deleted_tickets.size(), 4u);
    ASSERT_EQ(r.updated_users.size(), 5u);
    ASSERT_EQ(r.updated_organizations.size(), 3u);
    ASSERT_EQ(r.updated_articles.size(), 2u);
    for (std::int64_t id = 1; id <= kTickets; ++id) {
        const bool updated = contains(r.updated_tickets, id);
        const bool changed = updated || contains(r.deleted_tickets, id);
        EXPECT_EQ(before.ticket_json(id) != after.ticket_json(id), changed) << id;
        if (!updated) {
            EXPECT_EQ(before.comment_jsons(id), after.comment_jsons(id)) << id;
            EXPECT_EQ(attachment_ids(before.ticket_attachments(id, true)),
                      attachment_ids(after.ticket_attachments(id, true)));
        }
    }
    const std::string when = zdmock::iso8601(r.time);
    for (const std::int64_t id : before.user_ids()) {
        const bool updated = contains(r.updated_users, id);
        EXPECT_EQ(before.user_json(id) != after.user_json(id), updated) << id;
        if (!updated) continue;
        const auto u = parse(after.user_json(id)), old = parse(before.user_json(id));
        EXPECT_EQ(str(u, "updated_at"), when);
        EXPECT_EQ(str(u, "notes"), "Updated by zdmock mutation step 1");
        EXPECT_EQ(u.at("created_at"), old.at("created_at"));
        EXPECT_EQ(u.at("name"), old.at("name"));
    }
    for (const std::int64_t id : before.organization_ids()) {
        const bool updated = contains(r.updated_organizations, id);
        EXPECT_EQ(before.organization_json(id) != after.organization_json(id), updated) << id;
        if (updated) {
            const auto o = parse(after.organization_json(id));
            EXPECT_EQ(str(o, "updated_at"), when);
            EXPECT_TRUE(o.at("notes").is_string());
        }
    }
    for (const std::int64_t id : before.guide_article_ids()) {
        const bool updated = contains(r.updated_articles, id);
        EXPECT_EQ(before.guide_article_json(id) != after.guide_article_json(id), updated) << id;
        const auto old_t = before.guide_translation_jsons(id), new_t = after.guide_translation_jsons(id);
        ASSERT_EQ(old_t.size(), new_t.size());
        int differing = 0;
        for (std::size_t i = 0; i < old_t.size(); ++i) differing += old_t[i] != new_t[i];
        EXPECT_EQ(differing, updated ? 1 : 0) << id;
        EXPECT_EQ(before.guide_article_attachments(id).size(), after.guide_article_attachments(id).size());
        if (!updated) continue;
        const auto a = parse(after.guide_article_json(id)), old = parse(before.guide_article_json(id));
        EXPECT_EQ(str(a, "updated_at"), when);
        EXPECT_EQ(str(a, "edited_at"), when);
        EXPECT_EQ(a.at("created_at"), old.at("created_at"));
        EXPECT_NE(a.at("title"), old.at("title"));
        EXPECT_NE(a.at("body"), old.at("body"));
        const auto en = parse(new_t.front());  // the source locale is the one edited
        EXPECT_EQ(str(en, "locale"), "en-us");
        EXPECT_EQ(str(en, "updated_at"), when);
        EXPECT_NE(str(en, "body").find("mutation step 1"), std::string::npos);
    }
}

TEST(ZdmockMutation, UpdatedTicketGetsOneNewCommentAtTheEnd) {
    const Dataset before = fresh();
    Dataset after = fresh();
    const MutationResult r = after.mutate(typical());
    std::vector<std::int64_t> expected_attachments;
    std::int64_t from_updates = 0;
    for (const std::int64_t id : r.updated_tickets) {
        const auto old_comments = before.comment_jsons(id), comments = after.comment_jsons(id);
        ASSERT_EQ(comments.size(), old_comments.size() + 1) << id;
        EXPECT_EQ(after.comment_count(id), before.comment_count(id) + 1);
        EXPECT_TRUE(std::equal(old_comments.begin(), old_comments.end(), comments.begin()));
        const auto last = parse(comments.back()), previous = parse(old_comments.back());
        EXPECT_EQ(str(last, "created_at"), zdmock::iso8601(r.time));
        EXPECT_GT(last.at("id").as_int64(), previous.at("id").as_int64());
        const auto t = parse(after.ticket_json(id)), old = parse(before.ticket_json(id));
        EXPECT_EQ(t.at("generated_timestamp").as_int64(), r.time);
        EXPECT_EQ(str(t, "updated_at"), zdmock::iso8601(r.time));
        for (const char* same : {"created_at", "status", "subject", "description", "tags", "assignee_id"})
            EXPECT_EQ(t.at(same), old.at(same)) << id << " " << same;
        EXPECT_NE(str(t, "status"), "closed");
        // Old attachments keep their ids and bytes; new ones belong to the new comment.
        const auto old_files = before.ticket_attachments(id, true);
        const auto files = after.ticket_attachments(id, true);
        ASSERT_GE(files.size(), old_files.size());
        for (std::size_t i = 0; i < old_files.size(); ++i) {
            EXPECT_EQ(files[i].id, old_files[i].id);
            EXPECT_EQ(after.attachment_json(files[i]), before.attachment_json(old_files[i]));
            EXPECT_EQ(after.attachment_bytes(files[i].id), before.attachment_bytes(old_files[i].id));
        }
        for (std::size_t i = old_files.size(); i < files.size(); ++i) {
            EXPECT_EQ(files[i].comment_index, before.comment_count(id));
            expected_attachments.push_back(files[i].id);
            ++from_updates;
        }
    }
    EXPECT_GE(from_updates, 1) << "with 5 or more updates one of them carries a new attachment";
    std::int64_t added_comments = 0;
    for (const std::int64_t id : r.added_tickets) {
        added_comments += after.comment_count(id);
        for (const auto& a : after.ticket_attachments(id, true)) expected_attachments.push_back(a.id);
    }
    EXPECT_EQ(r.new_comments, 8 + added_comments);
    EXPECT_EQ(r.new_attachments, expected_attachments);
    for (const std::int64_t id : r.new_attachments) {
        const auto a = after.attachment(id);
        ASSERT_TRUE(a.has_value()) << id;
        EXPECT_FALSE(before.attachment(id).has_value()) << id;
        EXPECT_EQ(a->download_status(), 302u);
        EXPECT_EQ(after.attachment_bytes(id).size(), static_cast<std::size_t>(a->size));
        EXPECT_EQ(after.attachment_by_token(a->token)->id, id);
    }
}

TEST(ZdmockMutation, DeletedAndAddedTickets) {
    const Dataset before = fresh();
    Dataset after = fresh();
    const MutationResult r = after.mutate(typical());
    for (const std::int64_t id : r.deleted_tickets) {
        EXPECT_FALSE(before.ticket_deleted(id));
        EXPECT_FALSE(before.ticket_archived(id));
        EXPECT_TRUE(after.ticket_deleted(id));
        EXPECT_FALSE(contains(r.updated_tickets, id));
        EXPECT_TRUE(contains(after.deleted_ticket_ids(), id));
        const auto t = parse(after.ticket_json(id)), old = parse(before.ticket_json(id));
        EXPECT_EQ(str(t, "status"), "deleted");
        EXPECT_EQ(t.at("generated_timestamp").as_int64(), r.time);
        EXPECT_EQ(str(t, "updated_at"), zdmock::iso8601(r.time));
        EXPECT_EQ(t.at("subject"), old.at("subject"));
        EXPECT_EQ(t.at("assignee_id"), old.at("assignee_id"));
    }
    EXPECT_EQ(r.added_tickets, (std::vector<std::int64_t>{kTickets + 1, kTickets + 2, kTickets + 3}));
    EXPECT_EQ(after.ticket_count(), kTickets + 3);
    EXPECT_FALSE(before.has_ticket(kTickets + 1));
    for (const std::int64_t id : r.added_tickets) {
        EXPECT_TRUE(after.has_ticket(id));
        EXPECT_FALSE(after.ticket_deleted(id));
        EXPECT_FALSE(after.ticket_archived(id));
        EXPECT_GE(after.comment_count(id), 1);
        const auto t = parse(after.ticket_json(id));
        EXPECT_EQ(t.at("id").as_int64(), id);
        EXPECT_NE(str(t, "status"), "closed");
        EXPECT_NE(str(t, "status"), "deleted");
        EXPECT_EQ(t.at("generated_timestamp").as_int64(), r.time);
        EXPECT_EQ(str(t, "created_at"), zdmock::iso8601(r.time));
        EXPECT_EQ(str(t, "updated_at"), zdmock::iso8601(r.time));
        EXPECT_EQ(after.listed_ticket_ids().back() >= id, true);
        EXPECT_TRUE(contains(after.listed_ticket_ids(), id));
        for (const auto& c : after.comment_jsons(id))
            EXPECT_EQ(str(parse(c), "created_at"), zdmock::iso8601(r.time));
    }
}

TEST(ZdmockMutation, ExportOrderEndsWithTheChangedRecords) {
    Dataset d = fresh();
    const MutationResult r = d.mutate(typical());
    const auto& ids = d.ticket_ids();
    const auto& ts = d.ticket_timestamps();
    ASSERT_EQ(ids.size(), static_cast<std::size_t>(kTickets + 3));
    ASSERT_EQ(ts.size(), ids.size());
    for (std::size_t i = 1; i < ids.size(); ++i)
        EXPECT_TRUE(std::pair(ts[i - 1], ids[i - 1]) < std::pair(ts[i], ids[i])) << i;
    std::vector<std::int64_t> changed = r.updated_tickets;
    changed.insert(changed.end(), r.deleted_tickets.begin(), r.deleted_tickets.end());
    changed.insert(changed.end(), r.added_tickets.begin(), r.added_tickets.end());
    std::sort(changed.begin(), changed.end());
    const std::vector<std::int64_t> tail(ids.end() - static_cast<std::ptrdiff_t>(changed.size()), ids.end());
    EXPECT_EQ(tail, changed);
    for (std::size_t i = 0; i < ids.size(); ++i) {
        EXPECT_EQ(ts[i] == r.time, i >= ids.size() - changed.size()) << i;
        EXPECT_EQ(json::parse(d.ticket_json(ids[i])).at("generated_timestamp").as_int64(), ts[i]);
    }
    const auto check_tail = [&](const std::vector<std::int64_t>& order,
                                const std::vector<std::int64_t>& stamps,
                                const std::vector<std::int64_t>& updated) {
        ASSERT_GE(order.size(), updated.size());
        const std::vector<std::int64_t> last(order.end() - static_cast<std::ptrdiff_t>(updated.size()),
                                             order.end());
        EXPECT_EQ(last, updated);
        for (std::size_t i = 0; i < order.size(); ++i) {
            EXPECT_EQ(stamps[i] == r.time, i >= order.size() - updated.size());
            if (i > 0) {
                EXPECT_TRUE(std::pair(stamps[i - 1], order[i - 1]) < std::pair(stamps[i], order[i]));
            }
        }
    };
    check_tail(d.user_ids(), d.user_timestamps(), r.updated_users);
    check_tail(d.organization_ids(), d.organization_timestamps(), r.updated_organizations);
}

TEST(ZdmockMutation, PicksSpreadOverTheIdRangeAndSkipClosedTickets) {
    Dataset d = fresh();
    Mutation m;
    m.update_tickets = 10;
    m.delete_tickets = 10;
    m.update_users = 6;
    const MutationResult r = d.mutate(m);
    for (const auto* picked : {&r.updated_tickets, &r.deleted_tickets}) {
        ASSERT_EQ(picked->size(), 10u);
        EXPECT_TRUE(std::is_sorted(picked->begin(), picked->end()));
        EXPECT_EQ(std::set<std::int64_t>(picked->begin(), picked->end()).size(), 10u);
        EXPECT_LT(picked->front(), kTickets / 4);
        EXPECT_GT(picked->back(), 3 * kTickets / 4);
    }
    const auto users = fresh().user_ids();  // ascending ids before any mutation
    EXPECT_LT(r.updated_users.front(), users[users.size() / 4]);
    EXPECT_GT(r.updated_users.back(), users[3 * users.size() / 4]);
    for (const std::int64_t id : r.updated_tickets) EXPECT_FALSE(d.ticket_archived(id));
}

TEST(ZdmockMutation, DeletionsSpareTheForcedAttachmentCases) {
    Dataset d = fresh();
    Mutation m;
    m.delete_tickets = 400;
    const MutationResult r = d.mutate(m);
    ASSERT_EQ(r.deleted_tickets.size(), 400u);
    const std::set<std::string> forced = {"malware.exe",   "eicar.com.txt", "quarantined.pdf",  "removed.png",
                                          "big-video.mp4", "empty.txt",     "../../etc/passwd", "CON"};
    for (const std::int64_t id : r.deleted_tickets)
        for (const auto& a : d.ticket_attachments(id, true)) EXPECT_FALSE(forced.count(a.file_name)) << id;
}

TEST(ZdmockMutation, VirtualClockStaysInThePast) {
    Dataset d = fresh();
    const std::int64_t base = d.mutation_clock_base();
    for (const auto* stamps : {&d.ticket_timestamps(), &d.user_timestamps(), &d.organization_timestamps()})
        EXPECT_GE(base, *std::max_element(stamps->begin(), stamps->end()));
    EXPECT_GE(base, 1717200000);  // 2024-06-01, after every Guide timestamp
    const MutationResult first = d.mutate({});
    const MutationResult second = d.mutate({});
    EXPECT_EQ(first.time, base + 3600);
    EXPECT_EQ(second.time, base + 7200);
    const std::int64_t now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    EXPECT_LE(second.time, now - 120);
    EXPECT_TRUE(first.updated_tickets.empty());
    EXPECT_EQ(first.new_comments, 0);
}

TEST(ZdmockMutation, RejectsImpossibleCountsAndStaysUnchanged) {
    Dataset d = fresh();
    const auto ids = d.ticket_ids();
    Mutation too_many_users;
    too_many_users.update_tickets = 3;
    too_many_users.update_users = static_cast<std::int64_t>(d.user_ids().size()) + 1;
    EXPECT_THROW(d.mutate(too_many_users), std::invalid_argument);
    Mutation too_many_tickets;
    too_many_tickets.update_tickets = kTickets;
    EXPECT_THROW(d.mutate(too_many_tickets), std::invalid_argument);
    Mutation negative;
    negative.delete_tickets = -1;
    EXPECT_THROW(d.mutate(negative), std::invalid_argument);
    EXPECT_EQ(d.mutation_step(), 0);
    EXPECT_EQ(d.ticket_ids(), ids);
    EXPECT_EQ(d.mutate({}).step, 1);
}

TEST(ZdmockMutation, WorksOnTinyAndEmptyDatasets) {
    Dataset tiny({10, 1});
    Mutation m;
    m.update_tickets = 2;
    m.delete_tickets = 2;
    m.add_tickets = 2;
    const MutationResult r = tiny.mutate(m);
    EXPECT_EQ(r.updated_tickets.size() + r.deleted_tickets.size(), 4u);
    EXPECT_EQ(tiny.ticket_ids().size(), 12u);
    Dataset empty({0, 1});
    Mutation add;
    add.add_tickets = 3;
    EXPECT_EQ(empty.mutate(add).added_tickets, (std::vector<std::int64_t>{1, 2, 3}));
    EXPECT_EQ(empty.ticket_ids(), (std::vector<std::int64_t>{1, 2, 3}));
    EXPECT_THROW(Dataset({0, 1}).mutate(m), std::invalid_argument);
}

TEST(ZdmockMutation, ParsesTheQueryAndWritesTheAnswer) {
    std::string error;
    const auto m = zdmock::parse_mutation(
        zdmock::Query("/__mock/mutate?update_tickets=3&add_tickets=1&delete_tickets=2&update_users=4&"
                      "update_organizations=5&update_articles=6"),
        error);
    ASSERT_TRUE(m.has_value()) << error;
    EXPECT_EQ(m->update_tickets, 3);
    EXPECT_EQ(m->add_tickets, 1);
    EXPECT_EQ(m->delete_tickets, 2);
    EXPECT_EQ(m->update_users, 4);
    EXPECT_EQ(m->update_organizations, 5);
    EXPECT_EQ(m->update_articles, 6);
    EXPECT_TRUE(zdmock::parse_mutation(zdmock::Query("/__mock/mutate"), error).has_value());
    EXPECT_FALSE(zdmock::parse_mutation(zdmock::Query("/__mock/mutate?update_ticket=1"), error));
    EXPECT_NE(error.find("update_ticket"), std::string::npos);
    EXPECT_FALSE(zdmock::parse_mutation(zdmock::Query("/__mock/mutate?add_tickets=-1"), error));
    EXPECT_FALSE(zdmock::parse_mutation(zdmock::Query("/__mock/mutate?add_tickets=two"), error));
    MutationResult r;
    r.step = 2;
    r.time = 1717207200;
    r.updated_tickets = {5, 9};
    r.new_comments = 2;
    r.new_attachments = {8000000000040008};
    EXPECT_EQ(
        zdmock::mutation_result_json(r),
        R"({"step":2,"time":1717207200,"updated_tickets":[5,9],"added_tickets":[],"deleted_tickets":[],)"
        R"("updated_users":[],"updated_organizations":[],"updated_articles":[],"new_comments":2,)"
        R"("new_attachments":[8000000000040008]})");
}

}  // namespace
