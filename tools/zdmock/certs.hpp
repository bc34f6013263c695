#pragma once

#include <string>

namespace zdmock {

/// PEM texts of a freshly generated CA and a server certificate it signed.
struct Certificates {
    std::string ca_cert_pem;    ///< give this to clients as their CA file
    std::string leaf_cert_pem;  ///< SAN DNS:localhost, IP:127.0.0.1; serverAuth
    std::string leaf_key_pem;   ///< PKCS#8 private key of the leaf
};

/// Generates a self-signed EC P-256 CA and a leaf certificate valid from now-1h to now+30d.
/// Errors: throws std::runtime_error with the OpenSSL error text on failure.
Certificates generate_certificates();

}  // namespace zdmock
