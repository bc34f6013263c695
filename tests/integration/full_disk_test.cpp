// End-to-end: a full disk gives one clear line and exit 6, never a damaged cache, and never touches
// the zips already in the backup folder. The disks are small tmpfs mounts (the test needs root).

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <sys/mount.h>

#include <fstream>

namespace zdtest {

namespace {

/// A tmpfs of `megabytes` mounted on `dir` for the object's lifetime.
class SmallDisk {
  public:
    SmallDisk(const fs::path& dir, int megabytes) : dir_(dir) {
        fs::create_directories(dir);
        const std::string options = "size=" + std::to_string(megabytes) + "m";
        mounted_ = ::mount("tmpfs", dir.c_str(), "tmpfs", 0, options.c_str()) == 0;
    }
    ~SmallDisk() {
        if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
    }
    bool mounted() const { return mounted_; }
    /// Gives the disk room again.
    bool grow(int megabytes) {
        const std::string options = "size=" + std::to_string(megabytes) + "m";
        return ::mount("tmpfs", dir_.c_str(), "tmpfs", MS_REMOUNT, options.c_str()) == 0;
    }

  private:
    fs::path dir_;
    bool mounted_ = false;
};

std::vector<std::string> backup_args(const MockServer& mock, const fs::path& cache, const fs::path& backup) {
    return backup_command(mock, cache, backup, {"--quiet"});
}

std::string read_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// One line on stderr, the error line.
void expect_one_clear_line(const std::string& err, const std::string& must_say) {
    EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
    EXPECT_TRUE(err.starts_with("zdbackup: error: ")) << err;
    EXPECT_NE(err.find(must_say), std::string::npos) << err;
}

TEST(FullDisk, CacheDiskFullStopsWithOneLineAndTheNextRunFinishes) {
    MockServer mock({"--tickets", "60"});
    TempDir dir;
    const fs::path cache = dir.path() / "cache", backup = dir.path() / "backup";
    SmallDisk disk(cache, 3);
    if (!disk.mounted()) GTEST_SKIP() << "mounting a tmpfs needs root";

    const auto full = run_process(backup_args(mock, cache, backup));
    EXPECT_EQ(full.exit_code, 6);
    expect_one_clear_line(full.err, "full");
    EXPECT_TRUE(zips_in(backup).empty());

    ASSERT_TRUE(disk.grow(400));
    const auto resumed = run_process(backup_args(mock, cache, backup));
    ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
    const auto zips = zips_in(backup);
    ASSERT_EQ(zips.size(), 1u);
    const auto verified = run_process({ZDB_BINARY, "verify", zips[0].string()});
    EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
}

TEST(FullDisk, ADownloadIntoAFullCacheIsNotRetriedAsANetworkFault) {
    MockServer mock({"--tickets", "300"});
    TempDir dir;
    const fs::path cache = dir.path() / "cache";
    SmallDisk disk(cache, 20);  // room for the database, not for the attachment files
    if (!disk.mounted()) GTEST_SKIP() << "mounting a tmpfs needs root";
    const auto full = run_process(backup_args(mock, cache, dir.path() / "backup"));
    EXPECT_EQ(full.exit_code, 6);
    // Not "the request kept failing after every retry" (exit 5): a full disk is not a network fault.
    expect_one_clear_line(full.err, "No space left on device: the disk is full");
}

TEST(FullDisk, BackupFolderFullLeavesTheZipsThereUntouched) {
    MockServer mock({"--tickets", "60"});
    TempDir dir;
    const fs::path cache = dir.path() / "cache", backup = dir.path() / "backup";
    SmallDisk disk(backup, 1);
    if (!disk.mounted()) GTEST_SKIP() << "mounting a tmpfs needs root";
    const fs::path older = backup / "zendesk_backup_2020-01-01.zip";
    std::ofstream(older, std::ios::binary) << std::string(300000, 'z');

    const auto result = run_process(backup_args(mock, cache, backup));
    EXPECT_EQ(result.exit_code, 6);
    expect_one_clear_line(result.err, "the disk is full");
    EXPECT_EQ(read_file(older), std::string(300000, 'z'));
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(backup))
        names.push_back(entry.path().filename().string());
    EXPECT_EQ(names, std::vector<std::string>{"zendesk_backup_2020-01-01.zip"}) << "no temp file left behind";
    ASSERT_EQ(zips_in(cache).size(), 1u) << "the cache keeps the finished zip";
}

}  // namespace
}  // namespace zdtest
