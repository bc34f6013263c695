# Warnings and platform definitions for every target, per compiler.

if(ZDB_BOOST_EXACT)
    set(ZDB_BOOST_EXACT_KEYWORD EXACT)
else()
    set(ZDB_BOOST_EXACT_KEYWORD "")
endif()

if(MSVC)
    # /permissive- : standard conformance (two-phase lookup); /utf-8 : sources and literals are UTF-8;
    # /bigobj : Asio, Beast and coroutine frames overflow the default section count;
    # /Zc:__cplusplus : report C++20 in __cplusplus, which Boost and spdlog test.
    add_compile_options(/W4 /permissive- /utf-8 /bigobj /Zc:__cplusplus /EHsc)
    if(ZDB_WERROR)
        add_compile_options(/WX)
    endif()
else()
    add_compile_options(-Wall -Wextra -Wpedantic)
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
        # GCC 12 at -O2 flags Asio's awaitable frame allocator (operator new/delete pairs that do match).
        add_compile_options(-Wno-mismatched-new-delete)
    endif()
    if(ZDB_WERROR)
        add_compile_options(-Werror)
    endif()
endif()

if(WIN32)
    # Windows 10 is the oldest supported (Asio reads _WIN32_WINNT); windows.h stays lean and without
    # min/max macros everywhere, not only where the platform layer includes it.
    add_compile_definitions(_WIN32_WINNT=0x0A00 WIN32_LEAN_AND_MEAN NOMINMAX UNICODE _UNICODE)
endif()
