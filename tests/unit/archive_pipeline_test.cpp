#include "zip_reading.hpp"

#include <zdbackup/archive/manifest.hpp>
#include <zdbackup/pipeline/archive_pipeline.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include <gtest/gtest.h>

#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace zdbackup {
namespace {

namespace fs = std::filesystem;
namespace asio = boost::asio;

Batch make_batch(std::string kind, int first, int count, std::size_t body_size = 10) {
    Batch batch;
    batch.kind = kind;
    for (int i = first; i < first + count; ++i)
        batch.records.push_back(
            memory_record(kind + "/" + std::to_string(i) + ".json", std::string(body_size, 'x')));
    return batch;
}

class ArchivePipelineTest : public ::testing::Test {
  protected:
    fs::path dir_ = fs::temp_directory_path() / ("zdb-pipeline-" + std::to_string(::getpid()));
    void SetUp() override { fs::create_directories(dir_); }
    void TearDown() override { fs::remove_all(dir_); }
};

TEST_F(ArchivePipelineTest, WritesEveryBatchThenTheManifestLast) {
    const fs::path zip = dir_ / "out.zip";
    ArchivePipeline pipeline(zip, 2);  // small queue: producers must wait for the writer
    asio::io_context io;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            for (int b = 0; b < 10; ++b) {
                Batch batch = make_batch("tickets", b * 100, 100);
                EXPECT_TRUE(co_await pipeline.push(std::move(batch)));
            }
            Batch users = make_batch("users", 0, 7);
            EXPECT_TRUE(co_await pipeline.push(std::move(users)));
            co_await pipeline.close_input();
        },
        asio::detached);
    io.run();

    Manifest manifest;
    manifest.mode = "full";
    const FinishedZip finished = pipeline.finish(manifest);
    EXPECT_EQ(finished.entries, 1008u);
    EXPECT_EQ(pipeline.counts_by_kind().at("tickets"), 1000u);
    EXPECT_EQ(pipeline.counts_by_kind().at("users"), 7u);

    const auto entries = testing::read_zip(zip);
    ASSERT_EQ(entries.size(), 1008u);
    EXPECT_EQ(entries.back().path, "manifest.json");
    const auto parsed = parse_manifest(entries.back().data);
    ASSERT_TRUE(parsed) << parsed.error().message();
    EXPECT_EQ(parsed->entries.size(), 1007u);
    EXPECT_EQ(parsed->counts.at("tickets"), 1000u);
}

TEST_F(ArchivePipelineTest, AWriterFailureStopsTheProducersAndIsReported) {
    ArchivePipeline pipeline("/dev/full", 2);
    asio::io_context io;
    bool refused = false;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            // Enough bytes that libarchive must hand them to the (full) file.
            for (int b = 0; b < 200 && !refused; ++b) {
                Batch batch = make_batch("tickets", b * 10, 10, 64 * 1024);
                refused = !co_await pipeline.push(std::move(batch));
            }
        },
        asio::detached);
    io.run();
    EXPECT_TRUE(refused) << "push must fail once the writer has failed";
    const auto error = pipeline.writer_error();
    ASSERT_TRUE(error);
    try {
        std::rethrow_exception(error);
    } catch (const std::system_error& e) {
        EXPECT_EQ(e.code().value(), ENOSPC) << e.what();
    }
    EXPECT_THROW(pipeline.finish(Manifest{}), std::system_error);
}

}  // namespace
}  // namespace zdbackup
