#pragma once

#include <string>

namespace zdmock {

/// PEM texts of a freshly generated CA and a server certificate it signed.
struct Certificates {
    std::string ca_cert_pem;    ///< give this to clients as their CA file
    std::string leaf_cert_pem;  ///< serverAuth, SAN as LeafOptions says
    std::string leaf_key_pem;   ///< PKCS#8 private key of the leaf
};

/// What the leaf certificate says, so clients can be shown a wrong one.
struct LeafOptions {
    std::string subject_alt_names = "DNS:localhost,IP:127.0.0.1";  ///< OpenSSL syntax
    bool expired = false;  ///< valid from now-30d to now-1d instead of now-1h to now+30d
};

/// Generates a self-signed EC P-256 CA and a leaf certificate it signed, as `leaf` says.
/// Errors: throws std::runtime_error with the OpenSSL error text on failure.
Certificates generate_certificates(const LeafOptions& leaf = {});

}  // namespace zdmock
