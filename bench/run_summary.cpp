#include "run_summary.hpp"

#include <algorithm>
#include <regex>

namespace zdbench {

SummaryFigures read_summary(const std::string& text) {
    SummaryFigures s;
    // Table rows: "<kind> <records> <downloaded> <from cache> <bytes> <unit> <requests> <retries>"
    // Numbers carry thousands separators ("25,000").
    const auto number = [](std::string digits) {
        digits.erase(std::remove(digits.begin(), digits.end(), ','), digits.end());
        return std::stol(digits);
    };
    const std::regex row(
        R"((?:^|\n)([a-z_]+) +([0-9,]+) +[0-9,]+ +[0-9,]+ +[0-9.]+ [KMG]?B +[0-9,]+ +[0-9,]+)");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), row); it != std::sregex_iterator(); ++it) {
        const std::string kind = (*it)[1];
        const long n = number((*it)[2]);
        if (kind == "attachments")
            s.attachment_files = n;
        else
            s.records += n;
        if (kind == "tickets") s.tickets = n;
    }
    std::smatch m;
    if (std::regex_search(text, m, std::regex(R"(downloaded ([0-9.]+) ([KMG]?B))"))) {
        const double v = std::stod(m[1]);
        const std::string unit = m[2];
        s.downloaded_mb = unit == "GB" ? v * 1024 : unit == "MB" ? v : unit == "KB" ? v / 1024 : v / 1048576;
    }
    if (std::regex_search(text, m, std::regex(R"(retries ([0-9,]+), rate-limited \(429\) ([0-9,]+))"))) {
        s.retries = number(m[1]);
        s.rate_limited = number(m[2]);
    }
    return s;
}

}  // namespace zdbench
