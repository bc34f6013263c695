#include <zdbackup/archive/compressibility.hpp>
#include <zdbackup/archive/snapshot_builder.hpp>
#include <zdbackup/archive/zip_writer.hpp>
#include <zdbackup/cache/cache_store.hpp>

#include <zdbackup/core/json_raw.hpp>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <system_error>
#include <vector>

namespace zdbackup {

namespace fs = std::filesystem;

namespace {

/// Streams a cached file into the zip in chunks. Errors: std::system_error naming the file.
EntryDigest add_file(ZipWriter& zip, const CachedFile& cached, const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::error_code ec;
    const auto size = fs::file_size(file, ec);
    if (!in || ec)
        throw std::system_error(ec ? ec : std::make_error_code(std::errc::io_error),
                                "cannot read " + file.string());
    bool deflate = false;
    if (cached.deflate) {
        deflate = *cached.deflate;
    } else {  // decided from the first block, then rewind
        std::string sample(std::min<std::uint64_t>(size, 64 * 1024), '\0');
        in.read(sample.data(), static_cast<std::streamsize>(sample.size()));
        in.seekg(0);
        deflate = !is_already_compressed(cached.file.content_type, cached.file.file_name) &&
                  worth_deflating(sample);
    }
    std::optional<std::string> known;
    if (!cached.sha256.empty() && cached.file.size == size) known = cached.sha256;
    zip.begin_entry(cached.file.zip_path(), size, deflate ? Compression::deflate : Compression::store, known);
    std::vector<char> chunk(1 << 16);
    std::uint64_t copied = 0;
    while (copied < size && in.read(chunk.data(), static_cast<std::streamsize>(std::min<std::uint64_t>(
                                                      chunk.size(), size - copied)))) {
        zip.write_chunk({chunk.data(), static_cast<std::size_t>(in.gcount())});
        copied += static_cast<std::uint64_t>(in.gcount());
    }
    if (copied != size)
        throw std::system_error(std::make_error_code(std::errc::io_error), "cannot read " + file.string());
    return zip.end_entry();
}

/// The ticket id of "tickets/<id>.json".
std::optional<std::int64_t> ticket_id_of(std::string_view path) {
    constexpr std::string_view prefix = "tickets/", suffix = ".json";
    if (!path.starts_with(prefix) || !path.ends_with(suffix)) return std::nullopt;
    const std::string_view digits = path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
    std::int64_t id = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
    if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
    return id;
}

/// A ticket as the snapshot holds it: the record plus "comments", every one oldest first. Comments are
/// cached apart from their ticket because two sources (per ticket, the events export) fill them.
std::string ticket_with_comments(CacheStore& cache, std::int64_t id, std::string_view ticket) {
    std::vector<std::string> bodies;
    cache.for_each_comment(id, [&](std::string_view body) { bodies.emplace_back(body); });
    const std::vector<std::string_view> views(bodies.begin(), bodies.end());
    return append_array_member(ticket, "comments", views);
}

}  // namespace

SnapshotResult write_snapshot(CacheStore& cache, const fs::path& cache_dir, const fs::path& zip_path,
                              const SnapshotScope& scope, Manifest manifest,
                              const std::function<void(const SnapshotResult&)>& on_entry) {
    ZipWriter zip(zip_path);
    SnapshotResult result;
    auto added = [&](const std::string& kind, EntryDigest digest) {
        result.bytes += digest.size;
        ++result.counts[kind];
        manifest.entries.push_back(std::move(digest));
        ++result.entries;
        if (on_entry) on_entry(result);
    };
    for (const std::string& kind : scope.record_kinds) {
        result.counts[kind];  // a kind with no records still shows 0
        cache.for_each_record(kind, [&](std::string_view path, std::string_view body) {
            const auto ticket = kind == "tickets" ? ticket_id_of(path) : std::nullopt;
            if (ticket)
                added(kind, zip.add(path, ticket_with_comments(cache, *ticket, body)));
            else
                added(kind, zip.add(path, body));
        });
    }
    for (const std::string& folder : scope.file_folders) {
        result.counts[folder];
        cache.for_each_file(folder, [&](const CachedFile& cached) {
            added(folder, add_file(zip, cached, CacheStore::attachment_file(cache_dir, cached.file)));
        });
    }
    manifest.counts = result.counts;
    zip.add("manifest.json", to_json(manifest));
    zip.close();
    result.entries = zip.entries_written();
    return result;
}

}  // namespace zdbackup
