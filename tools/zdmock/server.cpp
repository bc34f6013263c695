#include "zdmock/server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cstdio>
#include <thread>

namespace zdmock {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Stream = beast::ssl_stream<beast::tcp_stream>;

namespace {

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kBodyLimit = 1 << 20;

std::string_view sv(beast::string_view s) {
    return {s.data(), s.size()};
}

/// Drops the TCP connection with an RST: SO_LINGER 0 makes close() abort instead of sending FIN.
void abort_connection(Stream& stream) {
    beast::error_code ec;
    auto& socket = stream.next_layer().socket();
    socket.set_option(asio::socket_base::linger(true, 0), ec);
    socket.close(ec);
}

http::response<http::string_body> to_beast(HttpResponse&& r, unsigned version, bool keep_alive) {
    http::response<http::string_body> res{static_cast<http::status>(r.status), version};
    res.set(http::field::server, "zdmock");
    res.set(http::field::content_type, r.content_type);
    for (const auto& [name, value] : r.headers) res.insert(name, value);  // a name may repeat
    res.body() = std::move(r.body);
    res.keep_alive(keep_alive);
    res.prepare_payload();
    return res;
}

/// Keeps a connection open and silent until the client gives up on it (or two minutes pass).
asio::awaitable<void> hold_silent(Stream& stream) {
    stream.next_layer().expires_after(std::chrono::seconds(120));
    char byte = 0;
    co_await stream.next_layer().async_read_some(asio::buffer(&byte, 1), kTuple);
}

/// Ends a connection whose answer stopped after half its body, the way `action` says.
asio::awaitable<void> end_cut_answer(Stream& stream, Action action) {
    auto& socket = stream.next_layer().socket();
    if (action == Action::stall_body) {
        co_await hold_silent(stream);
    } else if (action == Action::tls_close_notify) {
        // A clean TLS close in the middle of a body whose Content-Length promised more.
        stream.next_layer().expires_after(std::chrono::seconds(2));
        co_await stream.async_shutdown(kTuple);
    } else if (action == Action::tls_fatal_alert) {
        // A fatal internal_error alert record, in the clear, where the client expects an encrypted record.
        static constexpr unsigned char kAlert[] = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x50};
        co_await asio::async_write(socket, asio::buffer(kAlert), kTuple);
    }
    // A plain FIN, not an RST: an RST may discard what the client has not read yet.
    beast::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
}

/// Writes a streamed body: headers with the full Content-Length, then the bytes in chunks. With `half`,
/// only half the bytes go out. Returns false when the connection must not be reused.
asio::awaitable<bool> write_stream(Stream& stream, HttpResponse&& r, unsigned version, bool keep_alive,
                                   bool half) {
    http::response<http::empty_body> res{static_cast<http::status>(r.status), version};
    res.set(http::field::server, "zdmock");
    res.set(http::field::content_type, r.content_type);
    for (const auto& [name, value] : r.headers) res.insert(name, value);
    res.content_length(r.stream->size);
    res.keep_alive(keep_alive && !half);
    http::response_serializer<http::empty_body> serializer(res);
    if (auto [ec, n] = co_await http::async_write_header(stream, serializer, kTuple); ec) co_return false;
    const std::uint64_t total = half ? r.stream->size / 2 : r.stream->size;
    std::vector<char> chunk(64 * 1024);
    for (std::uint64_t offset = 0; offset < total;) {
        const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(chunk.size(), total - offset));
        r.stream->fill(offset, std::span<char>(chunk.data(), n));
        if (auto [ec, written] = co_await asio::async_write(stream, asio::buffer(chunk.data(), n), kTuple);
            ec)
            co_return false;
        offset += n;
    }
    co_return keep_alive && !half;
}

