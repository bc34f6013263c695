// Help Center (Guide) part of the generated account: categories, sections, articles, translations and
// article attachments.
#include <algorithm>
#include <array>
#include <stdexcept>

#include "zdmock/dataset.hpp"
#include "zdmock/dataset_text.hpp"
#include "zdmock/json_writer.hpp"
#include "zdmock/query.hpp"
#include "zdmock/rng.hpp"
#include "zdmock/time_format.hpp"

namespace zdmock {
namespace {

enum Kind : std::uint64_t { kCategory = 201, kSection, kArticle, kArticleFiles, kArticleFile };

constexpr std::int64_t kCategoryBase = 4400000000000;
constexpr std::int64_t kSectionBase = 4410000000000;
constexpr std::int64_t kArticleBase = 4420000000000;
constexpr std::int64_t kTranslationBase = 4430000000000;
constexpr std::int64_t kArticleFileBase = 4440000000000;
constexpr std::int64_t kCategories = 5;
constexpr std::int64_t kSectionsPerCategory = 4;
constexpr std::int64_t kStart = 1546300800;  // 2019-01-01
constexpr std::string_view kHc = "https://zdmock.zendesk.com";
constexpr std::array<std::string_view, 4> kLocales = {"en-us", "de", "fr", "ja"};
constexpr std::array<std::string_view, 4> kTitles = {
    "How to reset your password",
    "Passwort zur\xc3\xbc"
    "cksetzen",
    "R\xc3\xa9initialiser le mot de passe", "\xe3\x83\x91\xe3\x82\xb9\xe3\x83\xaf\xe3\x83\xbc\xe3\x83\x89"};

std::int64_t index_of(std::int64_t id, std::int64_t base, std::size_t count, const char* what) {
    const std::int64_t i = id - base;
    if (i < 0 || i >= static_cast<std::int64_t>(count))
        throw std::out_of_range(std::string("zdmock: unknown ") + what + " " + std::to_string(id));
    return i;
}

std::string name_segment(std::string_view name) {
    if (!name.empty() && name.find_first_not_of('.') == std::string_view::npos) {
        std::string out;
        for (std::size_t i = 0; i < name.size(); ++i) out += "%2E";
        return out;
    }
    return encode_param(name);
}

/// created_at and updated_at; `revised` (a mutation's time), when set, replaces updated_at.
void times(JsonWriter& w, Rng& rng, std::int64_t revised = 0) {
    const std::int64_t created = kStart + rng.range(0, 1000) * 86400;
    const std::int64_t updated = created + rng.range(0, 90 * 86400);
    w.kstr("created_at", iso8601(created)).kstr("updated_at", iso8601(revised ? revised : updated));
}

/// What a mutation step adds to an article's (and its en-us translation's) title and body.
std::string revised_title(std::int64_t step) {
    return step ? " [revision " + std::to_string(step) + "]" : std::string();
}
std::string revised_body(std::int64_t step) {
    return step ? "<p>Revised by zdmock mutation step " + std::to_string(step) + ".</p>" : std::string();
}

/// Which locales an article has: en-us and 0-3 others, in kLocales order.
std::vector<std::size_t> article_locales(std::uint64_t seed, std::int64_t index) {
    Rng rng(seed, kArticle, static_cast<std::uint64_t>(index) ^ 0x10000);
    std::vector<std::size_t> out = {0};
    const auto extra = rng.below(4);
    const auto first = rng.below(3);
    for (std::uint64_t k = 0; k < extra; ++k) out.push_back(1 + (first + k) % 3);
    std::sort(out.begin(), out.end());
    return out;
}

bool article_draft(std::uint64_t seed, std::int64_t index) {
    return Rng(seed, kArticle, static_cast<std::uint64_t>(index) ^ 0x20000).chance(0.1);
}

}  // namespace

void Dataset::build_guide() {
    for (std::int64_t i = 0; i < kCategories; ++i) category_ids_.push_back(kCategoryBase + i);
    for (std::int64_t i = 0; i < kCategories * kSectionsPerCategory; ++i)
        section_ids_.push_back(kSectionBase + i);
    const std::int64_t articles = std::max<std::int64_t>(12, options_.tickets / 100);
    for (std::int64_t i = 0; i < articles; ++i) article_ids_.push_back(kArticleBase + i);
    article_revisions_.resize(article_ids_.size());
}

std::string Dataset::guide_category_json(std::int64_t id) const {
    const std::int64_t i = index_of(id, kCategoryBase, category_ids_.size(), "category");
    Rng rng(options_.seed, kCategory, static_cast<std::uint64_t>(i));
    const std::string sid = std::to_string(id);
    std::string out;
    JsonWriter w(out);
    w.begin_object().knum("id", id);
    w.kstr("url", std::string(kHc) + "/api/v2/help_center/en-us/categories/" + sid + ".json");
    w.kstr("html_url", std::string(kHc) + "/hc/en-us/categories/" + sid + "-Category-" + std::to_string(i));
    w.knum("position", i);
    times(w, rng);
    w.kstr("name",
           "Category " + std::to_string(i) + " " + std::string(text::kSubjects[i % text::kSubjects.size()]));
    w.kstr("description", text::kBodies[rng.below(text::kBodies.size())]);
    w.kstr("locale", "en-us").kstr("source_locale", "en-us").kbool("outdated", false).end_object();
    return out;
}

std::string Dataset::guide_section_json(std::int64_t id) const {
    const std::int64_t i = index_of(id, kSectionBase, section_ids_.size(), "section");
    Rng rng(options_.seed, kSection, static_cast<std::uint64_t>(i));
    const std::string sid = std::to_string(id);
    std::string out;
    JsonWriter w(out);
    w.begin_object().knum("id", id);
    w.kstr("url", std::string(kHc) + "/api/v2/help_center/en-us/sections/" + sid + ".json");
    w.kstr("html_url", std::string(kHc) + "/hc/en-us/sections/" + sid + "-Section-" + std::to_string(i));
    w.knum("category_id", category_ids_[static_cast<std::size_t>(i / kSectionsPerCategory)]);
    w.knum("position", i % kSectionsPerCategory).kstr("sorting", "manual");
    times(w, rng);
    w.kstr("name", "Section " + std::to_string(i))
        .kstr("description", text::kBodies[rng.below(text::kBodies.size())]);
    w.kstr("locale", "en-us").kstr("source_locale", "en-us").kbool("outdated", false);
    if (i % kSectionsPerCategory == 3)
        w.knum("parent_section_id", section_ids_[static_cast<std::size_t>(i - 1)]);
    else
        w.knull("parent_section_id");
    w.knull("theme_template").kstr("manageable_by", "staff").knull("user_segment_id").end_object();
    return out;
}

std::string Dataset::guide_article_json(std::int64_t id) const {
    const std::int64_t i = index_of(id, kArticleBase, article_ids_.size(), "article");
    const Revision& rev = article_revisions_[static_cast<std::size_t>(i)];
    Rng rng(options_.seed, kArticle, static_cast<std::uint64_t>(i));
    const std::string sid = std::to_string(id);
    std::string body = "<p>" + std::string(text::kBodies[rng.below(text::kBodies.size())]) + "</p>";
    for (const ArticleAttachment& a : guide_article_attachments(id))
        if (a.is_inline) body += "<p><img src=\"" + guide_article_attachment_url(a) + "\"></p>";
    body += revised_body(rev.step);
    std::string out;
    JsonWriter w(out);
    w.begin_object().knum("id", id);
    w.kstr("url", std::string(kHc) + "/api/v2/help_center/en-us/articles/" + sid + ".json");
    w.kstr("html_url", std::string(kHc) + "/hc/en-us/articles/" + sid + "-Article-" + std::to_string(i));
    w.knum("author_id", user_ids_[rng.below(std::max<std::size_t>(2, user_ids_.size() / 20))]);
    w.kbool("comments_disabled", rng.chance(0.2)).kbool("draft", article_draft(options_.seed, i));
    w.kbool("promoted", rng.chance(0.1)).knum("position", i);
    const std::int64_t votes = rng.range(0, 40);
    w.knum("vote_sum", votes - 2 * rng.range(0, votes)).knum("vote_count", votes);
    w.knum("section_id", section_ids_[static_cast<std::size_t>(i) % section_ids_.size()]);
    const std::int64_t created = kStart + rng.range(0, 1000) * 86400;
    const std::int64_t drawn_update = created + rng.range(0, 90 * 86400);  // drawn even when revised
    const std::int64_t updated = rev.step ? rev.time : drawn_update;
    w.kstr("created_at", iso8601(created))
        .kstr("updated_at", iso8601(updated))
        .kstr("edited_at", iso8601(updated));
    const std::string title =
        std::string(kTitles[0]) + " (" + std::to_string(i) + ")" + revised_title(rev.step);
    w.kstr("name", title).kstr("title", title).kstr("body", body);
    w.kstr("source_locale", "en-us").kstr("locale", "en-us").kbool("outdated", false);
    w.key("outdated_locales").begin_array().end_array();
    w.key("label_names").begin_array();
    if (rng.chance(0.5)) w.str(text::kTags[rng.below(text::kTags.size())]);
    w.end_array().key("content_tag_ids").begin_array().end_array();
    w.knum("permission_group_id", 5500000001).knull("user_segment_id");
    w.key("user_segment_ids").begin_array().end_array().end_object();
    return out;
}

std::vector<std::string> Dataset::guide_translation_jsons(std::int64_t article_id) const {
    const std::int64_t i = index_of(article_id, kArticleBase, article_ids_.size(), "article");
    std::vector<std::string> out;
    // A mutation edits the source (en-us) translation, as editing an article does.
    const Revision& rev = article_revisions_[static_cast<std::size_t>(i)];
    for (const std::size_t l : article_locales(options_.seed, i)) {
        const Revision edit = l == 0 ? rev : Revision{};
        Rng rng(options_.seed, kArticle, (static_cast<std::uint64_t>(i) << 3) | l | 0x40000000);
        const std::int64_t id = kTranslationBase + i * 4 + static_cast<std::int64_t>(l);
        const std::string loc(kLocales[l]);
        std::string json;
        JsonWriter w(json);
        w.begin_object().knum("id", id);
        w.kstr("url", std::string(kHc) + "/api/v2/help_center/articles/" + std::to_string(article_id) +
                          "/translations/" + std::to_string(id) + ".json");
        w.kstr("html_url", std::string(kHc) + "/hc/" + loc + "/articles/" + std::to_string(article_id));
        w.knum("source_id", article_id).kstr("source_type", "Article").kstr("locale", loc);
        w.kstr("title", std::string(kTitles[l]) + " (" + std::to_string(i) + ")" + revised_title(edit.step));
        w.kstr("body", "<p>" + std::string(text::kBodies[rng.below(text::kBodies.size())]) + "</p>" +
                           revised_body(edit.step));
        w.kbool("outdated", l != 0 && rng.chance(0.2))
            .kbool("draft", l == 0 && article_draft(options_.seed, i));
        w.kbool("hidden", false);
        times(w, rng, edit.time);
        const std::int64_t author = user_ids_.front();
        w.knum("updated_by_id", author).knum("created_by_id", author).end_object();
        out.push_back(std::move(json));
    }
    return out;
}

std::vector<ArticleAttachment> Dataset::guide_article_attachments(std::int64_t article_id) const {
    const std::int64_t i = index_of(article_id, kArticleBase, article_ids_.size(), "article");
    std::vector<ArticleAttachment> out;
    Rng rng(options_.seed, kArticleFiles, static_cast<std::uint64_t>(i));
    // Article 1 always carries two hostile names, so small datasets have them too.
    const bool has = i == 1 || rng.chance(0.3);
    const auto n = i == 1 ? 2 : rng.range(1, 2);
    if (!has) return out;
    static constexpr std::array<std::string_view, 6> kNames = {"diagram.png", "manual.pdf", "setup guide.pdf",
                                                               "logo.png",    "..",         "CON.png"};
    static constexpr std::array<std::string_view, 3> kHostile = {"../secret.txt", "a\\b:c*.png", "..."};
    for (std::int64_t slot = 0; slot < n; ++slot) {
        ArticleAttachment a;
        a.id = kArticleFileBase + i * 2 + slot;
        a.article_id = article_id;
        Rng f(options_.seed, kArticleFile, static_cast<std::uint64_t>(a.id));
        a.file_name = i == 1           ? kHostile[static_cast<std::size_t>(slot)]
                      : f.chance(0.15) ? kHostile[f.below(kHostile.size())]
                                       : kNames[f.below(4)];
        const bool png = a.file_name.ends_with(".png");
        a.content_type = png                             ? "image/png"
                         : a.file_name.ends_with(".pdf") ? "application/pdf"
                                                         : "application/octet-stream";
        a.size = f.chance(0.05) ? 0 : f.range(1000, 200 << 10);
        a.is_inline = png && f.chance(0.5);
        out.push_back(std::move(a));
    }
    return out;
}

std::optional<ArticleAttachment> Dataset::guide_article_attachment(std::int64_t id) const {
    const std::int64_t off = id - kArticleFileBase;
    if (off < 0 || off / 2 >= static_cast<std::int64_t>(article_ids_.size())) return std::nullopt;
    for (ArticleAttachment& a : guide_article_attachments(article_ids_[static_cast<std::size_t>(off / 2)]))
        if (a.id == id) return std::move(a);
    return std::nullopt;
}

std::string Dataset::guide_article_attachment_url(const ArticleAttachment& a) const {
    return options_.base_url + "/hc/article_attachments/" + std::to_string(a.id) + "/" +
           name_segment(a.file_name);
}

std::string Dataset::guide_article_attachment_json(const ArticleAttachment& a) const {
    Rng rng(options_.seed, kArticleFile, static_cast<std::uint64_t>(a.id) ^ 0x1);
    const std::string sid = std::to_string(a.id);
    std::string out;
    JsonWriter w(out);
    w.begin_object().knum("id", a.id);
    w.kstr("url", std::string(kHc) + "/api/v2/help_center/articles/attachments/" + sid + ".json");
    w.knum("article_id", a.article_id).kstr("display_file_name", a.file_name).kstr("file_name", a.file_name);
    w.kstr("content_url", guide_article_attachment_url(a));
    w.kstr("relative_path", "/hc/article_attachments/" + sid + "/" + name_segment(a.file_name));
    w.kstr("content_type", a.content_type).knum("size", a.size).kbool("inline", a.is_inline);
    times(w, rng);
    w.kbool("legacy", false).end_object();
    return out;
}

std::string Dataset::guide_article_attachment_bytes(std::int64_t id) const {
    const auto a = guide_article_attachment(id);
    if (!a) return {};
    std::string out(static_cast<std::size_t>(a->size), '\0');
    attachment_bytes_at(id, 0, out);
    return out;
}

}  // namespace zdmock
