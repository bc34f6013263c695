#include <zdbackup/core/json_pretty.hpp>

#include <boost/json/serialize.hpp>

namespace zdbackup {

namespace json = boost::json;

namespace {

void write(const json::value& value, int depth, std::string& out) {
    const std::string indent(static_cast<std::size_t>(depth + 1) * 2, ' ');
    const std::string closing(static_cast<std::size_t>(depth) * 2, ' ');
    if (value.is_object() && !value.as_object().empty()) {
        out += "{\n";
        bool first = true;
        for (const auto& [key, member] : value.as_object()) {
            out += first ? "" : ",\n";
            first = false;
            out += indent + json::serialize(json::string_view(key)) + ": ";
            write(member, depth + 1, out);
        }
        out += "\n" + closing + "}";
    } else if (value.is_array() && !value.as_array().empty()) {
        out += "[\n";
        bool first = true;
        for (const json::value& element : value.as_array()) {
            out += first ? "" : ",\n";
            first = false;
            out += indent;
            write(element, depth + 1, out);
        }
        out += "\n" + closing + "]";
    } else {
        out += json::serialize(value);
    }
}

}  // namespace

std::string pretty_json(const json::value& value) {
    std::string out;
    write(value, 0, out);
    return out + "\n";
}

}  // namespace zdbackup
