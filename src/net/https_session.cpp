#include <zdbackup/core/errc.hpp>
#include <zdbackup/net/https_session.hpp>
#include <zdbackup/platform/utf8_path.hpp>

#include <cerrno>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/version.hpp>

#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <optional>
#include <system_error>

namespace zdbackup::net {

namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace {

constexpr std::uint64_t kMaxBodyBytes = 512ull * 1024 * 1024;

// Beast reads into the free capacity of the buffer, but never less than 512 bytes: an empty buffer
// made every ~10 KB page 20 TLS reads, each a trip through OpenSSL, the timer and the coroutine. Room
// for a whole TLS record (16 KB) and then some makes it one or two.
constexpr std::size_t kReadBufferBytes = 64 * 1024;

error_code map_resolve_error(const error_code& ec) {
    if (ec == asio::error::host_not_found || ec == asio::error::host_not_found_try_again ||
        ec == asio::error::no_data || ec == asio::error::no_recovery)
        return errc::dns_failure;
    return errc::connection_lost;
}

error_code map_connect_error(const error_code& ec) {
    if (ec == asio::error::connection_refused) return errc::connection_refused;
    if (ec == beast::error::timeout) return errc::timeout;
    if (ec == asio::error::host_unreachable || ec == asio::error::network_unreachable)
        return errc::connection_refused;
    return errc::connection_lost;
}

error_code map_transfer_error(const error_code& ec) {
    if (ec == beast::error::timeout) return errc::timeout;
    if (ec == http::error::partial_message) return errc::truncated_body;
    if (ec == ssl::error::stream_truncated) return errc::truncated_body;
    if (ec == http::error::body_limit) return errc::bad_payload;
    return errc::connection_lost;
}

std::optional<long> header_number(const http::fields& fields, std::string_view name) {
    auto it = fields.find(name);
    if (it == fields.end()) return std::nullopt;
    try {
        return std::stol(std::string(it->value()));
    } catch (const std::exception&) {
        return std::nullopt;  // a garbled header must not abort the fetch
    }
}

bool is_ip_literal(const std::string& host) {
    error_code ec;
    asio::ip::make_address(host, ec);
    return !ec;
}

}  // namespace

struct SessionFree {
    void operator()(SSL_SESSION* session) const { SSL_SESSION_free(session); }
};

struct HttpsSession::Impl {
    asio::any_io_executor executor;
    ssl::context& tls;
    std::chrono::seconds step_timeout;
    std::optional<beast::ssl_stream<beast::tcp_stream>> stream;
    beast::flat_buffer buffer;
    std::string host_header;
    // The TLS session of the last connection, offered on the next one: a reconnect (the server
    // closed, a reset) then costs an abbreviated handshake, not a certificate chain check and a key
    // exchange (about ten requests' worth of CPU). Only this host's sessions are offered.
    std::unique_ptr<SSL_SESSION, SessionFree> resumable;
    bool session_saved = false;  ///< this connection's session has been taken for the next one

    Impl(asio::any_io_executor ex, ssl::context& ctx, std::chrono::seconds timeout)
        : executor(std::move(ex)), tls(ctx), step_timeout(timeout) {
        buffer.reserve(kReadBufferBytes);
    }

    void close() {
        if (!stream) return;
        error_code ignored;
        beast::get_lowest_layer(*stream).socket().shutdown(tcp::socket::shutdown_both, ignored);
        beast::get_lowest_layer(*stream).close();
        stream.reset();
        buffer.clear();
    }

    // Host-name checking is done by OpenSSL itself (SSL_set1_host / set1_ip) rather than a verify
    // callback, so the verify result tells us precisely why a handshake failed.
    void configure_verification(const HostPort& server) {
        SSL* handle = stream->native_handle();
        if (is_ip_literal(server.host)) {
            X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(handle), server.host.c_str());
        } else {
            SSL_set_tlsext_host_name(handle, server.host.c_str());  // SNI
            SSL_set1_host(handle, server.host.c_str());
        }
        stream->set_verify_mode(ssl::verify_peer);
    }

