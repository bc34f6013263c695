#pragma once
// A fuzz check states properties with ZDB_REQUIRE. A failed property throws rather than aborting on
// the spot, so the same checks serve two drivers: the libFuzzer entry point traps (libFuzzer then
// saves the input), and the GCC corpus replay in the unit tests reports the file and carries on.

#include <stdexcept>
#include <string>
#include <string_view>

namespace zdbackup::fuzz {

/// A property of the code under test did not hold for some input.
struct PropertyViolation : std::logic_error {
    using std::logic_error::logic_error;
};

[[noreturn]] inline void violated(std::string_view what, const char* file, int line) {
    throw PropertyViolation(std::string(file) + ":" + std::to_string(line) + ": " + std::string(what));
}

}  // namespace zdbackup::fuzz

#define ZDB_REQUIRE(condition) \
    ((condition) ? static_cast<void>(0) : ::zdbackup::fuzz::violated(#condition, __FILE__, __LINE__))
