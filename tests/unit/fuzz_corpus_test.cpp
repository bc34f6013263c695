// The fuzz targets' property checks over their seed corpora, so the GCC build regression-tests every
// file in tests/fuzz/corpus (a crashing input, once fixed, belongs there) without clang or libFuzzer.

#include "../fuzz/checks.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <ostream>
#include <string>

namespace zdbackup::fuzz {

// Test listings name the target rather than the struct's bytes (found by ADL: not in the anonymous
// namespace).
void PrintTo(const Check& check, std::ostream* os) {
    *os << check.name;
}

namespace {

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class FuzzCorpus : public ::testing::TestWithParam<Check> {};

TEST_P(FuzzCorpus, EverySeedHoldsTheTargetsProperties) {
    const std::filesystem::path dir = std::filesystem::path(ZDB_FUZZ_CORPUS_DIR) / GetParam().name;
    std::size_t seeds = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        const std::string input = read_file(entry.path());
        EXPECT_NO_THROW(GetParam().run(input)) << entry.path();
        ++seeds;
    }
    EXPECT_GT(seeds, 0u) << "no seeds in " << dir;
}

INSTANTIATE_TEST_SUITE_P(Targets, FuzzCorpus, ::testing::ValuesIn(kChecks),
                         [](const ::testing::TestParamInfo<Check>& info) {
                             return std::string(info.param.name);
                         });

}  // namespace
}  // namespace zdbackup::fuzz
