#include <zdbackup/core/json_raw.hpp>

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace zdbackup {
namespace {

using Slices = std::vector<std::string_view>;

std::optional<Slices> elements(std::string_view doc, std::string_view key) {
    return top_level_array_elements(doc, key);
}

TEST(TopLevelArrayElements, ReturnsRawElementsInOrder) {
    const std::string doc = R"({"tickets":[{"id":1},{"id":2, "a" : [1,2]}],"count":2})";
    EXPECT_EQ(elements(doc, "tickets"), (Slices{R"({"id":1})", R"({"id":2, "a" : [1,2]})"}));
}

TEST(TopLevelArrayElements, KeepsNumbersAndLiteralsByteExact) {
    const std::string doc = R"({"a":[1, 1.0, 1e3, -0, true, null, "x", 18446744073709551615]})";
    EXPECT_EQ(elements(doc, "a"),
              (Slices{"1", "1.0", "1e3", "-0", "true", "null", R"("x")", "18446744073709551615"}));
}

TEST(TopLevelArrayElements, HandlesEscapesInStrings) {
    const std::string doc =
        R"({"x":"a \"tickets\": [ \\","tickets":["q\"uote", "back\\", "}]", {"k":"\\\""}]})";
    EXPECT_EQ(elements(doc, "tickets"),
              (Slices{R"("q\"uote")", R"("back\\")", R"("}]")", R"({"k":"\\\""})"}));
}

// The scanner looks for quotes a word at a time, then with memchr: an escaped quote or a closing
// one at every offset around those steps must end the string where the parser ends it.
TEST(TopLevelArrayElements, FindsTheClosingQuoteAtEveryOffset) {
    for (std::size_t before = 0; before < 80; ++before) {
        for (const std::string_view escape : {"", "\\\"", "\\\\", "\\\\\\\""}) {
            const std::string text = "\"" + std::string(before, 'x') + std::string(escape) + "y\"";
            const std::string object = "{\"k\":" + text + ",\"n\":[1,{\"m\":" + text + "}]}";
            const std::string doc = "{\"a\":[" + text + "," + object + "],\"b\":" + text + "}";
            ASSERT_FALSE(boost::json::parse(doc).as_object().empty()) << doc;
            EXPECT_EQ(elements(doc, "a"), (Slices{text, object})) << doc;
        }
    }
}

TEST(TopLevelArrayElements, IgnoresSameNameKeysNestedDeeper) {
    const std::string doc = R"({"meta":{"tickets":[9]},"list":[{"tickets":[8]}],"tickets":[7]})";
    EXPECT_EQ(elements(doc, "tickets"), (Slices{"7"}));
    EXPECT_EQ(elements(R"({"meta":{"tickets":[9]}})", "tickets"), std::nullopt);
}

TEST(TopLevelArrayElements, ToleratesWhitespaceEverywhere) {
    const std::string doc = " \n{ \"users\" \t:\r\n [ \n {\"id\" : 1 } ,\n\t2 , [ ] \n] , \"z\" : 0 }\n";
    EXPECT_EQ(elements(doc, "users"), (Slices{R"({"id" : 1 })", "2", "[ ]"}));
}

TEST(TopLevelArrayElements, EmptyArray) {
    EXPECT_EQ(elements(R"({"users":[]})", "users"), Slices{});
    EXPECT_EQ(elements(R"({"users":[  ]})", "users"), Slices{});
}

TEST(TopLevelArrayElements, UnicodeIsCopiedVerbatim) {
    const std::string doc = "{\"a\":[\"h\xC3\xA9llo \\u00e9 \xF0\x9F\x98\x80\",\"\\ud83d\\ude00\"]}";
    EXPECT_EQ(elements(doc, "a"),
              (Slices{"\"h\xC3\xA9llo \\u00e9 \xF0\x9F\x98\x80\"", "\"\\ud83d\\ude00\""}));
}

TEST(TopLevelArrayElements, MatchesEscapedKeyByValue) {
    EXPECT_EQ(elements(R"({"\u0074ickets":[1]})", "tickets"), (Slices{"1"}));
}

TEST(TopLevelArrayElements, AbsentOrNotArrayIsNullopt) {
    EXPECT_EQ(elements(R"({"users":[]})", "tickets"), std::nullopt);
    EXPECT_EQ(elements(R"({"tickets":{"a":[1]}})", "tickets"), std::nullopt);
    EXPECT_EQ(elements(R"({"tickets":null})", "tickets"), std::nullopt);
    EXPECT_EQ(elements("{}", "tickets"), std::nullopt);
    EXPECT_EQ(elements("[1,2]", "tickets"), std::nullopt);
}

TEST(TopLevelArrayElements, LastDuplicateKeyWinsLikeBoostJson) {
    const std::string doc = R"({"a":[1],"a":[2,3]})";
    EXPECT_EQ(elements(doc, "a"), (Slices{"2", "3"}));
    EXPECT_EQ(boost::json::parse(doc).at("a").as_array().size(), 2u);
}

TEST(TopLevelArrayElements, MalformedInputNeverReadsOutOfBounds) {
    for (std::string_view bad :
         {"", "{", "{\"a\"", "{\"a\":", "{\"a\":[", "{\"a\":[1,", "{\"a\":[\"x", "{\"a\":[\"x\\",
          "{\"a\":[{]", "{\"a\":[}", "{\"a\":[1]", "{\"a\" [1]}", "{\"b\":{\"c\":", "{\"b\":\"\\"}) {
        // Copy into an exact-size buffer so sanitizers catch any overread.
        const std::string copy(bad);
        EXPECT_EQ(elements(copy, "a"), std::nullopt) << bad;
    }
}

TEST(AppendArrayMember, InsertsBeforeClosingBrace) {
    EXPECT_EQ(append_array_member(R"({"id":1})", "comments", {R"({"id":10})", R"({"id":11})"}),
              R"({"id":1,"comments":[{"id":10},{"id":11}]})");
}

TEST(AppendArrayMember, EmptyObjectGetsNoComma) {
    EXPECT_EQ(append_array_member("{}", "comments", {}), R"({"comments":[]})");
    EXPECT_EQ(append_array_member("{ \n }", "c", {"1"}), "{ \n \"c\":[1]}");
}

TEST(AppendArrayMember, ToleratesTrailingWhitespaceAndKeepsBytes) {
    const std::string obj = "{\"a\" : 1.0 , \"b\":\"\xC3\xA9\"}\n  ";
    const std::string out = append_array_member(obj, "translations", {"{\"x\":true}"});
    EXPECT_EQ(out, "{\"a\" : 1.0 , \"b\":\"\xC3\xA9\",\"translations\":[{\"x\":true}]}");
    EXPECT_NO_THROW((void)boost::json::parse(out));
}

TEST(AppendArrayMember, RejectsNonObject) {
    EXPECT_THROW((void)append_array_member("[1]", "k", {}), std::invalid_argument);
    EXPECT_THROW((void)append_array_member("", "k", {}), std::invalid_argument);
}

}  // namespace
}  // namespace zdbackup
