#pragma once
// Completion tokens and stream types, defined once. Included only by engine translation units.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace zdbackup::net {

namespace asio = boost::asio;

template <class T>
using Task = asio::awaitable<T>;

/// For operations whose error is handled on the spot: `auto [ec, n] = co_await op(..., use_tuple);`
inline constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

}  // namespace zdbackup::net
