// libFuzzer target: the properties are in comment_events_check.cpp.

#include "checks.hpp"
#include "entry_point.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return zdbackup::fuzz::run_one(zdbackup::fuzz::check_comment_events, data, size);
}
