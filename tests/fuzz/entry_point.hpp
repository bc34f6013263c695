#pragma once
// The body of every LLVMFuzzerTestOneInput: run one check, trap on a violated property.

#include "property.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string_view>

namespace zdbackup::fuzz {

inline int run_one(void (*check)(std::string_view), const std::uint8_t* data, std::size_t size) {
    try {
        check(std::string_view(reinterpret_cast<const char*>(data), size));
    } catch (const PropertyViolation& e) {
        std::fprintf(stderr, "property violated: %s\n", e.what());
        // A trap, not abort(): libFuzzer reports it as a crash and writes the input to crash-<sha1>.
        __builtin_trap();
    }
    return 0;
}

}  // namespace zdbackup::fuzz
