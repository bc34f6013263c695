#pragma once
// What the JSON checks share: Boost.JSON as the reference parser, and tests on raw slices.

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zdbackup::fuzz {

/// Boost.JSON's parse with its defaults (what parse_page uses), or allowing any depth (the raw
/// scanner has no depth limit, so its reference must not have one either).
inline std::optional<boost::json::value> parse_json(std::string_view text, bool any_depth = false) {
    boost::json::parse_options options;
    if (any_depth) options.max_depth = static_cast<std::size_t>(-1);
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(text, ec, {}, options);
    if (ec) return std::nullopt;
    return v;
}

/// Equal JSON values, except for two Boost.JSON 1.81 quirks with doubles. It parses decimals
/// imprecisely (boostorg/json#599, exact parsing came with 1.83) and its fast path depends on how
/// much text follows, so one number spelled the same can parse a ULP apart standalone and inside a
/// document. And it reads a zero with a huge exponent ("0e400") as 0 * inf = NaN, which equals
/// nothing, itself included. We store the raw text, so neither is our difference to catch.
inline bool same_json(const boost::json::value& a, const boost::json::value& b) {
    if (a.is_double() && b.is_double()) {
        const double x = a.get_double(), y = b.get_double();
        if (x == y) return true;
        if (std::isnan(x) || std::isnan(y)) return std::isnan(x) && std::isnan(y);
        if ((x < 0) != (y < 0)) return false;
        const auto bx = std::bit_cast<std::uint64_t>(x), by = std::bit_cast<std::uint64_t>(y);
        return (bx > by ? bx - by : by - bx) <= 2;
    }
    if (a.kind() != b.kind()) return false;
    if (a.is_array()) {
        const auto &x = a.get_array(), &y = b.get_array();
        if (x.size() != y.size()) return false;
        for (std::size_t i = 0; i < x.size(); ++i)
            if (!same_json(x[i], y[i])) return false;
        return true;
    }
    if (a.is_object()) {
        const auto &x = a.get_object(), &y = b.get_object();
        if (x.size() != y.size()) return false;
        for (const auto& member : x) {
            const boost::json::value* other = y.if_contains(member.key());
            if (!other || !same_json(member.value(), *other)) return false;
        }
        return true;
    }
    return a == b;
}

inline bool same_json(const std::optional<boost::json::value>& a, const boost::json::value& b) {
    return a && same_json(*a, b);
}

/// `part` lies inside `whole` (a view into it, not a copy).
inline bool is_slice_of(std::string_view part, std::string_view whole) {
    return part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size();
}

inline bool is_json_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/// Slices of one text, in order, none overlapping, each without surrounding whitespace.
inline bool are_ordered_trimmed_slices(const std::vector<std::string_view>& parts, std::string_view whole) {
    const char* previous_end = whole.data();
    for (std::string_view p : parts) {
        if (p.empty() || !is_slice_of(p, whole) || p.data() < previous_end) return false;
        if (is_json_space(p.front()) || is_json_space(p.back())) return false;
        previous_end = p.data() + p.size();
    }
    return true;
}

/// Up to `limit` keys of a top-level object whose values are arrays: the items keys worth trying.
inline std::vector<std::string> array_keys(const std::optional<boost::json::value>& doc, std::size_t limit) {
    std::vector<std::string> keys;
    if (!doc || !doc->is_object()) return keys;
    for (const auto& member : doc->get_object()) {
        if (keys.size() == limit) break;
        if (member.value().is_array()) keys.emplace_back(member.key());
    }
    return keys;
}

}  // namespace zdbackup::fuzz
