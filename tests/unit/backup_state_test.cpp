#include <zdbackup/cache/backup_state.hpp>
#include <zdbackup/core/run_error.hpp>
#include <zdbackup/platform/process.hpp>

#include <gtest/gtest.h>

#include <fstream>

namespace zdbackup {
namespace {

namespace fs = std::filesystem;

class StateFile : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("zdb_state_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) +
                "_" + std::to_string(platform::current_pid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string expect_damaged() {
        try {
            read_backup_state(dir_);
        } catch (const RunError& error) {
            EXPECT_EQ(error.exit_code(), ExitCode::local_io);
            return error.what();
        }
        ADD_FAILURE() << "expected a RunError";
        return {};
    }

    fs::path dir_;
};

TEST_F(StateFile, MissingMeansNoState) {
    EXPECT_FALSE(read_backup_state(dir_));
}

TEST_F(StateFile, RoundTripsStreamsRunAndLastRun) {
    BackupState state;
    state.source = "https://example.zendesk.com";
    state.streams["tickets"] = StreamState{"MTY5NTA2MjcyNC4wfHwxNTcxfA==", 3, ""};
    state.streams["support_assets/sla_policies"] = StreamState{"", 3, "HTTP 403"};
    state.run_in_progress = boost::json::object{{"id", 4}, {"mode", "incremental"}};
    state.last_run = boost::json::object{{"status", "success"}};
    state.last_failure = boost::json::object{{"error", "disk full"}};
    write_backup_state(dir_, state);

    const auto read = read_backup_state(dir_);
    ASSERT_TRUE(read);
    EXPECT_EQ(read->source, state.source);
    EXPECT_EQ(read->streams.at("tickets").position, "MTY5NTA2MjcyNC4wfHwxNTcxfA==");
    EXPECT_EQ(read->streams.at("tickets").complete_run, 3);
    EXPECT_EQ(read->streams.at("support_assets/sla_policies").skipped_reason, "HTTP 403");
    EXPECT_EQ(read->run_in_progress->at("id").as_int64(), 4);
    EXPECT_EQ(read->last_run->at("status").as_string(), "success");
    EXPECT_EQ(read->last_failure->at("error").as_string(), "disk full");
}

TEST_F(StateFile, ATruncatedFileIsAClearErrorNamingTheFileAndTheFix) {
    BackupState state;
    state.source = "https://example.zendesk.com";
    write_backup_state(dir_, state);
    const fs::path file = backup_state_file(dir_);
    fs::resize_file(file, fs::file_size(file) / 2);
    const std::string message = expect_damaged();
    EXPECT_NE(message.find(file.string()), std::string::npos) << message;
    EXPECT_NE(message.find("delete it to force a full backup"), std::string::npos) << message;
}

TEST_F(StateFile, SomethingElseIsRefused) {
    std::ofstream(backup_state_file(dir_)) << R"({"format":"other/9","source":"x"})";
    EXPECT_NE(expect_damaged().find("unknown format"), std::string::npos);
    std::ofstream(backup_state_file(dir_)) << R"([1,2,3])";
    EXPECT_NE(expect_damaged().find("unexpected content"), std::string::npos);
    std::ofstream(backup_state_file(dir_)) << "";
    EXPECT_NE(expect_damaged().find("not valid JSON"), std::string::npos);
}

TEST_F(StateFile, IsWrittenForPeopleToRead) {
    BackupState state;
    state.source = "https://example.zendesk.com";
    state.streams["tickets"] = StreamState{"abc", 1, ""};
    write_backup_state(dir_, state);
    std::ifstream in(backup_state_file(dir_));
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    EXPECT_NE(text.find("\n  \"source\": \"https://example.zendesk.com\",\n"), std::string::npos) << text;
    EXPECT_NE(text.find("\n      \"position\": \"abc\""), std::string::npos) << text;
}

}  // namespace
}  // namespace zdbackup
