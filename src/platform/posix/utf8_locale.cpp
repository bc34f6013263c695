#include <zdbackup/platform/utf8_locale.hpp>

#include <locale.h>

#include <initializer_list>

namespace zdbackup::platform {

ScopedUtf8Locale::ScopedUtf8Locale() noexcept {
    for (const char* name : {"C.UTF-8", "C.utf8", "en_US.UTF-8"}) {
        locale_t loc = newlocale(LC_CTYPE_MASK, name, static_cast<locale_t>(nullptr));
        if (loc != static_cast<locale_t>(nullptr)) {
            locale_ = loc;
            previous_ = uselocale(loc);
            return;
        }
    }
}

ScopedUtf8Locale::~ScopedUtf8Locale() {
    if (locale_ == nullptr) return;
    uselocale(static_cast<locale_t>(previous_));
    freelocale(static_cast<locale_t>(locale_));
}

}  // namespace zdbackup::platform
