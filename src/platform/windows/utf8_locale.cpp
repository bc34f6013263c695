#include <zdbackup/platform/utf8_locale.hpp>

#include <locale.h>
#include <string.h>

#include <cstdlib>

namespace zdbackup::platform {
namespace {

int active_marker = 0;  // locale_ points here while the UTF-8 locale is in use

}  // namespace

ScopedUtf8Locale::ScopedUtf8Locale() noexcept {
    // The UCRT has no uselocale: a per-thread locale confines setlocale to this thread. ".UTF-8" needs
    // Windows 10 1803 or later; on older systems setlocale fails and nothing changes.
    previous_mode_ = ::_configthreadlocale(_ENABLE_PER_THREAD_LOCALE);
    const char* current = ::setlocale(LC_CTYPE, nullptr);
    char* saved = current ? ::_strdup(current) : nullptr;
    if (saved == nullptr || ::setlocale(LC_CTYPE, ".UTF-8") == nullptr) {
        std::free(saved);
        ::_configthreadlocale(previous_mode_);
        return;
    }
    previous_ = saved;
    locale_ = &active_marker;
}

ScopedUtf8Locale::~ScopedUtf8Locale() {
    if (locale_ == nullptr) return;
    ::setlocale(LC_CTYPE, static_cast<const char*>(previous_));
    std::free(previous_);
    ::_configthreadlocale(previous_mode_);
}

}  // namespace zdbackup::platform
