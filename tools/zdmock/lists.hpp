#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "zdmock/api.hpp"
#include "zdmock/query.hpp"

namespace zdmock {

/// The items of a list endpoint: `count` of them, item `i` as JSON text.
struct ListSource {
    std::string_view root;  ///< JSON key of the item array
    std::string url;        ///< absolute URL of the endpoint without query, used in next/prev links
    std::int64_t count = 0;
    std::function<std::string(std::int64_t index)> item;
};

/// Support lists: `links.next` is set even on the last page. Help Center: `links.first/last`, `links.next`
/// null unless `has_more`, and offset pages (default 30) with page, per_page, page_count, sort_by,
/// sort_order.
enum class ListStyle { support, help_center };

/// One page: cursor pagination when `page[size]` (1..100) is given, offset pagination otherwise (`page`,
/// `per_page` ≤ 100; beyond the first 10,000 records → 400 as in Zendesk).
HttpResponse list_page(const ListSource& source, const Query& q, ListStyle style);
/// Everything in one response, no pagination fields (endpoints without pagination).
HttpResponse whole_list(const ListSource& source);

}  // namespace zdmock
