// POST /__mock/mutate through MockService (sans-I/O): what an incremental backup run sees after a mutation.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <boost/json/parse.hpp>
#include <set>
#include <thread>

#include "zdmock/api.hpp"
#include "zdmock/dataset.hpp"
#include "zdmock/mutation.hpp"
#include "zdmock/pagination.hpp"
#include "zdmock/service.hpp"

namespace {

namespace json = boost::json;

constexpr std::int64_t kTickets = 500;
constexpr std::string_view kMutate =
    "/__mock/mutate?update_tickets=6&add_tickets=2&delete_tickets=3&update_users=4&update_organizations=3&"
    "update_articles=2";

zdmock::Mutation mutation_of(std::string_view target) {
    std::string error;
    return *zdmock::parse_mutation(zdmock::Query(target), error);
}

std::string basic_auth() {
    return "Basic " + zdmock::base64_encode("admin@example.com/token:zdmock-token");
}

std::string target_of(std::string_view url) {
    return std::string(url.substr(url.find('/', url.find("://") + 3)));
}

std::set<std::int64_t> as_set(std::initializer_list<const std::vector<std::int64_t>*> lists) {
    std::set<std::int64_t> out;
    for (const auto* l : lists) out.insert(l->begin(), l->end());
    return out;
}

class ZdmockMutateService : public ::testing::Test {
  protected:
    static zdmock::DatasetOptions opts() {
        zdmock::DatasetOptions o;
        o.tickets = kTickets;
        o.seed = 9;
        o.base_url = "https://127.0.0.1:1";
        return o;
    }
    zdmock::Dataset truth_{opts()};  // mutated in-process alongside the server: the ground truth
    zdmock::Options options_;
    zdmock::MockService service_{truth_, options_};
    void SetUp() override { service_.set_base_url("https://127.0.0.1:1"); }

    zdmock::HttpResponse get(std::string_view target) {
        return service_.process({"GET", target, basic_auth()}).response;
    }
    /// POSTs the mutation, applies the same one to truth_ and checks that the answer lists its changes.
    zdmock::MutationResult mutate(std::string_view target) {
        const auto r = service_.process({"POST", target, ""}).response;
        EXPECT_EQ(r.status, 200u) << r.body;
        const zdmock::MutationResult expected = truth_.mutate(mutation_of(target));
        EXPECT_EQ(r.body, zdmock::mutation_result_json(expected));
        return expected;
    }

