#pragma once
// A bare HTTP/1.1 load generator (h2load, Debian's nghttp2-client) as the yardstick for our own
// request rate: the same server, the same URLs, the same number of connections.

#include <filesystem>
#include <optional>
#include <string>

namespace zdbench {

struct LoadResult {
    double requests_per_s = 0;
    long succeeded = 0, failed = 0;
    long clients = 0;          ///< connections h2load says it opened ("N total client(s)")
    std::string tls_protocol;  ///< "TLSv1.3": proof the load went over TLS
    std::string application;   ///< "http/1.1": proof it was not HTTP/2
};

/// Runs `h2load --h1` over every URL of `url_file` once, with `connections` keep-alive connections and
/// one thread, sending `authorization`. nullopt when h2load is missing or printed no result.
std::optional<LoadResult> run_h2load(const std::filesystem::path& url_file, long url_count, int connections,
                                     const std::string& authorization, const std::filesystem::path& work);

}  // namespace zdbench
