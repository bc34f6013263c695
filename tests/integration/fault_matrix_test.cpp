// End-to-end fault matrix: every kind of fault zdmock can inject, at a few rates and seeds. Each run
// must finish and write exactly the snapshot a fault-free run of the same data writes, and the mock
// must count no request that arrived while a Retry-After it announced was running.

#include "test_support.hpp"

#include <boost/json/serialize.hpp>

#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <map>
#include <ostream>

namespace zdtest {
namespace {

namespace json = boost::json;

constexpr int kTickets = 60;

struct Cell {
    std::string faults;                         ///< zdmock --faults
    double rate;                                ///< zdmock --fault-rate
    int seed;                                   ///< zdmock --seed: the data and the fault sequence
    std::string retry_after_style = "integer";  ///< zdmock --retry-after-style
    std::string label = {};                     ///< the name's first part when not `faults`

    /// `<kind>_<style>_rate<percent>_seed<n>`, each part alphanumeric so that ctest can select a kind
    /// with the filter `<kind>_*` (e.g. "stall_*" does not also pick "stallbody_...").
    std::string name() const {
        return alnum(label.empty() ? faults : label) + "_" + alnum(retry_after_style) + "_rate" +
               std::to_string(std::lround(rate * 100)) + "_seed" + std::to_string(seed);
    }

    static std::string alnum(const std::string& s) {
        std::string out;
        for (char c : s)
            if (std::isalnum(static_cast<unsigned char>(c))) out += c;
        return out;
    }
};

void PrintTo(const Cell& cell, std::ostream* out) {
    *out << cell.name();
}

/// Every entry but the manifest, whose times differ from run to run, with the mock's port (in every
/// URL the records carry) replaced by "PORT": each cell runs its own mock on a free port.
std::map<std::string, std::string> snapshot_entries(const fs::path& zip, int port) {
    auto entries = read_zip(zip);
    entries.erase("manifest.json");
    const std::string from = ":" + std::to_string(port) + "/";
    for (auto& [name, bytes] : entries) {
        if (!name.ends_with(".json")) continue;
        for (auto at = bytes.find(from); at != std::string::npos; at = bytes.find(from, at + 6))
            bytes.replace(at, from.size(), ":PORT/");
    }
    return entries;
}

/// Client settings shared by every run: a short step deadline so stalls cost seconds, and a retry
/// budget deep enough that a 20% fault rate cannot exhaust it by chance.
std::vector<std::string> client_args() {
    return {"--concurrency", "8", "--timeout", "2", "--max-retries", "12", "--quiet"};
}

/// The fault-free snapshot of one seed's data, computed once per seed.
const std::map<std::string, std::string>& reference_for(int seed) {
    static std::map<int, std::map<std::string, std::string>> references;
    auto found = references.find(seed);
    if (found != references.end()) return found->second;
    MockServer mock({"--tickets", std::to_string(kTickets), "--seed", std::to_string(seed)});
    TempDir dir;
    const auto result =
        run_process(backup_command(mock, dir.path() / "cache", dir.path() / "backup", client_args()));
    EXPECT_EQ(result.exit_code, 0) << result.err;
    const auto zips = zips_in(dir.path() / "backup");
    EXPECT_EQ(zips.size(), 1u);
    return references[seed] =
               zips.empty() ? std::map<std::string, std::string>{} : snapshot_entries(zips[0], mock.port());
}

class FaultMatrix : public ::testing::TestWithParam<Cell> {};

TEST_P(FaultMatrix, TheSnapshotIsTheFaultFreeOneAndNoRetryAfterWasIgnored) {
    const Cell& cell = GetParam();
    const auto& reference = reference_for(cell.seed);
    ASSERT_FALSE(reference.empty());

    MockServer mock({"--tickets", std::to_string(kTickets), "--seed", std::to_string(cell.seed), "--faults",
                     cell.faults, "--fault-rate", std::to_string(cell.rate), "--retry-after-style",
                     cell.retry_after_style});
    TempDir dir;
    const auto result =
        run_process(backup_command(mock, dir.path() / "cache", dir.path() / "backup", client_args()));
    const json::value stats = mock.stats();
    ASSERT_EQ(result.exit_code, 0) << result.err << json::serialize(stats);

    const auto& injected = stats.at("faults_injected").as_object();
    std::int64_t faults = 0;
    for (const auto& [kind, n] : injected) faults += n.to_number<std::int64_t>();
    EXPECT_GT(faults, 0) << "the cell injected nothing: " << json::serialize(stats);
    EXPECT_EQ(stats.at("ignored_retry_after").to_number<std::int64_t>(), 0) << json::serialize(stats);

    const auto zips = zips_in(dir.path() / "backup");
    ASSERT_EQ(zips.size(), 1u);
    const auto entries = snapshot_entries(zips[0], mock.port());
    EXPECT_EQ(entries.size(), reference.size());
    for (const auto& [name, bytes] : reference) {
        const auto it = entries.find(name);
        if (it == entries.end()) {
            ADD_FAILURE() << "missing: " << name;
        } else if (it->second != bytes) {
            ADD_FAILURE() << "differs from the fault-free run: " << name;
        }
    }
    std::cout << "  " << cell.name() << ": " << stats.at("total_requests").to_number<std::int64_t>()
              << " requests, " << faults << " faults injected\n";
}

std::vector<Cell> matrix() {
    std::vector<Cell> cells;
    const std::vector<std::string> kinds{"500",   "502",      "503",      "504",        "429",
                                         "reset", "truncate", "stall",    "stall_body", "html",
                                         "empty", "garbage",  "tls_alert"};
    // Each Retry-After stops every request for at least a second, so 429s and 503s (half of which carry
    // one) run at lower rates: the cells stay short and still see a dozen or more pauses each.
    for (const std::string& kind : kinds) {
        const bool pauses = kind == "429" || kind == "503";
        cells.push_back({kind, pauses ? 0.03 : 0.05, 1});
        cells.push_back({kind, pauses ? 0.1 : 0.2, 2});
    }
    // Every spelling of Retry-After a server may use, on 429s and 503s.
    for (const std::string style : {"decimal", "folded", "repeated", "http-date"}) {
        cells.push_back({"429", 0.03, 3, style});
        cells.push_back({"503", 0.06, 4, style});
    }
    // Everything at once.
    const std::string all =
        "500,502,503,504,429,reset,truncate,stall,stall_body,html,empty,garbage,tls_alert";
    cells.push_back({all, 0.15, 5, "integer", "all"});
    cells.push_back({all, 0.3, 6, "integer", "all"});
    return cells;
}

INSTANTIATE_TEST_SUITE_P(Faults, FaultMatrix, ::testing::ValuesIn(matrix()),
                         [](const ::testing::TestParamInfo<Cell>& info) { return info.param.name(); });

}  // namespace
}  // namespace zdtest
