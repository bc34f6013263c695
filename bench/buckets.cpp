#include "buckets.hpp"

#include <string_view>

namespace zdbench {

BucketCounts count_buckets(const boost::json::object& by_endpoint) {
    BucketCounts c;
    for (const auto& [key, value] : by_endpoint) {
        const std::string_view name = key;
        const std::int64_t n = value.to_number<std::int64_t>();
        if (name == "storage") {
            c.storage += n;
        } else if (name.starts_with("help_center/")) {
            c.help_center += n;
        } else {
            // Article attachment files (hc/article_attachments) are fetched from the Zendesk host and
            // take an account token, like every other Support request.
            c.account += n;
            if (name == "attachments/token" || name == "hc/article_attachments") c.files += n;
            // The mock names the ticket events export "ticket_events", the other exports "incremental/...".
            if (name.starts_with("incremental/") || name == "ticket_events") c.exports += n;
        }
    }
    return c;
}

Floor floor_of(const BucketCounts& counts, const Rates& rates) {
    Floor f;
    const auto consider = [&](std::int64_t requests, double per_minute, const char* name) {
        if (per_minute <= 0) return;
        const double s = static_cast<double>(requests) * 60.0 / per_minute;
        if (s > f.seconds) f.seconds = s, f.binding = name;
    };
    consider(counts.account, rates.account, "account");
    consider(counts.exports, rates.exports, "exports");
    consider(counts.help_center, rates.help_center, "help_center");
    return f;
}

}  // namespace zdbench
