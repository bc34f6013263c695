#pragma once
// Text pools of the generated data (internal to dataset.cpp). They exercise escaping and UTF-8: quotes,
// backslashes, control characters, accents, CJK, emoji, HTML, and a JSON literal made of \u escapes.

#include <array>
#include <string_view>

namespace zdmock::text {

constexpr std::array<std::string_view, 8> kBodies = {
    "Hello, my printer is on fire. Please help.",
    "Caf\xc3\xa9 cr\xc3\xa8me, na\xc3\xafve r\xc3\xa9sum\xc3\xa9 \xe2\x80\x94 \xc3\xa7"
    "a marche?",
    "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae\xe3\x83\x86\xe3\x82\xad\xe3\x82\xb9\xe3\x83\x88 "
    "(\xe6\x97\xa5\xe6\x9c\xac)",
    "Emoji party \xf0\x9f\x98\x80\xf0\x9f\x8e\x89 thumbs \xf0\x9f\x91\x8d",
    "He said \"hello\" and left a back\\slash.",
    "Line one\nLine two\n\nLine four\twith a tab",
    "<script>alert('x')</script> & <b>not bold</b>",
    "Refund: \xe2\x82\xac"
    "42.00, \xc2\xa5"
    "500, \xc2\xa3"
    "3",
};
// A JSON string literal written byte for byte: the same text as escapes instead of raw UTF-8.
constexpr std::string_view kEscapedBodyJson =
    R"("Escapes: caf\u00e9 \u65e5\u672c \ud83d\ude00 \"q\" \\ end")";
constexpr std::string_view kEscapedBodyPlain =
    "Escapes: caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80 \"q\" \\ end";
constexpr std::array<std::string_view, 6> kSubjects = {
    "Printer on fire",
    "Cannot log in",
    "Caf\xc3\xa9 order missing",
    "\xe6\x97\xa5\xe6\x9c\xac office request",
    "Quote \" and backslash \\ in subject",
    "Refund \xf0\x9f\x92\xb8 please",
};
constexpr std::array<std::string_view, 8> kNames = {
    "Jos\xc3\xa9 Garc\xc3\xad"
    "a",
    "Zo\xc3\xab M\xc3\xbcller",
    "\xe5\xb1\xb1\xe7\x94\xb0 \xe5\xa4\xaa\xe9\x83\x8e",
    "\xc5\x81ukasz Nowak",
    "Ada Lovelace",
    "O'Brien \"Bob\"",
    "Back\\Slash",
    "Emoji \xf0\x9f\x98\x80 User",
};
constexpr std::array<std::string_view, 7> kTags = {
    "vip", "billing", "bug", "feature_request", "urgent", "caf\xc3\xa9", "\xe6\x97\xa5\xe6\x9c\xac"};
constexpr std::array<std::string_view, 6> kStatuses = {"new", "open", "pending", "hold", "solved", "closed"};
constexpr std::array<int, 6> kStatusWeights = {10, 20, 10, 5, 25, 30};

}  // namespace zdmock::text
