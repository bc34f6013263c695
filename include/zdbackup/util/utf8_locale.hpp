#pragma once
// libarchive converts zip entry names between UTF-8 and the *current* locale. In the "C" locale a
// UTF-8-flagged name such as "été.txt" cannot be converted and comes back empty. Switching only the
// calling thread to a UTF-8 LC_CTYPE while reading keeps names intact without touching the process-wide
// locale that other threads (and the console) use.

namespace zdbackup {

/// While alive, the calling thread uses a UTF-8 LC_CTYPE (C.UTF-8, else en_US.UTF-8); the thread's
/// previous locale is restored on destruction. If no UTF-8 locale is installed it does nothing and
/// active() is false.
/// Thread safety: affects only the constructing thread; destroy it on the same thread.
class ScopedUtf8Locale {
  public:
    ScopedUtf8Locale() noexcept;
    ~ScopedUtf8Locale();
    ScopedUtf8Locale(const ScopedUtf8Locale&) = delete;
    ScopedUtf8Locale& operator=(const ScopedUtf8Locale&) = delete;

    bool active() const noexcept { return locale_ != nullptr; }

  private:
    void* locale_ = nullptr;    // locale_t, kept opaque so <locale.h> stays out of the header
    void* previous_ = nullptr;  // locale_t
};

}  // namespace zdbackup
