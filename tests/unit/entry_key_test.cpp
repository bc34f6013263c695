#include <zdbackup/core/entry_key.hpp>
#include <zdbackup/core/safe_name.hpp>

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace zdbackup {
namespace {

/// What NTFS and APFS compare for ASCII names (their folding of other letters only adds collisions
/// that the hash suffix already separates).
std::string folded(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

/// Asserts that no two keys of `names` name the same file on a case-insensitive file system.
void expect_distinct_ignoring_case(const std::vector<std::string>& names) {
    std::set<std::string> seen;
    for (const std::string& name : names) {
        const std::string key = entry_key_for_name(name);
        EXPECT_TRUE(seen.insert(folded(key)).second) << name << " -> " << key << " collides";
    }
}

TEST(EntryKey, KeepsLowercaseAsciiNames) {
    EXPECT_EQ(entry_key_for_name("billing"), "billing");
    EXPECT_EQ(entry_key_for_name("vip-2024_q1.eu"), "vip-2024_q1.eu");
    EXPECT_EQ(entry_key_for_name("10001"), "10001");
}

TEST(EntryKey, NamesDifferingOnlyInCaseGetKeysThatDifferIgnoringCase) {
    expect_distinct_ignoring_case({"vip", "VIP", "Vip", "vIP"});
    expect_distinct_ignoring_case({"été", "ÉTÉ", "Été"});
}

TEST(EntryKey, NamesMadeAlikeBySanitizingGetDistinctKeys) {
    expect_distinct_ignoring_case({"a_b", "a?b", "a:b", "a/b", "a\\b", "a*b"});
    expect_distinct_ignoring_case({"con", "_con", "CON"});
    expect_distinct_ignoring_case({"x.", "x", "x "});
}

TEST(EntryKey, APlainNameCannotImitateAHashedKey) {
    const std::string hashed = entry_key_for_name("VIP");
    ASSERT_NE(hashed.find('~'), std::string::npos);
    EXPECT_NE(entry_key_for_name(folded(hashed)), folded(hashed));
    expect_distinct_ignoring_case({"VIP", folded(hashed)});
}

TEST(EntryKey, KeysAreSafeShortAndStable) {
    const std::vector<std::string> names = {"VIP",
                                            std::string(1000, 'a'),
                                            std::string(400, 'A'),
                                            std::string(300, '.') + "x",
                                            "日本語のタグ" + std::string(300, 'z'),
                                            "trailing dot.",
                                            "",
                                            "LPT1"};
    for (const std::string& name : names) {
        const std::string key = entry_key_for_name(name);
        EXPECT_EQ(safe_file_name(key), key) << name;
        EXPECT_LE(key.size(), kMaxEntryKeyBytes) << name;
        EXPECT_EQ(entry_key_for_name(name), key) << "deterministic";
    }
    expect_distinct_ignoring_case({std::string(1000, 'a'), std::string(1000, 'a') + "b"});
}

}  // namespace
}  // namespace zdbackup
