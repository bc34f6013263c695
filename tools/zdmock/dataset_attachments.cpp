// Ticket attachments of the generated account: metadata, placement of the hostile cases, and bytes.
#include <algorithm>
#include <array>

#include "zdmock/dataset.hpp"
#include "zdmock/json_writer.hpp"
#include "zdmock/query.hpp"
#include "zdmock/rng.hpp"

namespace zdmock {
namespace {

enum Kind : std::uint64_t { kAttach = 101, kAttachItem, kAttachBytes };

// Attachment id = base + ((ticket * 1000 + comment index) * 8 + slot); slots 0-2 are files, 3 an inline
// image.
constexpr std::int64_t kAttachmentIdBase = 8000000000000000;  // 16 digits, beyond 2^53
constexpr int kSlots = 8;
constexpr int kInlineSlot = 3;

// SpecialSlot::flag values.
constexpr int kPlain = 0;
constexpr int kMalware = 1;          // malware_found, no override: 403
constexpr int kMalwareOverride = 2;  // malware_found, override: downloadable
constexpr int kDeleted = 3;          // deleted: 404
constexpr int kBig = 4;              // 2 MiB and a bit
constexpr int kEmpty = 5;            // 0 bytes

struct PoolFile {
    std::string_view name, type;
    bool image;
};
constexpr std::array<PoolFile, 10> kPool = {{
    {"screenshot.png", "image/png", true},
    {"photo.jpg", "image/jpeg", true},
    {"invoice.pdf", "application/pdf", false},
    {"error.log", "text/plain", false},
    {"export.csv", "text/csv", false},
    {"logs.zip", "application/zip", false},
    {"contract.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", false},
    {"image.png", "image/png", true},
    {"Scan 2023-04-01.pdf", "application/pdf", false},
    {"donn\xc3\xa9"
     "es.xlsx",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", false},
}};

std::string_view type_for(std::string_view name) {
    if (name.ends_with(".png")) return "image/png";
    if (name.ends_with(".pdf")) return "application/pdf";
    if (name.ends_with(".txt") || name.ends_with(".log") || name.ends_with(".ini")) return "text/plain";
    if (name.ends_with(".mp4")) return "video/mp4";
    return "application/octet-stream";
}

std::vector<std::vector<std::pair<std::string, int>>> wanted_specials() {
    // 300 bytes of valid UTF-8 whose 255-byte cut falls inside a two-byte character.
    std::string long_name = "long-x";
    for (int i = 0; i < 145; ++i) long_name += "\xc3\xa9";
    long_name += ".txt";
    const std::vector<std::string> hostile = {
        "../../etc/passwd",
        "..\\..\\boot.ini",
        "a/b/c.txt",
        "CON",
        "con.txt",
        "LPT1.log",
        "NUL",
        "report.pdf.",
        "trailing space ",
        "<>:\"|?*.txt",
        "tab\there.txt",
        "nl\nx.txt",
        "r\xc3\xa9sum\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e \xf0\x9f\x98\x80.png",
        long_name,
        "",
        ".",
        "..",
    };
    std::vector<std::vector<std::pair<std::string, int>>> out;
    for (const auto& name : hostile) out.push_back({{name, kPlain}});
    out.push_back({{"image.png", kPlain}, {"image.png", kPlain}});  // index kDuplicate below
    out.push_back({{"malware.exe", kMalware}});
    out.push_back({{"eicar.com.txt", kMalware}});
    out.push_back({{"quarantined.pdf", kMalwareOverride}});
    out.push_back({{"removed.png", kDeleted}});
    out.push_back({{"big-video.mp4", kBig}});
    out.push_back({{"empty.txt", kEmpty}});
    return out;
}
constexpr std::size_t kDuplicate = 17;

std::string to_base36(std::uint64_t v, std::size_t width) {
    static constexpr char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    std::string out(width, '0');
    for (std::size_t i = width; i-- > 0 && v != 0; v /= 36) out[i] = digits[v % 36];
    return out;
}

/// Hides the id in the token (the token still decodes to it, so lookups need no table).
std::uint64_t token_mask(std::uint64_t seed) {
    return Rng::mix(seed + kAttachBytes) & 0x7fffffffffffffffULL;
}

std::string make_token(std::uint64_t seed, std::int64_t id) {
    static constexpr char alnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::string token = to_base36(static_cast<std::uint64_t>(id) ^ token_mask(seed), 13);
    Rng rng(seed, kAttachBytes, static_cast<std::uint64_t>(id));
    for (int i = 0; i < 12; ++i) token += alnum[rng.below(62)];
    return token;
}

}  // namespace

unsigned Attachment::download_status() const {
    if (deleted) return 404;
    if (malware_scan_result == "malware_found" && !malware_access_override) return 403;
    return 302;
}

void Dataset::place_specials() {
    const auto wanted = wanted_specials();
    const std::int64_t n = ticket_count();
    std::vector<bool> used(static_cast<std::size_t>(n), false);
    const auto s = static_cast<std::int64_t>(wanted.size());
    for (std::int64_t i = 0; i < s; ++i) {
        const bool duplicate = static_cast<std::size_t>(i) == kDuplicate;
        // Spread over the id range; probe forward for a visible (not deleted) ticket not used yet.
        std::int64_t chosen = 0;
        for (int pass = 0; pass < 2 && chosen == 0; ++pass) {
            for (std::int64_t k = 0; k < n; ++k) {
                const std::int64_t t = ((i + 1) * n / (s + 1) + k) % n + 1;
                if (used[static_cast<std::size_t>(t - 1)] || ticket_deleted(t)) continue;
                if (duplicate && pass == 0 && comment_count(t) < 2) continue;
                chosen = t;
                break;
            }
        }
        if (chosen == 0) break;  // fewer tickets than special cases
        used[static_cast<std::size_t>(chosen - 1)] = true;
        Special sp{chosen, 0, {}};
        for (const auto& [name, flag] : wanted[static_cast<std::size_t>(i)]) sp.slots.push_back({name, flag});
        specials_.push_back(sp);
        if (duplicate && comment_count(chosen) >= 2)
            specials_.push_back({chosen, 1, {{"image.png", kPlain}}});
    }
    std::sort(specials_.begin(), specials_.end(), [](const Special& a, const Special& b) {
        return std::pair(a.ticket_id, a.index) < std::pair(b.ticket_id, b.index);
    });
}

const Dataset::Special* Dataset::special_for(std::int64_t ticket_id, std::int64_t index) const {
    const auto it = std::lower_bound(specials_.begin(), specials_.end(), std::pair(ticket_id, index),
                                     [](const Special& s, const std::pair<std::int64_t, std::int64_t>& k) {
                                         return std::pair(s.ticket_id, s.index) < k;
                                     });
    return it != specials_.end() && it->ticket_id == ticket_id && it->index == index ? &*it : nullptr;
}

Attachment Dataset::make_attachment(std::int64_t ticket_id, std::int64_t index, int slot,
                                    const SpecialSlot* special) const {
    Attachment a;
    a.id = kAttachmentIdBase + (ticket_id * 1000 + index) * kSlots + slot;
    a.ticket_id = ticket_id;
    a.comment_index = index;
    a.token = make_token(options_.seed, a.id);
    Rng rng(options_.seed, kAttachItem, static_cast<std::uint64_t>(a.id));
    const PoolFile& file = kPool[rng.below(kPool.size())];
    bool image = file.image;
    a.file_name = file.name;
    a.content_type = file.type;
    if (rng.chance(1.0 / 300))
        a.size = rng.range(2 << 20, 6 << 20);
    else if (rng.chance(0.02))
        a.size = 0;
    else
        a.size = rng.range(1000, 200 << 10);
    const std::uint64_t scan = rng.below(100);
    a.malware_scan_result = scan < 85 ? "malware_not_found" : scan < 93 ? "not_scanned" : "failed_to_scan";
    const bool sized = rng.chance(0.5);
    const std::int64_t w = rng.range(16, 1920), h = rng.range(16, 1080);
    if (slot == kInlineSlot) {
        a.is_inline = true;
        a.file_name = "image00" + std::to_string(index % 10) + ".png";
        a.content_type = "image/png";
        image = true;
    }
    if (special) {
        a.file_name = special->name;
        a.content_type = type_for(special->name);
        image = a.content_type == "image/png";
        switch (special->flag) {
            case kMalware:
                a.malware_scan_result = "malware_found";
                break;
            case kMalwareOverride:
                a.malware_scan_result = "malware_found";
                a.malware_access_override = true;
                break;
            case kDeleted:
                a.deleted = true;
                break;
            case kBig:
                a.size = (2 << 20) + 123;
                break;
            case kEmpty:
                a.size = 0;
                break;
            default:
                break;
        }
    }
    if (image && sized) {
        a.width = w;
        a.height = h;
    }
    return a;
}

std::vector<Attachment> Dataset::comment_attachments(std::int64_t ticket_id, std::int64_t index,
                                                     bool include_inline_images) const {
    std::vector<Attachment> out;
    if (index < 0 || index >= comment_count(ticket_id)) return out;
    Rng rng(options_.seed, kAttach,
            (static_cast<std::uint64_t>(ticket_id) << 16) | static_cast<std::uint64_t>(index));
    bool has_files = rng.chance(0.10);
    const auto files = static_cast<int>(rng.range(1, 3));
    const bool has_inline = rng.chance(0.05);
    if (index >= base_comment_counts_[static_cast<std::size_t>(ticket_id - 1)])
        has_files = has_files || added_comment(ticket_id, index)->with_files;  // a mutation forced files
    if (const Special* special = special_for(ticket_id, index)) {
        for (std::size_t i = 0; i < special->slots.size(); ++i)
            out.push_back(make_attachment(ticket_id, index, static_cast<int>(i), &special->slots[i]));
    } else if (has_files) {
        for (int i = 0; i < files; ++i) out.push_back(make_attachment(ticket_id, index, i, nullptr));
    }
    if (has_inline && include_inline_images)
        out.push_back(make_attachment(ticket_id, index, kInlineSlot, nullptr));
    return out;
}

std::vector<Attachment> Dataset::ticket_attachments(std::int64_t ticket_id,
                                                    bool include_inline_images) const {
    std::vector<Attachment> out;
    const std::int64_t count = comment_count(ticket_id);
    for (std::int64_t i = 0; i < count; ++i) {
        auto some = comment_attachments(ticket_id, i, include_inline_images);
        out.insert(out.end(), std::make_move_iterator(some.begin()), std::make_move_iterator(some.end()));
    }
    return out;
}

std::optional<Attachment> Dataset::attachment(std::int64_t id) const {
    const std::int64_t off = id - kAttachmentIdBase;
    if (off < 0) return std::nullopt;
    const std::int64_t comment = off / kSlots;
    for (Attachment& a : comment_attachments(comment / 1000, comment % 1000, true))
        if (a.id == id) return std::move(a);
    return std::nullopt;
}

std::optional<Attachment> Dataset::attachment_by_token(std::string_view token) const {
    if (token.size() != 25) return std::nullopt;
    std::uint64_t id = 0;
    for (const char c : token.substr(0, 13)) {
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'z' ? c - 'a' + 10 : -1;
        if (d < 0 || id > (UINT64_MAX - 35) / 36) return std::nullopt;
        id = id * 36 + static_cast<std::uint64_t>(d);
    }
    id ^= token_mask(options_.seed);
    if (id > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
    auto a = attachment(static_cast<std::int64_t>(id));
    if (!a || a->token != token) return std::nullopt;
    return a;
}

std::string Dataset::content_url(const Attachment& a) const {
    return options_.base_url + "/attachments/token/" + a.token + "/?name=" + encode_param(a.file_name);
}

std::string Dataset::attachment_json(const Attachment& a) const {
    const std::string url = content_url(a);
    std::string out;
    out.reserve(512);
    JsonWriter w(out);
    w.begin_object().kstr("url", options_.base_url + "/api/v2/attachments/" + std::to_string(a.id) + ".json");
    w.knum("id", a.id)
        .kstr("file_name", a.file_name)
        .kstr("content_url", url)
        .kstr("mapped_content_url", url);
    w.kstr("content_type", a.content_type).knum("size", a.size);
    if (a.width)
        w.knum("width", *a.width);
    else
        w.knull("width");
    if (a.height)
        w.knum("height", *a.height);
    else
        w.knull("height");
    w.kbool("inline", a.is_inline).kbool("deleted", a.deleted);
    w.kbool("malware_access_override", a.malware_access_override);
    w.kstr("malware_scan_result", a.malware_scan_result);
    w.key("thumbnails").begin_array().end_array().end_object();
    return out;
}

void Dataset::attachment_bytes_at(std::int64_t id, std::uint64_t offset, std::span<char> out) const {
    // Byte p is byte p%8 of mix(key + p/8): random access, so any range streams cheaply.
    const std::uint64_t key =
        Rng::mix(options_.seed ^ Rng::mix(static_cast<std::uint64_t>(id) + kAttachBytes));
    std::uint64_t block_index = offset / 8;
    std::uint64_t block = Rng::mix(key + block_index);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const std::uint64_t p = offset + i;
        if (p / 8 != block_index) {
            block_index = p / 8;
            block = Rng::mix(key + block_index);
        }
        out[i] = static_cast<char>((block >> (8 * (p % 8))) & 0xff);
    }
}

std::string Dataset::attachment_bytes(std::int64_t id) const {
    const auto a = attachment(id);
    if (!a) return {};
    std::string out(static_cast<std::size_t>(a->size), '\0');
    attachment_bytes_at(id, 0, out);
    return out;
}

}  // namespace zdmock