    Task<FetchResult<void>> connect(const HostPort& server) {
        tcp::resolver resolver(executor);
        auto [resolve_ec, endpoints] = co_await resolver.async_resolve(server.host, server.port, use_tuple);
        if (resolve_ec) co_return FetchFailure{map_resolve_error(resolve_ec), 0, {}, resolve_ec.message()};

        stream.emplace(executor, tls);
        auto& tcp_layer = beast::get_lowest_layer(*stream);
        tcp_layer.expires_after(step_timeout);
        auto [connect_ec, endpoint] = co_await tcp_layer.async_connect(endpoints, use_tuple);
        if (connect_ec) {
            stream.reset();
            co_return FetchFailure{map_connect_error(connect_ec), 0, {}, connect_ec.message()};
        }
        configure_verification(server);
        if (resumable) SSL_set_session(stream->native_handle(), resumable.get());
        session_saved = false;
        tcp_layer.expires_after(step_timeout);
        auto [handshake_ec] = co_await stream->async_handshake(ssl::stream_base::client, use_tuple);
        if (handshake_ec) co_return handshake_failure(handshake_ec);
        co_return FetchResult<void>{};
    }

    /// Keeps the connection's session for the next connection, once a response has been read: a
    /// TLS 1.3 server sends its ticket after the handshake, so it has arrived by then. A copy, as
    /// OpenSSL marks a connection's own session unusable when that connection later ends in an error
    /// (a reset, a cut body): just when a reconnect needs it.
    void save_session() {
        if (session_saved) return;
        session_saved = true;
        SSL_SESSION* session = SSL_get0_session(stream->native_handle());
        if (session && SSL_SESSION_is_resumable(session)) resumable.reset(SSL_SESSION_dup(session));
    }

    FetchFailure handshake_failure(const error_code& ec) {
        resumable.reset();  // whatever went wrong, the next attempt starts from scratch
        const long verify = SSL_get_verify_result(stream->native_handle());
        stream.reset();
        if (verify == X509_V_ERR_HOSTNAME_MISMATCH || verify == X509_V_ERR_IP_ADDRESS_MISMATCH)
            return {errc::tls_hostname_mismatch, 0, {}, X509_verify_cert_error_string(verify)};
        if (verify != X509_V_OK) return {errc::tls_untrusted, 0, {}, X509_verify_cert_error_string(verify)};
        if (ec == beast::error::timeout) return {errc::timeout, 0, {}, "TLS handshake timed out"};
        return {errc::connection_lost, 0, {}, ec.message()};
    }
};

HttpsSession::HttpsSession(asio::any_io_executor executor, asio::ssl::context& tls, HostPort server,
                           std::chrono::seconds step_timeout)
    : impl_(std::make_unique<Impl>(std::move(executor), tls, step_timeout)), server_(std::move(server)) {
    impl_->host_header = server_.host;
    if (server_.port != "443") impl_->host_header += ":" + server_.port;
}

HttpsSession::~HttpsSession() = default;

namespace {

HttpResponse response_head(const http::response_header<>& head) {
    HttpResponse response;
    response.status = static_cast<int>(head.result_int());
    response.content_type = std::string(head[http::field::content_type]);
    response.location = std::string(head[http::field::location]);
    // Several Retry-After lines mean the same as one comma-folded line (RFC 9110 §5.3).
    const auto [first, last] = head.equal_range(http::field::retry_after);
    for (auto field = first; field != last; ++field) {
        if (!response.retry_after.empty()) response.retry_after += ", ";
        response.retry_after += std::string(field->value());
    }
    response.rate_limit = header_number(head, "X-Rate-Limit");
    response.rate_limit_remaining = header_number(head, "X-Rate-Limit-Remaining");
    return response;
}

}  // namespace

