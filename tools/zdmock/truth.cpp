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
        // Attachments (inline images included): meta.json (the object, plus "download_status") and, when
        // downloadable, the bytes in a file named `data`.
        for (const Attachment& a : dataset.ticket_attachments(id, true)) {
            const fs::path adir = dir / "tickets" / "attachments" / std::to_string(a.id);
            fs::create_directories(adir);
            std::string meta = dataset.attachment_json(a);
            meta.pop_back();
            meta += ",\"download_status\":" + std::to_string(a.download_status()) + "}";
            write_plain(adir / "meta.json", meta);
            if (a.download_status() == 302) write_plain(adir / "data", dataset.attachment_bytes(a.id));
        }
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
    const fs::path guide = dir / "guide";
    for (const auto& sub : {"categories", "sections", "articles", "attachments"})
        fs::create_directories(guide / sub);
    for (const std::int64_t id : dataset.guide_category_ids())
        write_plain(guide / "categories" / (std::to_string(id) + ".json"), dataset.guide_category_json(id));
    for (const std::int64_t id : dataset.guide_section_ids())
        write_plain(guide / "sections" / (std::to_string(id) + ".json"), dataset.guide_section_json(id));
    for (const std::int64_t id : dataset.guide_article_ids()) {
        std::string json = dataset.guide_article_json(id);
        json.pop_back();
        json += ",\"translations\":[";
        const auto translations = dataset.guide_translation_jsons(id);
        for (std::size_t i = 0; i < translations.size(); ++i) json += (i ? "," : "") + translations[i];
        json += "]}";
        write_plain(guide / "articles" / (std::to_string(id) + ".json"), json);
        for (const ArticleAttachment& a : dataset.guide_article_attachments(id)) {
            const fs::path adir = guide / "attachments" / std::to_string(a.id);
            fs::create_directories(adir);
            write_plain(adir / "meta.json", dataset.guide_article_attachment_json(a));
            write_plain(adir / "data", dataset.guide_article_attachment_bytes(a.id));
        }
    }
    for (const SupportKind& kind : dataset.support_kinds()) {
        if (kind.forbidden) continue;  // answers 403: nothing to back up
        const fs::path kdir = dir / "support_assets" / std::string(kind.name);
        fs::create_directories(kdir);
        const auto ids = dataset.support_ids(kind);
        for (std::size_t i = 0; i < ids.size(); ++i)
            write_plain(kdir / (ids[i] + ".json"),
                        dataset.support_item_json(kind, static_cast<std::int64_t>(i)));
    }
    for (const std::int64_t id : dataset.user_ids())
        write_plain(dir / "users" / (std::to_string(id) + ".json"), dataset.user_json(id));
    for (const std::int64_t id : dataset.organization_ids())
        write_plain(dir / "organizations" / (std::to_string(id) + ".json"), dataset.organization_json(id));
}

}  // namespace zdmock
