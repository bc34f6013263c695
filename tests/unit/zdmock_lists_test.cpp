#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <set>

#include "zdmock/api.hpp"
#include "zdmock/dataset.hpp"
#include "zdmock/pagination.hpp"
#include "zdmock/service.hpp"

namespace {

namespace json = boost::json;

std::string basic_auth() {
    return "Basic " + zdmock::base64_encode("admin@example.com/token:zdmock-token");
}

std::string target_of(std::string_view url) {
    return std::string(url.substr(url.find('/', url.find("://") + 3)));
}

class ZdmockLists : public ::testing::Test {
  protected:
    zdmock::Dataset data_{{1000, 5}};
    zdmock::Options options_;
    zdmock::MockService service_{data_, options_};
    void SetUp() override { service_.set_base_url("https://127.0.0.1:1"); }
    zdmock::HttpResponse get(std::string_view target) {
        return service_.process({"GET", target, basic_auth()}).response;
    }
    /// Follows links.next until meta.has_more is false; returns the `root` items' ids (or names).
    std::vector<std::string> walk(std::string target, std::string_view root, bool help_center) {
        std::vector<std::string> ids;
        for (int guard = 0; guard < 1000; ++guard) {
            const auto r = get(target);
            EXPECT_EQ(r.status, 200u) << target << r.body;
            if (r.status != 200) break;
            const auto page = json::parse(r.body).as_object();
            for (const auto& item : page.at(root).as_array()) {
                const auto& o = item.as_object();
                ids.push_back(o.contains("id") ? json::serialize(o.at("id")) : json::serialize(o.at("name")));
            }
            if (!page.contains("meta")) break;
            const bool more = page.at("meta").at("has_more").as_bool();
            const auto& next = page.at("links").at("next");
            if (help_center) {
                EXPECT_EQ(next.is_null(), !more);
            } else {
                EXPECT_TRUE(next.is_string());
            }
            if (!more) break;
            target = target_of(next.as_string());
        }
        return ids;
    }
};

TEST_F(ZdmockLists, GuidePaginationWalkCollectsAllArticles) {
    const auto ids = walk("/api/v2/help_center/articles.json?page[size]=3", "articles", true);
    ASSERT_EQ(ids.size(), data_.guide_article_ids().size());
    for (std::size_t i = 0; i < ids.size(); ++i)
        EXPECT_EQ(ids[i], std::to_string(data_.guide_article_ids()[i]));
    EXPECT_EQ(walk("/api/v2/help_center/sections?page[size]=100", "sections", true).size(),
              data_.guide_section_ids().size());
    // Offset style by default: 30 per page and page_count.
    const auto offset = json::parse(get("/api/v2/help_center/categories.json").body);
    EXPECT_EQ(offset.at("per_page").as_int64(), 30);
    EXPECT_EQ(offset.at("page_count").as_int64(), 1);
    EXPECT_EQ(json::parse(get("/__mock/stats").body).at("by_endpoint").at("help_center/articles").as_int64(),
              4);
    EXPECT_EQ(zdmock::Dataset({25000, 1}).guide_article_ids().size(), 250u);

    int drafts = 0, with_files = 0;
    for (auto id : data_.guide_article_ids()) {
        drafts += json::parse(data_.guide_article_json(id)).at("draft").as_bool();
        const auto tr = json::parse(
            get("/api/v2/help_center/articles/" + std::to_string(id) + "/translations.json").body);
        const auto& list = tr.at("translations").as_array();
        EXPECT_GE(list.size(), 1u);
        EXPECT_LE(list.size(), 4u);
        EXPECT_EQ(list[0].at("locale"), "en-us");
        const auto files = data_.guide_article_attachments(id);
        with_files += !files.empty();
        for (const auto& f : files) {
            const auto r =
                service_.process({"GET", target_of(data_.guide_article_attachment_url(f)), ""}).response;
            ASSERT_EQ(r.status, 200u);
            ASSERT_TRUE(r.stream);
            EXPECT_EQ(r.stream->size, static_cast<std::uint64_t>(f.size));
        }
    }
    EXPECT_GT(drafts, 0);
    EXPECT_GT(with_files, 0);
}

TEST_F(ZdmockLists, SupportKindsWalkCollectsAllItemsAndSlaPoliciesIs403) {
    ASSERT_GE(data_.support_kinds().size(), 22u);
    for (const auto& kind : data_.support_kinds()) {
        const std::string base(kind.path);
        if (kind.forbidden) {
            const auto r = get(base + ".json");
            EXPECT_EQ(r.status, 403u) << kind.name;
            EXPECT_NE(r.body.find("\"error\":\"Forbidden\""), std::string::npos);
            continue;
        }
        const bool paged = kind.paging != zdmock::Paging::none;
        const auto ids = walk(base + (paged ? "?page%5Bsize%5D=7" : ".json"), kind.root, false);
        std::vector<std::string> expected;
        for (const auto& id : data_.support_ids(kind))
            expected.push_back(kind.name == "tags" || kind.name == "webhooks" ||
                                       kind.name == "trigger_categories"
                                   ? json::serialize(json::value(id))
                                   : id);
        EXPECT_EQ(ids, expected) << kind.name;
    }
    EXPECT_EQ(data_.support_kind("sla_policies")->forbidden, true);
    EXPECT_EQ(data_.support_kind("macros")->count, 150);
    const auto macros = json::parse(get("/api/v2/macros.json").body);  // offset: 100 per page
    EXPECT_EQ(macros.at("macros").as_array().size(), 100u);
    EXPECT_TRUE(macros.at("next_page").is_string());
}

TEST_F(ZdmockLists, ArchivedTicketsAreAbsentFromTheTicketList) {
    const auto archived = data_.archived_ticket_ids();
    ASSERT_GT(archived.size(), 20u);  // about 5% of 1000
    const auto ids = walk("/api/v2/tickets.json?page[size]=100", "tickets", false);
    EXPECT_EQ(ids.size(), data_.ticket_ids().size() - archived.size());
    const std::set<std::string> listed(ids.begin(), ids.end());
    for (auto id : archived) {
        EXPECT_EQ(listed.count(std::to_string(id)), 0u);
        EXPECT_EQ(get("/api/v2/tickets/" + std::to_string(id) + ".json").status, 200u);
        EXPECT_EQ(get("/api/v2/tickets/" + std::to_string(id) + "/comments.json").status, 200u);
        EXPECT_NE(data_.ticket_json(id).find("\"status\":\"closed\""), std::string::npos);
    }
}

}  // namespace
