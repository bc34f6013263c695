#pragma once
// The one integer type that holds an open file on every platform: a POSIX descriptor or a Windows
// HANDLE. Both use -1 for "none" (INVALID_HANDLE_VALUE is (HANDLE)-1), so headers above the platform
// layer can own handles without including <windows.h> or <unistd.h>.

#include <cstdint>

namespace zdbackup::platform {

using NativeHandle = std::intptr_t;
inline constexpr NativeHandle kNoHandle = -1;

}  // namespace zdbackup::platform
