#pragma once
// Requests by Zendesk rate bucket, counted by the mock, and the floor they set on a run's wall time.

#include <boost/json/object.hpp>

#include <cstdint>
#include <string>

namespace zdbench {

/// What each bucket carried. An export request takes a token from the export bucket AND the account
/// bucket (Zendesk counts it against both), so `account` includes `exports`.
struct BucketCounts {
    std::int64_t account = 0;      ///< every Support API request, exports and Zendesk-host downloads included
    std::int64_t exports = 0;      ///< incremental exports
    std::int64_t help_center = 0;  ///< Help Center API (its own budget)
    std::int64_t storage = 0;      ///< attachment storage host: no Zendesk limit
    std::int64_t files = 0;        ///< file downloads on the Zendesk host (content_url), in `account` too
};

/// Sorts /__mock/stats "by_endpoint" into buckets.
BucketCounts count_buckets(const boost::json::object& by_endpoint);

/// Requests per minute of each limited bucket.
struct Rates {
    double account = 0, exports = 0, help_center = 0;
};

/// The least wall time the limits allow: for each bucket requests ÷ rate; the largest one binds.
struct Floor {
    double seconds = 0;
    std::string binding;  ///< "account", "exports" or "help_center"
};
Floor floor_of(const BucketCounts& counts, const Rates& rates);

}  // namespace zdbench
