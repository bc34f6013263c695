#pragma once

#include <filesystem>
#include <memory>

namespace boost::asio::ssl {
class context;
}

namespace zdbackup::net {

/// A client TLS context that always verifies peers: the system trust store, plus the certificates
/// of `extra_ca_file` when given (it adds trust, never removes checks). TLS 1.2 or later.
/// Errors: RunError naming the file when it cannot be read or holds no certificate.
std::unique_ptr<boost::asio::ssl::context> make_tls_context(const std::filesystem::path& extra_ca_file);

}  // namespace zdbackup::net
