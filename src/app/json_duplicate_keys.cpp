#include "json_duplicate_keys.hpp"

#include <boost/json/basic_parser_impl.hpp>

#include <set>
#include <vector>

namespace zdbackup::cli {

namespace {

using boost::json::error_code;
using boost::json::string_view;

/// A basic_parser handler that only tracks each open object's keys.
struct DuplicateKeyFinder {
    constexpr static std::size_t max_object_size = std::size_t(-1);
    constexpr static std::size_t max_array_size = std::size_t(-1);
    constexpr static std::size_t max_key_size = std::size_t(-1);
    constexpr static std::size_t max_string_size = std::size_t(-1);

    std::vector<std::set<std::string>> objects;
    std::string key;
    std::optional<std::string> duplicate;

    bool on_document_begin(error_code&) { return true; }
    bool on_document_end(error_code&) { return true; }
    bool on_object_begin(error_code&) {
        objects.emplace_back();
        return true;
    }
    bool on_object_end(std::size_t, error_code&) {
        objects.pop_back();
        return true;
    }
    bool on_array_begin(error_code&) { return true; }
    bool on_array_end(std::size_t, error_code&) { return true; }
    bool on_key_part(string_view part, std::size_t, error_code&) {
        key.append(part.data(), part.size());
        return true;
    }
    bool on_key(string_view part, std::size_t, error_code&) {
        key.append(part.data(), part.size());
        if (!duplicate && !objects.empty() && !objects.back().insert(key).second) duplicate = key;
        key.clear();
        return true;
    }
    bool on_string_part(string_view, std::size_t, error_code&) { return true; }
    bool on_string(string_view, std::size_t, error_code&) { return true; }
    bool on_number_part(string_view, error_code&) { return true; }
    bool on_int64(std::int64_t, string_view, error_code&) { return true; }
    bool on_uint64(std::uint64_t, string_view, error_code&) { return true; }
    bool on_double(double, string_view, error_code&) { return true; }
    bool on_bool(bool, error_code&) { return true; }
    bool on_null(error_code&) { return true; }
    bool on_comment_part(string_view, error_code&) { return true; }
    bool on_comment(string_view, error_code&) { return true; }
};

}  // namespace

std::optional<std::string> first_duplicate_key(std::string_view text) {
    boost::json::parse_options options;
    options.allow_comments = true;
    options.allow_trailing_commas = true;
    boost::json::basic_parser<DuplicateKeyFinder> parser(options);
    error_code ec;
    parser.write_some(false, text.data(), text.size(), ec);
    if (ec) return std::nullopt;
    return parser.handler().duplicate;
}

}  // namespace zdbackup::cli
