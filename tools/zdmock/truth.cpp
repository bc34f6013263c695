#include "zdmock/truth.hpp"

#include <fstream>
#include <stdexcept>
#include <string>

namespace zdmock {
namespace fs = std::filesystem;

void write_file_atomically(const fs::path& path, std::string_view content) {
    fs::path tmp = path;
    tmp += ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        out.flush();
        if (!out) throw std::runtime_error("zdmock: cannot write " + tmp.string());
    }
    fs::rename(tmp, path);
}

namespace {
void write_plain(const fs::path& path, std::string_view content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) throw std::runtime_error("zdmock: cannot write " + path.string());
}
}  // namespace

void dump_truth(const Dataset& dataset, const fs::path& dir) {
    fs::create_directories(dir / "tickets");
    fs::create_directories(dir / "users");
    fs::create_directories(dir / "organizations");
    for (const std::int64_t id : dataset.ticket_ids()) {
        std::string json = dataset.ticket_json(id);
        json.pop_back();  // reopen the object to append the comments
        json += ",\"comments\":[";
        const std::int64_t count = dataset.comment_count(id);
        for (std::int64_t i = 0; i < count; ++i) {
            if (i > 0) json += ',';
            json += dataset.comment_json(id, i);
        }
        json += "]}";
        write_plain(dir / "tickets" / (std::to_string(id) + ".json"), json);
    }
    for (const std::int64_t id : dataset.user_ids())
        write_plain(dir / "users" / (std::to_string(id) + ".json"), dataset.user_json(id));
    for (const std::int64_t id : dataset.organization_ids())
        write_plain(dir / "organizations" / (std::to_string(id) + ".json"), dataset.organization_json(id));
}

}  // namespace zdmock
