#include <zdbackup/archive/manifest.hpp>
#include <zdbackup/util/sha256.hpp>

#include <gtest/gtest.h>
#include <boost/json.hpp>

namespace zdbackup {
namespace {

Manifest sample_manifest() {
    Manifest m;
    m.tool_version = "0.1.0";
    m.source = "https://example.zendesk.com";
    m.started_at = "2026-12-03T15:01:56Z";
    m.finished_at = "2026-12-03T15:09:12Z";
    m.mode = "incremental";
    m.counts = {{"tickets", 2}, {"users", 18'446'744'073'709'551'615ull}};
    m.skipped = {{"guide", "403 Forbidden: Help Center not enabled"}};
    m.entries = {{"tickets/1.json", 12, sha256_hex("a")},
                 {"tickets/attachments/9/été 日本.pdf", 0, sha256_hex("")}};
    return m;
}

TEST(Manifest, RoundTripsThroughJson) {
    const Manifest m = sample_manifest();
    const auto parsed = parse_manifest(to_json(m));
    ASSERT_TRUE(parsed) << parsed.error().message();
    EXPECT_EQ(parsed->format, "zdbackup/1");
    EXPECT_EQ(parsed->tool_version, m.tool_version);
    EXPECT_EQ(parsed->source, m.source);
    EXPECT_EQ(parsed->started_at, m.started_at);
    EXPECT_EQ(parsed->finished_at, m.finished_at);
    EXPECT_EQ(parsed->mode, m.mode);
    EXPECT_EQ(parsed->counts, m.counts);
    ASSERT_EQ(parsed->skipped.size(), 1u);
    EXPECT_EQ(parsed->skipped[0].kind, "guide");
    EXPECT_EQ(parsed->skipped[0].reason, m.skipped[0].reason);
    ASSERT_EQ(parsed->entries.size(), 2u);
    EXPECT_EQ(parsed->entries[1].path, m.entries[1].path);
    EXPECT_EQ(parsed->entries[1].size, 0u);
    EXPECT_EQ(parsed->entries[0].sha256, m.entries[0].sha256);
}

TEST(Manifest, WritesKeysInContractOrderOneEntryPerLine) {
    const std::string text = to_json(sample_manifest());
    const char* keys[] = {"\"format\"",     "\"tool_version\"", "\"source\"",
                          "\"started_at\"", "\"finished_at\"",  "\"mode\"",
                          "\"counts\"",     "\"skipped\"",      "\"entries\""};
    std::size_t last = 0;
    for (const char* key : keys) {
        const auto at = text.find(key);
        ASSERT_NE(at, std::string::npos) << key;
        EXPECT_GT(at, last) << key;
        last = at;
    }
    EXPECT_NE(text.find("\n    {\"path\":\"tickets/1.json\",\"size\":12,\"sha256\":\""), std::string::npos)
        << text;
}

TEST(Manifest, RejectsMalformedJson) {
    EXPECT_FALSE(parse_manifest(""));
    EXPECT_FALSE(parse_manifest("{"));
    EXPECT_FALSE(parse_manifest("[]"));
    EXPECT_FALSE(parse_manifest("not json"));
}

TEST(Manifest, RejectsMissingOrMistypedFields) {
    boost::json::value good = boost::json::parse(to_json(sample_manifest()));
    for (const char* key : {"format", "mode", "entries", "counts", "skipped", "started_at"}) {
        auto copy = good;
        copy.as_object().erase(key);
        EXPECT_FALSE(parse_manifest(boost::json::serialize(copy))) << "without " << key;
    }
    auto bad_size = good;
    bad_size.at("entries").as_array()[0].as_object()["size"] = -1;
    EXPECT_FALSE(parse_manifest(boost::json::serialize(bad_size)));
    auto bad_count = good;
    bad_count.at("counts").as_object()["tickets"] = "two";
    EXPECT_FALSE(parse_manifest(boost::json::serialize(bad_count)));
    auto no_path = good;
    no_path.at("entries").as_array()[0].as_object().erase("path");
    EXPECT_FALSE(parse_manifest(boost::json::serialize(no_path)));
}

TEST(Manifest, RejectsUnknownFormatModeAndBadDigest) {
    Manifest m = sample_manifest();
    m.format = "zdbackup/2";
    EXPECT_EQ(parse_manifest(to_json(m)).error(), ManifestError::unsupported_format);
    m = sample_manifest();
    m.mode = "partial";
    EXPECT_EQ(parse_manifest(to_json(m)).error(), ManifestError::invalid_mode);
    m = sample_manifest();
    m.entries[0].sha256 = "ABC";
    EXPECT_EQ(parse_manifest(to_json(m)).error(), ManifestError::invalid_sha256);
}

TEST(Manifest, FormatsTimesAsIso8601Utc) {
    using namespace std::chrono;
    const auto t = sys_days{year{2026} / 12 / 3} + hours{15} + minutes{1} + seconds{56} + milliseconds{789};
    EXPECT_EQ(iso8601_utc(t), "2026-12-03T15:01:56Z");
    EXPECT_EQ(iso8601_utc(system_clock::time_point{}), "1970-01-01T00:00:00Z");
}

}  // namespace
}  // namespace zdbackup
