#pragma once
// libarchive converts zip entry names between UTF-8 and the *current* locale. In the "C" locale a
// UTF-8-flagged name such as "été.txt" cannot be converted and comes back empty. Switching only the
// calling thread to a UTF-8 LC_CTYPE while reading keeps names intact without touching the process-wide
// locale that other threads (and the console) use. POSIX: newlocale/uselocale; Windows: a per-thread
// locale (_configthreadlocale) set to ".UTF-8", which libarchive reads as code page 65001.

namespace zdbackup::platform {

/// While alive, the calling thread uses a UTF-8 LC_CTYPE (C.UTF-8, else en_US.UTF-8; ".UTF-8" on
/// Windows); the thread's previous locale is restored on destruction. If no UTF-8 locale is available it
/// does nothing and active() is false.
/// Thread safety: affects only the constructing thread; destroy it on the same thread.
class ScopedUtf8Locale {
  public:
    ScopedUtf8Locale() noexcept;
    ~ScopedUtf8Locale();
    ScopedUtf8Locale(const ScopedUtf8Locale&) = delete;
    ScopedUtf8Locale& operator=(const ScopedUtf8Locale&) = delete;

    bool active() const noexcept { return locale_ != nullptr; }

  private:
    // Opaque so <locale.h> stays out of the header. POSIX: the new and the previous locale_t.
    // Windows: locale_ marks activity, previous_ owns a copy of the previous locale name.
    void* locale_ = nullptr;
    void* previous_ = nullptr;
    [[maybe_unused]] int previous_mode_ = 0;  // Windows: the thread's previous _configthreadlocale mode
};

}  // namespace zdbackup::platform
