#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <set>

#include "zdmock/api.hpp"
#include "zdmock/dataset.hpp"
#include "zdmock/pagination.hpp"
#include "zdmock/service.hpp"

namespace {

std::string basic_auth() {
    return "Basic " + zdmock::base64_encode("admin@example.com/token:zdmock-token");
}

std::string header(const zdmock::HttpResponse& r, std::string_view name) {
    for (const auto& [k, v] : r.headers)
        if (k == name) return v;
    return {};
}

std::string drain(const zdmock::HttpResponse& r) {
    if (!r.stream) return r.body;
    std::string out(r.stream->size, '\0');
    // Odd chunk sizes: a range must not depend on where the previous one ended.
    for (std::uint64_t off = 0; off < out.size(); off += 7777)
        r.stream->fill(off,
                       std::span<char>(out.data() + off, std::min<std::uint64_t>(7777, out.size() - off)));
    return out;
}

/// Path and query of an absolute URL.
std::string target_of(std::string_view url) {
    const auto p = url.find('/', url.find("://") + 3);
    return std::string(url.substr(p));
}

class ZdmockAttachments : public ::testing::Test {
  protected:
    static zdmock::DatasetOptions opts() {
        zdmock::DatasetOptions o;
        o.tickets = 400;
        o.seed = 3;
        o.base_url = "https://127.0.0.1:1";
        return o;
    }
    zdmock::Dataset data_{opts()};
    zdmock::Options options_;
    std::vector<zdmock::Attachment> all(bool inline_images = false) const {
        std::vector<zdmock::Attachment> out;
        for (auto id : data_.ticket_ids()) {
            auto some = data_.ticket_attachments(id, inline_images);
            out.insert(out.end(), some.begin(), some.end());
        }
        return out;
    }
    zdmock::HttpResponse get(zdmock::MockService& s, std::string_view target, std::string_view auth) {
        return s.process({"GET", target, auth}).response;
    }
};

TEST_F(ZdmockAttachments, DeterministicAndSizesMatchBytes) {
    const zdmock::Dataset again(opts());
    const auto list = all();
    ASSERT_GT(list.size(), 50u);
    std::set<std::int64_t> ids;
    bool empty = false;
    for (const auto& a : list) {
        EXPECT_TRUE(ids.insert(a.id).second);
        EXPECT_GE(std::to_string(a.id).size(), 13u);
        const std::string bytes = data_.attachment_bytes(a.id);
        EXPECT_EQ(bytes.size(), static_cast<std::size_t>(a.size)) << a.id;
        if (a.size < 300000) {
            EXPECT_EQ(bytes, again.attachment_bytes(a.id));
        }
        empty = empty || a.size == 0;
        const auto json = boost::json::parse(data_.attachment_json(a)).as_object();
        for (const char* k :
             {"url", "id", "file_name", "content_url", "mapped_content_url", "content_type", "size", "width",
              "height", "inline", "deleted", "malware_access_override", "malware_scan_result", "thumbnails"})
            EXPECT_TRUE(json.contains(k)) << k;
        EXPECT_EQ(data_.attachment_by_token(a.token)->id, a.id);
    }
    EXPECT_TRUE(empty);
    EXPECT_EQ(data_.comment_json(2, 0), again.comment_json(2, 0));
}

TEST_F(ZdmockAttachments, HostileNamesAndRefusalsArePresent) {
    std::multiset<std::string> names;
    int forbidden = 0, gone = 0, big = 0;
    for (const auto& a : all()) {
        names.insert(a.file_name);
        forbidden += a.download_status() == 403;
        gone += a.download_status() == 404;
        big += a.size > (2 << 20);
    }
    for (const char* n :
         {"../../etc/passwd", "..\\..\\boot.ini", "a/b/c.txt", "CON", "con.txt", "LPT1.log", "NUL",
          "report.pdf.", "trailing space ", "<>:\"|?*.txt", "tab\there.txt", "nl\nx.txt", "", ".", ".."})
        EXPECT_EQ(names.count(n), 1u) << n;
    EXPECT_TRUE(
        std::any_of(names.begin(), names.end(), [](const std::string& n) { return n.size() == 300; }));
    EXPECT_GE(forbidden, 2);
    EXPECT_GE(gone, 1);
    EXPECT_GE(big, 1);
    // Two image.png in one comment.
    bool duplicate = false;
    for (auto t : data_.ticket_ids()) {
        auto list = data_.comment_attachments(t, 0);
        if (list.size() == 2 && list[0].file_name == "image.png" && list[1].file_name == "image.png")
            duplicate = true;
    }
    EXPECT_TRUE(duplicate);
}

TEST_F(ZdmockAttachments, RedirectGoesToLocalhostAndStorageRecordsAuthorization) {
    zdmock::MockService service(data_, options_);
    service.set_base_url("https://127.0.0.1:1");
    zdmock::Attachment a;
    for (const auto& x : all())
        if (x.download_status() == 302 && x.size > 1000) {
            a = x;
            break;
        }
    const std::string target = target_of(data_.content_url(a));
    EXPECT_EQ(get(service, target, "").status, 401u);
    const auto r = get(service, target, basic_auth());
    ASSERT_EQ(r.status, 302u) << r.body;
    const std::string location = header(r, "Location");
    EXPECT_TRUE(location.starts_with("https://localhost:1/storage/" + a.token + "/")) << location;
    const auto file = get(service, target_of(location), "");
    ASSERT_EQ(file.status, 200u);
    EXPECT_EQ(file.content_type, a.content_type);
    EXPECT_EQ(drain(file), data_.attachment_bytes(a.id));
    get(service, target_of(location), basic_auth());  // a careless client
    const auto stats = boost::json::parse(get(service, "/__mock/stats", "").body);
    EXPECT_EQ(stats.at("storage_requests").as_int64(), 2);
    EXPECT_EQ(stats.at("storage_authorization_seen").as_int64(), 1);

    for (const auto& x : all()) {
        if (x.download_status() == 302) continue;
        const auto refused = get(service, target_of(data_.content_url(x)), basic_auth());
        EXPECT_EQ(refused.status, x.download_status());
        EXPECT_NE(refused.body.find(x.deleted ? "RecordNotFound" : "Forbidden"), std::string::npos);
    }
}

TEST_F(ZdmockAttachments, InlineImagesOnlyWithTheFlag) {
    const auto with = all(true), without = all(false);
    ASSERT_GT(with.size(), without.size());
    for (const auto& a : without) EXPECT_FALSE(a.is_inline);
    zdmock::MockService service(data_, options_);
    for (const auto& a : with) {
        if (!a.is_inline) continue;
        const std::string path = "/api/v2/tickets/" + std::to_string(a.ticket_id) + "/comments.json";
        const auto plain = get(service, path, basic_auth()).body;
        const auto full = get(service, path + "?include_inline_images=true", basic_auth()).body;
        EXPECT_EQ(plain.find(std::to_string(a.id)), std::string::npos);
        EXPECT_NE(full.find(std::to_string(a.id)), std::string::npos);
        break;
    }
}

TEST_F(ZdmockAttachments, DeletedTicketsCommentsAnswer404) {
    zdmock::MockService service(data_, options_);
    const auto deleted = data_.deleted_ticket_ids();
    ASSERT_FALSE(deleted.empty());
    for (auto id : deleted) {
        const auto r = get(service, "/api/v2/tickets/" + std::to_string(id) + "/comments.json", basic_auth());
        EXPECT_EQ(r.status, 404u);
        EXPECT_EQ(r.body, R"({"error":"RecordNotFound","description":"Not found"})");
    }
}

}  // namespace
