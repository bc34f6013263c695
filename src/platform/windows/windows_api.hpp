#pragma once
// <windows.h> with the macros every platform file needs, included here and only here: min/max
// macros would break std::min and Boost, and the lean set keeps winsock.h out (Asio includes winsock2).

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>
