#include <zdbackup/archive/compressibility.hpp>

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

}  // namespace zdbackup
