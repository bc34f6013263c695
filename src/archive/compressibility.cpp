#include <zdbackup/archive/compressibility.hpp>

#include <boost/algorithm/string/predicate.hpp>

#include <zlib.h>

#include <vector>

namespace zdbackup {

bool worth_deflating(std::string_view sample) {
    if (sample.size() < 512) return true;  // too small to judge, and too small to matter
    uLongf compressed_size = compressBound(static_cast<uLong>(sample.size()));
    std::vector<Bytef> compressed(compressed_size);
    if (compress2(compressed.data(), &compressed_size, reinterpret_cast<const Bytef*>(sample.data()),
                  static_cast<uLong>(sample.size()), 1) != Z_OK)
        return true;
    return compressed_size < sample.size() * 9 / 10;
}

bool is_already_compressed(std::string_view content_type, std::string_view file_name) {
    using boost::algorithm::iends_with;
    using boost::algorithm::istarts_with;
    if (istarts_with(content_type, "image/") && !istarts_with(content_type, "image/svg") &&
        !istarts_with(content_type, "image/bmp"))
        return true;
    if (istarts_with(content_type, "video/") || istarts_with(content_type, "audio/")) return true;
    for (std::string_view suffix : {".zip", ".gz",   ".tgz", ".bz2",  ".xz",   ".7z",   ".rar", ".zst",
                                    ".jpg", ".jpeg", ".png", ".gif",  ".webp", ".heic", ".mp4", ".mov",
                                    ".mp3", ".m4a",  ".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".ods"})
        if (iends_with(file_name, suffix)) return true;
    for (std::string_view type : {"application/zip", "application/gzip", "application/x-7z",
                                  "application/x-rar", "application/pdf", "application/vnd.openxmlformats"})
        if (istarts_with(content_type, type)) return true;
    return false;
}

}  // namespace zdbackup
