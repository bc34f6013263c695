// End-to-end: a credential never leaves the process except in the Authorization header sent to the
// configured Zendesk host. Everything a run writes is searched for it: console output at --verbose,
// logs, state, cache database, attachment files, the zip in the cache and in the backup folder.

#include "test_support.hpp"

#include <zdbackup/net/auth.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>

namespace zdtest {
namespace {

const std::string kOAuthToken = "zdmock-oauth";

/// The forms a secret could leak in: as typed, and as the header value carries it.
std::vector<std::string> leak_forms(const std::string& secret, const std::string& header_value) {
    return {secret, header_value, header_value.substr(header_value.find(' ') + 1)};
}

std::string file_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Fails the test for every place under `dir` (zips opened entry by entry) or in `output` that holds
/// one of `forms`. The files a run always writes must have been among those searched (and a zip when
/// `zip_expected`): a search of next to nothing proves nothing.
void expect_nowhere(const std::vector<std::string>& forms, const fs::path& dir, const std::string& output,
                    bool zip_expected) {
    std::set<std::string> searched;
    const auto search = [&](const std::string& text, const std::string& where) {
        for (const std::string& form : forms) EXPECT_EQ(text.find(form), std::string::npos) << where;
    };
    search(output, "console output");
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (!e.is_regular_file()) continue;
        searched.insert(e.path().extension() == ".zip" ? "*.zip" : e.path().filename().string());
        search(file_text(e.path()), e.path().string());
        if (e.path().extension() == ".zip")
            for (const auto& [name, data] : read_zip(e.path())) search(data, e.path().string() + ":" + name);
    }
    std::vector<std::string> required{"run.log", "tickets.log", "backup_state.json", "cache.sqlite3"};
    if (zip_expected) required.push_back("*.zip");
    for (const std::string& name : required) EXPECT_TRUE(searched.count(name)) << name << " was not searched";
}

/// A small instance with faults of every kind: retries, 429s and redirects all get logged.
const std::vector<std::string> kFaultyMock{
    "--tickets", "60", "--seed", "5", "--fault-rate", "0.1", "--faults", "500,502,503,429,reset,truncate"};

std::string basic_header() {
    return "Basic " + zdbackup::net::base64_encode(kEmail + "/token:" + kToken);
}

TEST(Secrets, AnApiTokenAppearsInNoOutputFileOrZip) {
    MockServer mock(kFaultyMock);
    TempDir dir;
    auto args = backup_command(mock, dir.path() / "cache", dir.path() / "backup", {"--verbose"});
    const auto result = run_process(args);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_GT(mock.count("rate_limited"), 0) << "the run met no 429: its retry logging went untested";
    expect_nowhere(leak_forms(kToken, basic_header()), dir.path(), result.out + result.err, true);
    EXPECT_EQ(mock.count("storage_authorization_seen"), 0) << "credentials went to the storage host";
}

TEST(Secrets, AnOAuthTokenAppearsInNoOutputFileOrZip) {
    MockServer mock(kFaultyMock);
    TempDir dir;
    auto args = backup_command(mock, dir.path() / "cache", dir.path() / "backup", {"--verbose"});
    // Swap the API-token pair for the OAuth token.
    const auto email = std::find(args.begin(), args.end(), "--email");
    args.erase(email, email + 4);
    args.insert(args.end(), {"--oauth-token", kOAuthToken});
    const auto result = run_process(args);
    ASSERT_EQ(result.exit_code, 0) << result.err;
    expect_nowhere(leak_forms(kOAuthToken, "Bearer " + kOAuthToken), dir.path(), result.out + result.err,
                   true);
    EXPECT_EQ(mock.count("storage_authorization_seen"), 0);
}

TEST(Secrets, AFailedRunNamesTheUrlButNotTheToken) {
    MockServer mock({"--tickets", "30", "--fail-path", "/comments"});
    TempDir dir;
    auto args = backup_command(mock, dir.path() / "cache", dir.path() / "backup",
                               {"--verbose", "--max-retries", "1"});
    const auto result = run_process(args);
    ASSERT_NE(result.exit_code, 0);
    EXPECT_NE(result.err.find("/comments"), std::string::npos) << result.err;
    expect_nowhere(leak_forms(kToken, basic_header()), dir.path(), result.out + result.err, false);
}

}  // namespace
}  // namespace zdtest
