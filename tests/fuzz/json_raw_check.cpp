// top_level_array_elements and append_array_member against Boost.JSON: the scanner finds exactly
// the arrays the parser finds, each slice parses to the element the parser saw, and splicing
// slices back into an object gives the object with that member set. On text that is not JSON the
// scanner may answer anything but must stay inside the text.

#include "checks.hpp"
#include "json_support.hpp"
#include "property.hpp"

#include <zdbackup/core/json_raw.hpp>

#include <array>
#include <stdexcept>

namespace zdbackup::fuzz {
namespace {

namespace json = boost::json;

/// Keys always tried besides the document's own: common ones, the empty key, and keys a raw
/// comparison would get wrong once escaped ("\u00e9", "\"", "\\").
constexpr std::array<std::string_view, 7> kFixedKeys{"tickets", "comments", "a", "", "\xC3\xA9", "\"", "\\"};

bool throws_invalid_argument(std::string_view raw, const std::vector<std::string_view>& elements) {
    try {
        (void)append_array_member(raw, "comments", elements);
    } catch (const std::invalid_argument&) {
        return true;
    }
    return false;
}

/// append_array_member(raw_object, key, slices) parses to `object` with `key` set to `elements`
/// (replacing any member of that name: the last duplicate wins).
void check_append(std::string_view raw_object, const json::object& object, std::string_view key,
                  const std::vector<std::string_view>& slices, const json::array& elements) {
    const auto joined = parse_json(append_array_member(raw_object, key, slices), true);
    ZDB_REQUIRE(joined.has_value());
    json::object expected = object;
    expected[key] = elements;
    ZDB_REQUIRE(same_json(*joined, expected));
}

}  // namespace

void check_json_raw(std::string_view input) {
    const auto doc = parse_json(input, true);
    std::vector<std::string> keys(kFixedKeys.begin(), kFixedKeys.end());
    for (std::string& k : array_keys(doc, 8)) keys.push_back(std::move(k));

    for (const std::string& key : keys) {
        const auto slices = top_level_array_elements(input, key);
        if (slices) ZDB_REQUIRE(are_ordered_trimmed_slices(*slices, input));
        if (!doc) continue;  // not JSON: staying in bounds (checked above and by ASan) is all we ask

        const json::value* found = doc->is_object() ? doc->get_object().if_contains(key) : nullptr;
        if (!found || !found->is_array()) {
            ZDB_REQUIRE(!slices.has_value());
            continue;
        }
        const json::array& elements = found->get_array();
        ZDB_REQUIRE(slices.has_value());
        ZDB_REQUIRE(slices->size() == elements.size());
        for (std::size_t i = 0; i < elements.size(); ++i)
            ZDB_REQUIRE(same_json(parse_json((*slices)[i], true), elements[i]));

        // Re-joining, as enrichment does: the array added to the whole document, and to the first
        // few elements that are objects (a ticket getting its comments).
        check_append(input, doc->get_object(), "zdb_added", *slices, elements);
        for (std::size_t i = 0; i < elements.size() && i < 4; ++i) {
            if (elements[i].is_object())
                check_append((*slices)[i], elements[i].get_object(), "comments", *slices, elements);
            else
                ZDB_REQUIRE(throws_invalid_argument((*slices)[i], *slices));
        }
    }
}

}  // namespace zdbackup::fuzz
