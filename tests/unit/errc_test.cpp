#include <zdbackup/core/errc.hpp>

#include <gtest/gtest.h>

#include <boost/system/errc.hpp>

namespace zdbackup {
namespace {

namespace se = boost::system::errc;

TEST(ZdbackupCategory, HasNameAndMessages) {
    EXPECT_STREQ(zdbackup_category().name(), "zdbackup");
    for (int v = 1; v <= static_cast<int>(errc::cancelled); ++v) {
        const std::string m = make_error_code(static_cast<errc>(v)).message();
        EXPECT_FALSE(m.empty());
        EXPECT_EQ(m.find("unknown"), std::string::npos) << v;
    }
    EXPECT_NE(make_error_code(errc::unauthorized).message().find("401"), std::string::npos);
}

TEST(IsRetryable, ClassifiesOwnCodes) {
    for (errc e : {errc::rate_limited, errc::server_error, errc::timeout, errc::connection_lost,
                   errc::truncated_body, errc::bad_payload})
        EXPECT_TRUE(is_retryable(e)) << static_cast<int>(e);
    for (errc e : {errc::ok, errc::unauthorized, errc::forbidden, errc::not_found, errc::bad_request,
                   errc::not_advancing, errc::dns_failure, errc::connection_refused, errc::tls_untrusted,
                   errc::tls_hostname_mismatch, errc::not_zendesk, errc::no_answer, errc::retries_exhausted,
                   errc::cancelled})
        EXPECT_FALSE(is_retryable(e)) << static_cast<int>(e);
}

TEST(IsRetryable, ClassifiesSystemErrors) {
    EXPECT_TRUE(is_retryable(se::make_error_code(se::connection_reset)));
    EXPECT_TRUE(is_retryable(se::make_error_code(se::timed_out)));
    EXPECT_TRUE(is_retryable(se::make_error_code(se::broken_pipe)));
    EXPECT_FALSE(is_retryable(se::make_error_code(se::no_space_on_device)));
    EXPECT_FALSE(is_retryable(se::make_error_code(se::operation_canceled)));
    EXPECT_FALSE(is_retryable(boost::system::error_code{}));
}

TEST(ExitCodeFor, MapsEachClass) {
    EXPECT_EQ(exit_code_for({}), ExitCode::success);
    EXPECT_EQ(exit_code_for(errc::unauthorized), ExitCode::auth);
    EXPECT_EQ(exit_code_for(errc::forbidden), ExitCode::auth);
    EXPECT_EQ(exit_code_for(errc::dns_failure), ExitCode::network);
    EXPECT_EQ(exit_code_for(errc::connection_refused), ExitCode::network);
    EXPECT_EQ(exit_code_for(errc::tls_untrusted), ExitCode::network);
    EXPECT_EQ(exit_code_for(errc::tls_hostname_mismatch), ExitCode::network);
    EXPECT_EQ(exit_code_for(errc::not_zendesk), ExitCode::network);
    EXPECT_EQ(exit_code_for(errc::server_error), ExitCode::api);
    EXPECT_EQ(exit_code_for(errc::bad_payload), ExitCode::api);
    EXPECT_EQ(exit_code_for(errc::not_advancing), ExitCode::api);
    EXPECT_EQ(exit_code_for(errc::retries_exhausted), ExitCode::api);
    EXPECT_EQ(exit_code_for(errc::no_answer), ExitCode::network);
    EXPECT_FALSE(is_retryable(errc::no_answer));
    EXPECT_EQ(exit_code_for(errc::rate_limited), ExitCode::api);
    EXPECT_EQ(exit_code_for(errc::cancelled), ExitCode::interrupted);
    EXPECT_EQ(exit_code_for(se::make_error_code(se::no_space_on_device)), ExitCode::local_io);
    EXPECT_EQ(exit_code_for(se::make_error_code(se::permission_denied)), ExitCode::local_io);
    EXPECT_EQ(exit_code_for(se::make_error_code(se::read_only_file_system)), ExitCode::local_io);
    EXPECT_EQ(exit_code_for(boost::system::error_code(ENOSPC, boost::system::system_category())),
              ExitCode::local_io);
    EXPECT_EQ(exit_code_for(se::make_error_code(se::connection_refused)), ExitCode::network);
    EXPECT_EQ(exit_code_for(se::make_error_code(se::not_supported)), ExitCode::failure);
}

}  // namespace
}  // namespace zdbackup