    struct Walk {
        std::vector<std::int64_t> ids;
        std::vector<json::value> items;
        std::string after_cursor;
    };
    /// Follows a cursor export from `target` until end_of_stream.
    Walk walk_cursor(std::string target, std::string_view root) {
        Walk w;
        for (int guard = 0; guard < 1000; ++guard) {
            const auto r = get(target);
            EXPECT_EQ(r.status, 200u) << r.body;
            if (r.status != 200) break;
            const auto page = json::parse(r.body).as_object();
            for (const auto& item : page.at(root).as_array()) {
                w.ids.push_back(item.at("id").as_int64());
                w.items.push_back(item);
            }
            w.after_cursor = std::string(page.at("after_cursor").as_string());
            if (page.at("end_of_stream").as_bool()) break;
            target = target_of(page.at("after_url").as_string());
        }
        return w;
    }
    Walk resume(std::string_view path, std::string_view root, const std::string& cursor) {
        return walk_cursor(std::string(path) + "?per_page=100&cursor=" + zdmock::encode_param(cursor), root);
    }
};

TEST_F(ZdmockMutateService, TicketCursorResumesWithExactlyTheChangedTickets) {
    constexpr std::string_view path = "/api/v2/incremental/tickets/cursor.json";
    const Walk full = walk_cursor(std::string(path) + "?start_time=0&per_page=100", "tickets");
    ASSERT_EQ(full.ids.size(), static_cast<std::size_t>(kTickets));

    const auto r = mutate(kMutate);
    const Walk delta = resume(path, "tickets", full.after_cursor);
    EXPECT_EQ(std::set<std::int64_t>(delta.ids.begin(), delta.ids.end()),
              as_set({&r.updated_tickets, &r.added_tickets, &r.deleted_tickets}));
    EXPECT_EQ(delta.ids.size(), 11u);
    for (std::size_t i = 0; i < delta.ids.size(); ++i)
        EXPECT_EQ(delta.items[i], json::parse(truth_.ticket_json(delta.ids[i]))) << delta.ids[i];
    for (const std::int64_t id : r.deleted_tickets)
        EXPECT_EQ(json::parse(truth_.ticket_json(id)).at("status").as_string(), "deleted");
    // Nothing new since: the saved cursor of the delta gives an empty last page.
    EXPECT_TRUE(resume(path, "tickets", delta.after_cursor).ids.empty());

    // A second step, resumed from the cursor saved after the first: only its own changes.
    const auto r2 = mutate("/__mock/mutate?update_tickets=5&delete_tickets=1");
    const Walk delta2 = resume(path, "tickets", delta.after_cursor);
    EXPECT_EQ(std::set<std::int64_t>(delta2.ids.begin(), delta2.ids.end()),
              as_set({&r2.updated_tickets, &r2.deleted_tickets}));
    // A full export afterwards still lists every ticket once, in (generated_timestamp, id) order.
    const Walk again = walk_cursor(std::string(path) + "?start_time=0&per_page=100", "tickets");
    EXPECT_EQ(again.ids, truth_.ticket_ids());
}

TEST_F(ZdmockMutateService, UsersCursorResumesWithTheUpdatedUsers) {
    constexpr std::string_view path = "/api/v2/incremental/users/cursor.json";
    const Walk full = walk_cursor(std::string(path) + "?start_time=0&per_page=100", "users");
    ASSERT_EQ(full.ids.size(), truth_.user_ids().size());
    const auto r = mutate(kMutate);
    const Walk delta = resume(path, "users", full.after_cursor);
    EXPECT_EQ(delta.ids, r.updated_users);
    for (std::size_t i = 0; i < delta.ids.size(); ++i)
        EXPECT_EQ(delta.items[i], json::parse(truth_.user_json(delta.ids[i])));
}

TEST_F(ZdmockMutateService, OrganizationsTimeExportFromSavedEndTime) {
    std::string target = "/api/v2/incremental/organizations.json?start_time=0&per_page=7";
    std::int64_t end_time = 0;
    for (int guard = 0; guard < 100; ++guard) {
        const auto page = json::parse(get(target).body).as_object();
        end_time = page.at("end_time").as_int64();
        if (page.at("end_of_stream").as_bool()) break;
        target = target_of(page.at("next_page").as_string());
    }
    const auto r = mutate(kMutate);
    const auto page =
        json::parse(get("/api/v2/incremental/organizations.json?start_time=" + std::to_string(end_time)).body)
            .as_object();
    EXPECT_TRUE(page.at("end_of_stream").as_bool());
    std::set<std::int64_t> seen;
    for (const auto& org : page.at("organizations").as_array()) {
        const std::int64_t id = org.at("id").as_int64();
        seen.insert(id);
        EXPECT_EQ(org, json::parse(truth_.organization_json(id)));
        if (std::find(r.updated_organizations.begin(), r.updated_organizations.end(), id) ==
            r.updated_organizations.end()) {
            // Anything else is a boundary repeat: it shares the saved end_time.
            const auto& ids = truth_.organization_ids();
            const auto i = std::find(ids.begin(), ids.end(), id) - ids.begin();
            EXPECT_EQ(truth_.organization_timestamps()[static_cast<std::size_t>(i)], end_time);
        }
    }
    for (const std::int64_t id : r.updated_organizations) EXPECT_TRUE(seen.count(id)) << id;
    // The step's time, or one more when the page is all one timestamp (the mock's single-timestamp rule).
    EXPECT_GE(page.at("end_time").as_int64(), r.time);
    EXPECT_LE(page.at("end_time").as_int64(), r.time + 1);
}

TEST_F(ZdmockMutateService, CommentsFollowTheMutation) {
    const auto r = mutate(kMutate);
    for (const std::int64_t id : r.deleted_tickets) {
        const auto answer =
            get("/api/v2/tickets/" + std::to_string(id) + "/comments.json?page%5Bsize%5D=100");
        EXPECT_EQ(answer.status, 404u) << id;
        EXPECT_EQ(get("/api/v2/tickets/" + std::to_string(id) + ".json").status, 200u);
    }
    std::vector<std::int64_t> tickets = r.updated_tickets;
    tickets.insert(tickets.end(), r.added_tickets.begin(), r.added_tickets.end());
    for (const std::int64_t id : tickets) {
        std::vector<json::value> served;
        std::string target = "/api/v2/tickets/" + std::to_string(id) +
                             "/comments.json?page%5Bsize%5D=100&include_inline_images=true";
        for (int guard = 0; guard < 10; ++guard) {
            const auto page = json::parse(get(target).body).as_object();
            for (const auto& c : page.at("comments").as_array()) served.push_back(c);
            if (!page.at("meta").at("has_more").as_bool()) break;
            target = target_of(page.at("links").at("next").as_string()) + "&include_inline_images=true";
        }
        ASSERT_EQ(served.size(), static_cast<std::size_t>(truth_.comment_count(id))) << id;
        for (std::size_t i = 0; i < served.size(); ++i)
            EXPECT_EQ(served[i], json::parse(truth_.comment_json(id, static_cast<std::int64_t>(i), true)));
    }
    // Every new attachment is served: metadata by id, bytes through content_url's redirect.
    ASSERT_FALSE(r.new_attachments.empty());
    for (const std::int64_t id : r.new_attachments) {
        const auto a = get("/api/v2/attachments/" + std::to_string(id) + ".json");
        ASSERT_EQ(a.status, 200u) << id;
        const auto redirect = get(target_of(truth_.content_url(*truth_.attachment(id))));
        EXPECT_EQ(redirect.status, 302u);
    }
}

TEST_F(ZdmockMutateService, MutateAnswersAndRefusals) {
    EXPECT_EQ(service_.process({"GET", "/__mock/mutate?update_tickets=1", ""}).response.status, 405u);
    for (const std::string_view bad : {"/__mock/mutate?update_tickets=-1", "/__mock/mutate?update_tickets=x",
                                       "/__mock/mutate?tickets=1", "/__mock/mutate?update_users=100000"}) {
        const auto r = service_.process({"POST", bad, ""}).response;
        EXPECT_EQ(r.status, 400u) << bad;
        EXPECT_EQ(json::parse(r.body).at("error").as_string(), "InvalidMutation") << r.body;
    }
    EXPECT_EQ(service_.dataset()->mutation_step(), 0);  // refusals change nothing
    const auto first = mutate(kMutate);
    EXPECT_EQ(first.step, 1);
    const auto answer = json::parse(service_.process({"POST", "/__mock/mutate", ""}).response.body);
    EXPECT_EQ(answer.at("step").as_int64(), 2);
    EXPECT_TRUE(answer.at("updated_tickets").as_array().empty());
    // Not counted in the statistics.
    EXPECT_EQ(json::parse(get("/__mock/stats").body).at("total_requests").as_int64(), 0);

    // Never faulted or rate limited.
    zdmock::Options hostile;
    hostile.fault_rate = 1.0;
    hostile.rate_limit = 1;
    zdmock::MockService faulty(truth_, hostile);
    for (int i = 0; i < 3; ++i) {
        const auto r = faulty.process({"POST", "/__mock/mutate?update_tickets=1", ""});
        EXPECT_EQ(r.action, zdmock::Action::respond);
        EXPECT_EQ(r.response.status, 200u) << r.response.body;
    }
}

TEST_F(ZdmockMutateService, HelpCenterArticlesReflectTheUpdates) {
    const auto r = mutate(kMutate);
    const auto list = json::parse(get("/api/v2/help_center/articles.json?per_page=100").body);
    std::size_t found = 0;
    for (const auto& a : list.at("articles").as_array()) {
        const std::int64_t id = a.at("id").as_int64();
        EXPECT_EQ(a, json::parse(truth_.guide_article_json(id)));
        found += std::count(r.updated_articles.begin(), r.updated_articles.end(), id);
    }
    EXPECT_EQ(found, r.updated_articles.size());
    for (const std::int64_t id : r.updated_articles) {
        const auto t = json::parse(
            get("/api/v2/help_center/articles/" + std::to_string(id) + "/translations.json").body);
        const auto& served = t.at("translations").as_array();
        const auto expected = truth_.guide_translation_jsons(id);
        ASSERT_EQ(served.size(), expected.size());
        for (std::size_t i = 0; i < served.size(); ++i) EXPECT_EQ(served[i], json::parse(expected[i]));
    }
}

TEST_F(ZdmockMutateService, RequestsKeepTheirSnapshotWhileMutationsRun) {
    // A download started before a mutation still streams from its snapshot afterwards.
    std::optional<zdmock::Attachment> file;
    for (std::int64_t id = 1; id <= kTickets && !file; ++id)
        for (const auto& a : truth_.ticket_attachments(id))
            if (a.download_status() == 302 && a.size > 0) file = a;
    ASSERT_TRUE(file.has_value());
    const auto redirect = get(target_of(truth_.content_url(*file)));
    std::string location;
    for (const auto& [k, v] : redirect.headers)
        if (k == "Location") location = v;
    const auto download = service_.process({"GET", target_of(location), ""}).response;
    ASSERT_TRUE(download.stream.has_value());

    std::atomic<bool> done = false;
    std::atomic<int> pages = 0, bad = 0;
    std::vector<std::thread> readers;
    for (int t = 0; t < 2; ++t) {
        readers.emplace_back([&] {
            while (!done) {
                const auto r = get("/api/v2/incremental/tickets/cursor.json?start_time=0");
                const auto page = json::parse(r.body).as_object();
                const auto n = static_cast<std::int64_t>(page.at("tickets").as_array().size());
                // One whole snapshot: 500 tickets plus two per applied step.
                if (r.status != 200 || n < kTickets || (n - kTickets) % 2 != 0) ++bad;
                ++pages;
            }
        });
    }
    for (int step = 0; step < 5; ++step) mutate("/__mock/mutate?update_tickets=3&add_tickets=2");
    while (pages < 4) std::this_thread::yield();
    done = true;
    for (auto& t : readers) t.join();
    EXPECT_EQ(bad, 0);

    std::string bytes(download.stream->size, '\0');
    download.stream->fill(0, bytes);
    EXPECT_EQ(bytes, truth_.attachment_bytes(file->id));
}

}  // namespace