namespace {

bool is_local_write_error(const error_code& ec) {
    if (ec.category() != boost::system::system_category() &&
        ec.category() != boost::system::generic_category())
        return false;
    // Conditions, not raw values: Beast's file reports errno on POSIX and Win32 codes on Windows
    // (ERROR_DISK_FULL is 112, and 28 there is ERROR_OUT_OF_PAPER); both categories map to errc.
    namespace errc = boost::system::errc;
    if (ec == errc::no_space_on_device || ec == errc::file_too_large || ec == errc::read_only_file_system ||
        ec == errc::io_error)
        return true;
#ifdef EDQUOT  // a quota has no errc, and Windows has no EDQUOT (a full quota is ERROR_DISK_FULL there)
    if (ec.value() == EDQUOT) return true;
#endif
    return false;
}

}  // namespace

Task<FetchResult<void>> HttpsSession::connect_if_needed() {
    if (impl_->stream) co_return FetchResult<void>{};
    co_return co_await impl_->connect(server_);
}

template <class Parser>
Task<FetchResult<void>> HttpsSession::exchange(std::string_view target, std::string_view authorization,
                                               Parser& parser) {
    Impl& s = *impl_;
    if (!s.stream) {
        auto connected = co_await s.connect(server_);
        if (!connected) co_return connected.error();
    }

    http::request<http::empty_body> request{http::verb::get, target, 11};
    request.set(http::field::host, s.host_header);
    request.set(http::field::user_agent, "zdbackup/" ZDB_VERSION);
    request.set(http::field::accept, "application/json");
    if (!authorization.empty()) request.set(http::field::authorization, authorization);
    request.keep_alive(true);

    auto& tcp_layer = beast::get_lowest_layer(*s.stream);
    tcp_layer.expires_after(s.step_timeout);
    auto [write_ec, written] = co_await http::async_write(*s.stream, request, use_tuple);
    if (write_ec) {
        s.close();
        co_return FetchFailure{map_transfer_error(write_ec), 0, {}, write_ec.message()};
    }

    // The deadline covers each read, not the whole body: a large download that keeps moving is
    // fine, a server that stops sending is not.
    while (!parser.is_done()) {
        tcp_layer.expires_after(s.step_timeout);
        auto [read_ec, read] = co_await http::async_read_some(*s.stream, s.buffer, parser, use_tuple);
        if (read_ec) {
            s.close();
            // A file body that cannot be written is a local problem, not a flaky connection: no retry.
            if (is_local_write_error(read_ec))
                throw std::system_error(read_ec.value(), std::generic_category(), "cannot write a download");
            co_return FetchFailure{map_transfer_error(read_ec), 0, {}, read_ec.message()};
        }
    }
    s.save_session();
    if (!parser.get().keep_alive()) s.close();
    co_return FetchResult<void>{};
}

Task<FetchResult<HttpResponse>> HttpsSession::get(std::string_view target, std::string_view authorization) {
    http::response_parser<http::string_body> parser;
    parser.body_limit(kMaxBodyBytes);
    auto done = co_await exchange(target, authorization, parser);
    if (!done) co_return done.error();
    HttpResponse response = response_head(parser.get().base());
    response.body = std::move(parser.get().body());
    co_return response;
}

Task<FetchResult<HttpResponse>> HttpsSession::get_to_file(std::string_view target,
                                                          std::string_view authorization,
                                                          const std::filesystem::path& file) {
    http::response_parser<http::file_body> parser;
    parser.body_limit(boost::none);  // attachments can be large; they go to disk, not memory
    error_code open_ec;
    // Beast takes UTF-8 names on every platform (file_win32 widens them itself).
    parser.get().body().open(platform::path_to_utf8(file).c_str(), beast::file_mode::write, open_ec);
    if (open_ec) throw std::system_error(open_ec, "cannot write " + platform::path_to_utf8(file));
    FetchResult<void> done;
    try {
        done = co_await exchange(target, authorization, parser);
    } catch (const std::system_error& error) {
        parser.get().body().close();
        throw std::system_error(error.code(), "cannot write " + platform::path_to_utf8(file));
    }
    parser.get().body().close();
    if (!done) co_return done.error();
    co_return response_head(parser.get().base());
}

}  // namespace zdbackup::net
