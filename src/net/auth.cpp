#include <zdbackup/net/auth.hpp>

#include <openssl/evp.h>

namespace zdbackup::net {

std::string base64_encode(std::string_view data) {
    std::string out(4 * ((data.size() + 2) / 3), '\0');
    const int written =
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                        reinterpret_cast<const unsigned char*>(data.data()), static_cast<int>(data.size()));
    out.resize(static_cast<std::size_t>(written));
    return out;
}

std::string authorization_header(const Config& config) {
    if (!config.oauth_token.empty()) return "Bearer " + config.oauth_token;
    return "Basic " + base64_encode(config.email + "/token:" + config.api_token);
}

}  // namespace zdbackup::net
