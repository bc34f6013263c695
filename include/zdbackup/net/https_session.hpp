#pragma once
// One keep-alive HTTPS connection to one host. Connects lazily, reconnects after the server
// closes, verifies the certificate chain and the host name, and puts a deadline on every step.

#include <zdbackup/net/asio_types.hpp>
#include <zdbackup/net/http_response.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace boost::asio::ssl {
class context;
}

namespace zdbackup::net {

struct HostPort {
    std::string host;  ///< DNS name or IP literal (no brackets)
    std::string port;  ///< "443" by default
};

/// Thread safety: one coroutine at a time (the pool hands a session to one worker).
class HttpsSession {
  public:
    HttpsSession(asio::any_io_executor executor, asio::ssl::context& tls, HostPort server,
                 std::chrono::seconds step_timeout);
    ~HttpsSession();
    HttpsSession(const HttpsSession&) = delete;
    HttpsSession& operator=(const HttpsSession&) = delete;

    /// Connects now unless connected: lets the caller hold a request back after the handshake (a
    /// Retry-After may arrive meanwhile). Errors: as get().
    Task<FetchResult<void>> connect_if_needed();

    /// GET `target` (path + query). `authorization` is sent as the Authorization header when not empty.
    /// Errors: errc::dns_failure, connection_refused, tls_untrusted, tls_hostname_mismatch, timeout,
    /// connection_lost, truncated_body. A non-2xx status is not an error here.
    Task<FetchResult<HttpResponse>> get(std::string_view target, std::string_view authorization);

    /// GET `target`, the body streamed into `file` (truncated first) whatever the status; the
    /// returned response has an empty body. Errors: as get(); std::system_error if `file` cannot be written.
    Task<FetchResult<HttpResponse>> get_to_file(std::string_view target, std::string_view authorization,
                                                const std::filesystem::path& file);

    const HostPort& server() const noexcept { return server_; }

  private:
    /// Sends the request and reads the response into `parser` (a Beast response parser).
    template <class Parser>
    Task<FetchResult<void>> exchange(std::string_view target, std::string_view authorization, Parser& parser);

    struct Impl;
    std::unique_ptr<Impl> impl_;
    HostPort server_;
};

}  // namespace zdbackup::net
