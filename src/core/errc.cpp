#include <zdbackup/core/errc.hpp>

#include <boost/system/errc.hpp>

#include <cstring>
#include <string>

namespace zdbackup {
namespace {

class ZdbackupCategory final : public boost::system::error_category {
  public:
    const char* name() const noexcept override { return "zdbackup"; }

    std::string message(int value) const override {
        switch (static_cast<errc>(value)) {
            case errc::ok:
                return "success";
            case errc::rate_limited:
                return "rate limited by Zendesk (429 or 503 with Retry-After)";
            case errc::server_error:
                return "Zendesk server error (5xx)";
            case errc::timeout:
                return "the request timed out";
            case errc::connection_lost:
                return "the connection was lost mid-response";
            case errc::truncated_body:
                return "the response body was shorter than announced";
            case errc::bad_payload:
                return "the response is not the JSON Zendesk should send";
            case errc::unauthorized:
                return "authentication failed (401): check the email and API token";
            case errc::forbidden:
                return "access denied (403): the user lacks the role or the plan lacks the feature";
            case errc::not_found:
                return "not found (404)";
            case errc::bad_request:
                return "the request was rejected (4xx)";
            case errc::not_advancing:
                return "an export cursor or next page did not advance";
            case errc::dns_failure:
                return "the host name does not resolve";
            case errc::connection_refused:
                return "the connection was refused";
            case errc::tls_untrusted:
                return "the server certificate is not trusted (see --ca-file)";
            case errc::tls_hostname_mismatch:
                return "the server certificate does not name the host";
            case errc::not_zendesk:
                return "the server does not answer like Zendesk (proxy or captive portal?)";
            case errc::no_answer:
                return "the server never answered";
            case errc::retries_exhausted:
                return "the request kept failing after every retry";
            case errc::cancelled:
                return "the run was interrupted";
        }
        return "unknown zdbackup error " + std::to_string(value);
    }

    char const* message(int value, char* buffer, std::size_t len) const noexcept override {
        if (len == 0) return buffer;
        try {
            const std::string text = message(value);
            std::strncpy(buffer, text.c_str(), len - 1);
            buffer[len - 1] = '\0';
        } catch (...) {
            buffer[0] = '\0';
        }
        return buffer;
    }
};

// Asio, Beast and SSL stream errors are recognised by category name, so this file needs no Asio
// header (Asio is compiled in exactly one TU). Values from boost/asio/error.hpp, beast/core/error.hpp,
// beast/http/error.hpp and asio/ssl/error.hpp (Boost 1.81).
bool is_transient_foreign(const boost::system::error_code& ec) noexcept {
    const char* name = ec.category().name();
    const int v = ec.value();
    if (std::strcmp(name, "asio.misc") == 0) return v == 2;             // eof
    if (std::strcmp(name, "asio.ssl.stream") == 0) return v == 1;       // stream_truncated
    if (std::strcmp(name, "boost.beast") == 0) return v == 1;           // timeout
    if (std::strcmp(name, "beast.http") == 0) return v == 1 || v == 2;  // end_of_stream, partial_message
    return false;
}

bool is_generic_or_system(const boost::system::error_code& ec) noexcept {
    return ec.category() == boost::system::generic_category() ||
           ec.category() == boost::system::system_category();
}

}  // namespace

const boost::system::error_category& zdbackup_category() noexcept {
    static const ZdbackupCategory category;
    return category;
}

bool is_retryable(const boost::system::error_code& ec) noexcept {
    if (!ec) return false;
    if (ec.category() == zdbackup_category()) {
        switch (static_cast<errc>(ec.value())) {
            case errc::rate_limited:
            case errc::server_error:
            case errc::timeout:
            case errc::connection_lost:
            case errc::truncated_body:
            case errc::bad_payload:
                return true;
            default:
                return false;
        }
    }
    if (is_transient_foreign(ec)) return true;
    if (!is_generic_or_system(ec)) return false;
    namespace se = boost::system::errc;
    // Comparing against conditions maps Windows WSA codes too.
    return ec == se::connection_reset || ec == se::connection_aborted || ec == se::timed_out ||
           ec == se::broken_pipe || ec == se::network_reset || ec == se::network_down ||
           ec == se::network_unreachable || ec == se::host_unreachable ||
           ec == se::resource_unavailable_try_again || ec == se::interrupted;
}

ExitCode exit_code_for(const boost::system::error_code& ec) noexcept {
    if (!ec) return ExitCode::success;
    if (ec.category() == zdbackup_category()) {
        switch (static_cast<errc>(ec.value())) {
            case errc::ok:
                return ExitCode::success;
            case errc::unauthorized:
            case errc::forbidden:
                return ExitCode::auth;
            case errc::dns_failure:
            case errc::connection_refused:
            case errc::tls_untrusted:
            case errc::tls_hostname_mismatch:
            case errc::not_zendesk:
            case errc::no_answer:
                return ExitCode::network;
            case errc::rate_limited:
            case errc::server_error:
            case errc::timeout:
            case errc::connection_lost:
            case errc::truncated_body:
            case errc::bad_payload:
            case errc::not_found:
            case errc::bad_request:
            case errc::not_advancing:
            case errc::retries_exhausted:
                return ExitCode::api;
            case errc::cancelled:
                return ExitCode::interrupted;
        }
        return ExitCode::failure;
    }
    if (!is_generic_or_system(ec)) return ExitCode::failure;
    namespace se = boost::system::errc;
    if (ec == se::no_space_on_device || ec == se::permission_denied || ec == se::read_only_file_system ||
        ec == se::operation_not_permitted || ec == se::io_error || ec == se::file_too_large ||
        ec == se::too_many_files_open || ec == se::too_many_files_open_in_system ||
        ec == se::filename_too_long || ec == se::no_such_file_or_directory || ec == se::not_a_directory ||
        ec == se::is_a_directory || ec == se::file_exists || ec == se::directory_not_empty ||
        ec == se::cross_device_link || ec == se::device_or_resource_busy)
        return ExitCode::local_io;
#ifdef EDQUOT
    if (ec.value() == EDQUOT && ec.category() == boost::system::generic_category()) return ExitCode::local_io;
#endif
    if (ec == se::connection_refused || ec == se::network_unreachable || ec == se::host_unreachable ||
        ec == se::network_down || ec == se::connection_reset || ec == se::timed_out)
        return ExitCode::network;
    if (ec == se::operation_canceled) return ExitCode::interrupted;
    return ExitCode::failure;
}

}  // namespace zdbackup
