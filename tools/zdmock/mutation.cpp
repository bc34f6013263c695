#include "zdmock/mutation.hpp"

#include <array>
#include <utility>

#include "zdmock/json_writer.hpp"

namespace zdmock {

std::optional<Mutation> parse_mutation(const Query& query, std::string& error) {
    Mutation m;
    const std::array<std::pair<std::string_view, std::int64_t*>, 6> fields = {{
        {"update_tickets", &m.update_tickets},
        {"add_tickets", &m.add_tickets},
        {"delete_tickets", &m.delete_tickets},
        {"update_users", &m.update_users},
        {"update_organizations", &m.update_organizations},
        {"update_articles", &m.update_articles},
    }};
    for (const std::string& key : query.keys()) {
        bool known = false;
        for (const auto& [name, target] : fields) known = known || key == name;
        if (!known) {
            error = "unknown parameter " + key;
            return std::nullopt;
        }
    }
    for (const auto& [name, target] : fields) {
        const auto text = query.get(name);
        if (!text) continue;
        const auto value = parse_int(*text);
        if (!value || *value < 0) {
            error = std::string(name) + " must be a non-negative integer";
            return std::nullopt;
        }
        *target = *value;
    }
    return m;
}

std::string mutation_result_json(const MutationResult& r) {
    std::string out;
    JsonWriter w(out);
    const auto list = [&](std::string_view key, const std::vector<std::int64_t>& ids) {
        w.key(key).begin_array();
        for (const std::int64_t id : ids) w.num(id);
        w.end_array();
    };
    w.begin_object().knum("step", r.step).knum("time", r.time);
    list("updated_tickets", r.updated_tickets);
    list("added_tickets", r.added_tickets);
    list("deleted_tickets", r.deleted_tickets);
    list("updated_users", r.updated_users);
    list("updated_organizations", r.updated_organizations);
    list("updated_articles", r.updated_articles);
    w.knum("new_comments", r.new_comments);
    list("new_attachments", r.new_attachments);
    w.end_object();
    return out;
}

}  // namespace zdmock
