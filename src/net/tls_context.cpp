#include <zdbackup/core/run_error.hpp>
#include <zdbackup/net/tls_context.hpp>

#include <boost/asio/ssl/context.hpp>

namespace zdbackup::net {

namespace ssl = boost::asio::ssl;

std::unique_ptr<ssl::context> make_tls_context(const std::filesystem::path& extra_ca_file) {
    auto context = std::make_unique<ssl::context>(ssl::context::tls_client);
    context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                         ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    context->set_verify_mode(ssl::verify_peer);
    boost::system::error_code ec;
    context->set_default_verify_paths(ec);  // a machine without a trust store still works with --ca-file
    if (!extra_ca_file.empty()) {
        context->load_verify_file(extra_ca_file.string(), ec);
        if (ec)
            throw RunError(ExitCode::usage, "cannot use CA file " + extra_ca_file.string() + " (" +
                                                ec.message() +
                                                "): pass a readable PEM certificate with --ca-file");
    }
    return context;
}

}  // namespace zdbackup::net