asio::awaitable<void> session(Stream stream, MockService& service) {
    stream.next_layer().expires_after(std::chrono::seconds(30));
    if (auto [ec] = co_await stream.async_handshake(ssl::stream_base::server, kTuple); ec) co_return;
    service.record_handshake(SSL_session_reused(stream.native_handle()) == 1);
    beast::flat_buffer buffer;
    for (;;) {
        http::request_parser<http::string_body> parser;
        parser.body_limit(kBodyLimit);
        // Idle keep-alive connections are closed after two minutes.
        stream.next_layer().expires_after(std::chrono::seconds(120));
        if (auto [ec, n] = co_await http::async_read(stream, buffer, parser, kTuple); ec) break;
        const auto& req = parser.get();
        Outcome out =
            service.process({sv(req.method_string()), sv(req.target()), sv(req[http::field::authorization])});
        if (out.delay.count() > 0) {
            asio::steady_timer timer(co_await asio::this_coro::executor, out.delay);
            co_await timer.async_wait(kTuple);
        }
        if (out.action == Action::reset) {
            abort_connection(stream);
            co_return;
        }
        if (out.action == Action::stall) {
            co_await hold_silent(stream);
            abort_connection(stream);
            co_return;
        }
        const bool cut = cuts_body(out.action);
        if (out.response.stream) {
            stream.next_layer().expires_after(std::chrono::seconds(300));
            const bool more =
                co_await write_stream(stream, std::move(out.response), req.version(), req.keep_alive(), cut);
            if (cut) {
                co_await end_cut_answer(stream, out.action);
                co_return;
            }
            if (more) continue;
            break;
        }
        auto res = to_beast(std::move(out.response), req.version(), req.keep_alive());
        stream.next_layer().expires_after(std::chrono::seconds(60));
        if (cut) {
            // Full Content-Length, half the body, then the connection ends as the action says.
            http::response_serializer<http::string_body> serializer(res);
            if (auto [ec, n] = co_await http::async_write_header(stream, serializer, kTuple); !ec)
                co_await asio::async_write(stream, asio::buffer(res.body().data(), res.body().size() / 2),
                                           kTuple);
            co_await end_cut_answer(stream, out.action);
            co_return;
        }
        if (auto [ec, n] = co_await http::async_write(stream, res, kTuple); ec) co_return;
        if (!res.keep_alive()) break;
    }
    stream.next_layer().expires_after(std::chrono::seconds(5));
    co_await stream.async_shutdown(kTuple);
}

asio::awaitable<void> accept_loop(asio::io_context& ioc, tcp::acceptor& acceptor, ssl::context& tls,
                                  MockService& service) {
    for (;;) {
        // Each connection gets its own strand: the tcp_stream timer and the I/O must not run in parallel.
        auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(ioc), kTuple);
        if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
        if (ec) continue;
        beast::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        auto executor = socket.get_executor();
        asio::co_spawn(executor, session(Stream(beast::tcp_stream(std::move(socket)), tls), service),
                       [](std::exception_ptr e) {
                           if (!e) return;
                           try {
                               std::rethrow_exception(e);
                           } catch (const std::exception& ex) {
                               std::fprintf(stderr, "zdmock: connection error: %s\n", ex.what());
                           }
                       });
    }
}

ssl::context make_tls_context(const Certificates& certs) {
    ssl::context tls(ssl::context::tls_server);
    tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                    ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    tls.use_certificate_chain(asio::buffer(certs.leaf_cert_pem));
    tls.use_private_key(asio::buffer(certs.leaf_key_pem), ssl::context::pem);
    return tls;
}

}  // namespace

void run_server(const Options& options, const Certificates& certs, MockService& service,
                const std::function<void(std::uint16_t)>& on_listening) {
    asio::io_context ioc(options.threads);
    ssl::context tls = make_tls_context(certs);
    const tcp::endpoint endpoint(asio::ip::make_address(options.host), options.port);
    tcp::acceptor acceptor(ioc, endpoint, /*reuse_address=*/true);
    const std::uint16_t port = acceptor.local_endpoint().port();
    std::string host = options.host;
    if (endpoint.address().is_v6()) host = "[" + host + "]";
    service.set_base_url("https://" + host + ":" + std::to_string(port));

    asio::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&](beast::error_code, int) {
        beast::error_code ignored;
        acceptor.close(ignored);
        ioc.stop();
    });
    asio::co_spawn(ioc, accept_loop(ioc, acceptor, tls, service), asio::detached);
    on_listening(port);

    std::vector<std::thread> workers;
    for (int i = 1; i < options.threads; ++i) workers.emplace_back([&ioc] { ioc.run(); });
    ioc.run();
    for (auto& t : workers) t.join();
}

}  // namespace zdmock
