#pragma once

#include <filesystem>
#include <string_view>

#include "zdmock/dataset.hpp"

namespace zdmock {

/// Writes `content` to `path` via a temporary file in the same directory and a rename.
/// Errors: throws std::system_error / std::runtime_error on I/O failure.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

/// Writes the ground truth: DIR/tickets/<id>.json (export shape plus a "comments" array, oldest first),
/// DIR/users/<id>.json and DIR/organizations/<id>.json; DIR/tickets/attachments/<id>/meta.json (attachment
/// object plus "download_status": 302, 403 or 404) and .../data (the bytes, downloadable ones only);
/// DIR/guide/{categories,sections,articles}/<id>.json (articles plus "translations"),
/// DIR/guide/attachments/<id>/{meta.json,data}; DIR/support_assets/<kind>/<id>.json (forbidden kinds omitted;
/// tags are named by their name).
void dump_truth(const Dataset& dataset, const std::filesystem::path& dir);

}  // namespace zdmock
