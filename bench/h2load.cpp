#include "h2load.hpp"

#include <regex>
#include <vector>

#include "process.hpp"

namespace zdbench {

std::optional<LoadResult> run_h2load(const std::filesystem::path& url_file, long url_count, int connections,
                                     const std::string& authorization, const std::filesystem::path& work) {
    const std::vector<std::string> argv{"h2load", "--h1",
                                        "-t",     "1",
                                        "-c",     std::to_string(connections),
                                        "-n",     std::to_string(url_count),
                                        "-i",     url_file.string(),
                                        "-H",     "Authorization: " + authorization,
                                        "-H",     "Accept: application/json"};
    const Usage usage = run_measured(argv, work / "h2load.out");
    if (usage.exit_code != 0) return std::nullopt;
    const std::string out = slurp(work / "h2load.out");
    // "finished in 2.08s, 4807.69 req/s, 10.34MB/s" and "requests: N total, ... N succeeded, N failed"
    std::smatch rate, counts;
    if (!std::regex_search(out, rate, std::regex(R"(finished in [0-9.]+m?s, ([0-9.]+) req/s)")))
        return std::nullopt;
    LoadResult r;
    r.requests_per_s = std::stod(rate[1]);
    if (std::regex_search(out, counts, std::regex(R"(([0-9]+) succeeded, ([0-9]+) failed)"))) {
        r.succeeded = std::stol(counts[1]);
        r.failed = std::stol(counts[2]);
    }
    std::smatch m;
    if (std::regex_search(out, m, std::regex(R"(([0-9]+) total client\(s\))"))) r.clients = std::stol(m[1]);
    if (std::regex_search(out, m, std::regex(R"(TLS Protocol: (\S+))"))) r.tls_protocol = m[1];
    if (std::regex_search(out, m, std::regex(R"(Application protocol: (\S+))"))) r.application = m[1];
    return r;
}

}  // namespace zdbench
