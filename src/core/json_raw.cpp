#include <zdbackup/core/json_raw.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace zdbackup {
namespace {

/// A structural JSON scanner over raw text. Every step checks bounds and returns false on
/// malformed input; it does not validate numbers or escapes beyond what structure needs.
class Scanner {
  public:
    explicit Scanner(std::string_view text) : text_(text) {}

    std::size_t pos() const { return pos_; }
    bool at_end() const { return pos_ >= text_.size(); }
    char peek() const { return at_end() ? '\0' : text_[pos_]; }

    void skip_ws() {
        while (!at_end() &&
               (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r'))
            ++pos_;
    }

    bool consume(char c) {
        if (peek() != c || at_end()) return false;
        ++pos_;
        return true;
    }

    /// A string starting at pos(); on success `raw` is its text between the quotes (escapes kept).
    /// Jumps from quote to quote: most of a page is string values. A quote ends the string unless an
    /// odd run of backslashes precedes it, as every escape is two characters long.
    bool skip_string(std::string_view* raw = nullptr) {
        if (!consume('"')) return false;
        const std::size_t start = pos_;
        for (std::size_t from = start;;) {
            const std::size_t quote = find_quote(from);
            if (quote == std::string_view::npos) {
                pos_ = text_.size();
                return false;
            }
            std::size_t backslashes = 0;
            while (quote - backslashes > start && text_[quote - backslashes - 1] == '\\') ++backslashes;
            if (backslashes % 2 == 0) {
                if (raw) *raw = text_.substr(start, quote - start);
                pos_ = quote + 1;
                return true;
            }
            from = quote + 1;
        }
    }

    /// Any value starting at pos(). Iterative over nesting, so deep documents cannot overflow the stack.
    bool skip_value() {
        skip_ws();
        if (at_end()) return false;
        const char first = text_[pos_];
        if (first == '"') return skip_string();
        if (first == '{' || first == '[') return skip_container();
        if (first == '}' || first == ']' || first == ',' || first == ':') return false;
        // number or literal: runs until a delimiter
        const std::size_t start = pos_;
        while (!at_end() && !is_delimiter(text_[pos_])) ++pos_;
        return pos_ != start;
    }

  private:
    /// An object or array starting at pos(). Inside it only strings and brackets decide where it ends
    /// (members, commas and colons are the parser's to judge), so the rest is skipped byte by byte
    /// without looking closer.
    bool skip_container() {
        std::size_t depth = 0;
        while (pos_ < text_.size()) {
            const char c = text_[pos_];
            if (c == '"') {
                if (!skip_string()) return false;
                continue;
            }
            if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (--depth == 0) {
                    ++pos_;
                    return true;
                }
            }
            ++pos_;
        }
        return false;
    }

    /// The next quote at or after `from` (npos if none). Keys and short values end within a few
    /// bytes: eight at a time in a word (no call) first, memchr for long ones.
    std::size_t find_quote(std::size_t from) const {
        constexpr std::size_t kWordBytes = 8, kWordsFirst = 8;
        std::size_t i = from;
        if constexpr (std::endian::native == std::endian::little) {
            constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
            const std::size_t words_end = std::min(text_.size(), from + kWordBytes * kWordsFirst);
            for (; i + kWordBytes <= words_end; i += kWordBytes) {
                std::uint64_t word;
                std::memcpy(&word, text_.data() + i, kWordBytes);
                const std::uint64_t x = word ^ (ones * static_cast<unsigned char>('"'));
                // The lowest flagged byte is the first zero byte of x, i.e. the first quote.
                if (const std::uint64_t zero = (x - ones) & ~x & highs)
                    return i + static_cast<std::size_t>(std::countr_zero(zero)) / 8;
            }
        }
        return text_.find('"', i);
    }

    static bool is_delimiter(char c) {
        return c == ',' || c == ']' || c == '}' || c == ':' || c == ' ' || c == '\t' || c == '\n' ||
               c == '\r' || c == '"' || c == '[' || c == '{';
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

bool key_equals(std::string_view raw_key, std::string_view key) {
    if (raw_key.find('\\') == std::string_view::npos) return raw_key == key;
    // Rare: decode the escapes with the real parser.
    boost::system::error_code ec;
    std::string quoted;
    quoted.reserve(raw_key.size() + 2);
    quoted.append("\"").append(raw_key).append("\"");
    const boost::json::value v = boost::json::parse(quoted, ec);
    return !ec && v.is_string() && std::string_view(v.get_string()) == key;
}

}  // namespace

std::optional<std::vector<RawMember>> top_level_members(std::string_view document) {
    Scanner s(document);
    s.skip_ws();
    if (!s.consume('{')) return std::nullopt;
    std::vector<RawMember> members;
    s.skip_ws();
    if (s.consume('}')) return members;
    for (;;) {
        s.skip_ws();
        RawMember member;
        if (!s.skip_string(&member.raw_key)) return std::nullopt;
        s.skip_ws();
        if (!s.consume(':')) return std::nullopt;
        s.skip_ws();
        const std::size_t start = s.pos();
        if (!s.skip_value()) return std::nullopt;
        member.raw_value = document.substr(start, s.pos() - start);
        members.push_back(member);
        s.skip_ws();
        if (s.consume('}')) return members;
        if (!s.consume(',')) return std::nullopt;
    }
}

bool raw_key_is(std::string_view raw_key, std::string_view key) {
    return key_equals(raw_key, key);
}

std::optional<std::vector<std::string_view>> array_elements(std::string_view raw_array) {
    Scanner s(raw_array);
    s.skip_ws();
    if (!s.consume('[')) return std::nullopt;
    std::vector<std::string_view> elements;
    s.skip_ws();
    if (s.consume(']')) return elements;
    for (;;) {
        s.skip_ws();
        const std::size_t start = s.pos();
        if (!s.skip_value()) return std::nullopt;
        elements.push_back(raw_array.substr(start, s.pos() - start));
        s.skip_ws();
        if (s.consume(']')) return elements;
        if (!s.consume(',')) return std::nullopt;
    }
}

std::optional<std::vector<std::string_view>> top_level_array_elements(std::string_view document,
                                                                      std::string_view key) {
    const auto members = top_level_members(document);
    if (!members) return std::nullopt;
    std::optional<std::vector<std::string_view>> found;
    for (const RawMember& member : *members) {
        if (!key_equals(member.raw_key, key)) continue;
        found.reset();  // the last occurrence wins, even when it is not an array
        if (member.raw_value.front() != '[') continue;
        found = array_elements(member.raw_value);
        if (!found) return std::nullopt;
    }
    return found;
}

std::string append_array_member(std::string_view raw_object, std::string_view key,
                                const std::vector<std::string_view>& raw_elements) {
    std::size_t end = raw_object.size();
    while (end > 0 && (raw_object[end - 1] == ' ' || raw_object[end - 1] == '\t' ||
                       raw_object[end - 1] == '\n' || raw_object[end - 1] == '\r'))
        --end;
    if (end == 0 || raw_object[end - 1] != '}')
        throw std::invalid_argument("append_array_member: not a JSON object");
    const std::size_t close = end - 1;

    // Empty object: only whitespace between the braces.
    std::size_t before = close;
    while (before > 0 && (raw_object[before - 1] == ' ' || raw_object[before - 1] == '\t' ||
                          raw_object[before - 1] == '\n' || raw_object[before - 1] == '\r'))
        --before;
    const bool empty = before > 0 && raw_object[before - 1] == '{';

    std::size_t size = close + key.size() + 8;
    for (const auto e : raw_elements) size += e.size() + 1;
    std::string out;
    out.reserve(size);
    out.append(raw_object.substr(0, close));
    if (!empty) out.push_back(',');
    out.append(boost::json::serialize(boost::json::string(key)));
    out.append(":[");
    for (std::size_t i = 0; i < raw_elements.size(); ++i) {
        if (i) out.push_back(',');
        out.append(raw_elements[i]);
    }
    out.append("]}");
    return out;
}

}  // namespace zdbackup
