#include <zdbackup/platform/process.hpp>
#include <zdbackup/util/atomic_file.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <system_error>

namespace zdbackup {
namespace {

namespace fs = std::filesystem;

std::string read_all(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class AtomicFile : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("zdb_atomic_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) +
                "_" + std::to_string(platform::current_pid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::size_t files_in_dir() const {
        return static_cast<std::size_t>(
            std::distance(fs::directory_iterator(dir_), fs::directory_iterator()));
    }

    fs::path dir_;
};

TEST_F(AtomicFile, WritesAndReplacesContent) {
    const auto target = dir_ / "state.json";
    write_file_atomically(target, "first");
    EXPECT_EQ(read_all(target), "first");
    write_file_atomically(target, std::string("second\0binary", 13));
    EXPECT_EQ(read_all(target), std::string("second\0binary", 13));
    EXPECT_EQ(files_in_dir(), 1u) << "no temp file may be left behind";
}

TEST_F(AtomicFile, WritesEmptyFile) {
    const auto target = dir_ / "empty";
    write_file_atomically(target, "");
    EXPECT_TRUE(fs::exists(target));
    EXPECT_EQ(fs::file_size(target), 0u);
}

TEST_F(AtomicFile, FailsWithSystemErrorNamingThePath) {
    // A path below a regular file fails even for root (ENOTDIR).
    const auto target = fs::path("/etc/passwd/x");
    try {
        write_file_atomically(target, "data");
        FAIL() << "expected std::system_error";
    } catch (const std::system_error& e) {
        EXPECT_EQ(e.code(), std::errc::not_a_directory);
        EXPECT_NE(std::string(e.what()).find("/etc/passwd/x"), std::string::npos) << e.what();
    }
}

TEST_F(AtomicFile, WriteErrorKeepsErrnoForDiskFull) {
    if (!fs::exists("/dev/full")) GTEST_SKIP() << "/dev/full not available";
    OutputFile out("/dev/full");
    try {
        out.write("x");
        FAIL() << "expected std::system_error";
    } catch (const std::system_error& e) {
        EXPECT_EQ(e.code(), std::errc::no_space_on_device);
        EXPECT_NE(std::string(e.what()).find("cannot write /dev/full"), std::string::npos) << e.what();
    }
}

TEST_F(AtomicFile, CopyCopiesBytesExactlyAndLeavesNoTemp) {
    std::string data(300'000, '\0');
    for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 7 + 3);
    const auto source = dir_ / "source.bin";
    write_file_atomically(source, data);

    const auto target = dir_ / "copy.bin";
    copy_file_atomically(source, target, dir_ / ".copy.bin.partial");
    EXPECT_EQ(read_all(target), data);
    EXPECT_FALSE(fs::exists(dir_ / ".copy.bin.partial"));
    EXPECT_EQ(files_in_dir(), 2u);
}

TEST_F(AtomicFile, CopyOfMissingSourceThrowsAndLeavesNoTemp) {
    EXPECT_THROW(copy_file_atomically(dir_ / "missing", dir_ / "target", dir_ / "target.tmp"),
                 std::system_error);
    EXPECT_EQ(files_in_dir(), 0u);
}

TEST_F(AtomicFile, FsyncReportsMissingPaths) {
    EXPECT_THROW(fsync_file(dir_ / "missing"), std::system_error);
    EXPECT_THROW(fsync_directory(dir_ / "missing"), std::system_error);
    EXPECT_NO_THROW(fsync_directory(dir_));
}

}  // namespace
}  // namespace zdbackup
