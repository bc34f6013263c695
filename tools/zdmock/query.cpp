#include "zdmock/query.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <boost/url/url_view.hpp>
#include <charconv>

namespace zdmock {
namespace urls = boost::urls;

Query::Query(std::string_view target) {
    auto parsed = urls::parse_origin_form(target);
    if (!parsed) {
        // Be lenient with clients (curl -g) that send [ ] | unencoded, as real servers are.
        std::string fixed;
        for (char c : target) {
            if (c == '[' || c == ']' || c == '|' || c == ' ' || c == '"' || c == '{' || c == '}') {
                static constexpr char hex[] = "0123456789ABCDEF";
                fixed += '%';
                fixed += hex[(static_cast<unsigned char>(c) >> 4) & 0xf];
                fixed += hex[c & 0xf];
            } else {
                fixed += c;
            }
        }
        parsed = urls::parse_origin_form(fixed);
    }
    if (!parsed) return;
    for (auto p : parsed->params(urls::encoding_opts(false, false, false)))
        params_.emplace_back(p.key, p.value);
}

std::optional<std::string> Query::get(std::string_view key) const {
    for (const auto& [k, v] : params_)
        if (k == key) return v;
    return std::nullopt;
}

std::vector<std::string> Query::keys() const {
    std::vector<std::string> out;
    for (const auto& [k, v] : params_) out.push_back(k);
    return out;
}

std::optional<std::int64_t> parse_int(std::string_view s) {
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
    return v;
}

std::string encode_param(std::string_view v) {
    return urls::encode(v, urls::unreserved_chars);
}

}  // namespace zdmock
