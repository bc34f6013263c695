#pragma once
// The unit of work handed from the network side to the writer thread.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace zdbackup {

/// One zip entry: its path inside the archive and its bytes (JSON as received, plus our additions),
/// or a file in the cache whose bytes are streamed into the zip (attachments: never held in memory).
struct Record {
    std::string path;            ///< e.g. "tickets/123.json"
    std::string body;            ///< the bytes, when `file` is empty
    std::filesystem::path file;  ///< stream this file instead of `body`
    bool store = false;          ///< already compressed: store rather than deflate
};

/// A record whose bytes are in memory (JSON).
inline Record memory_record(std::string path, std::string body) {
    Record record;
    record.path = std::move(path);
    record.body = std::move(body);
    return record;
}

/// Up to --batch-size records of one kind. The writer commits a batch as a whole.
struct Batch {
    std::string kind;  ///< "tickets", "users", ... (the resource table's name)
    std::vector<Record> records;
};

}  // namespace zdbackup
