#pragma once
// Indented JSON for files people read (backup_state.json); Boost.JSON 1.81 only writes one line.

#include <boost/json/value.hpp>

#include <string>

namespace zdbackup {

/// `value` with two-space indentation, one member or element per line; scalars as json::serialize
/// writes them.
std::string pretty_json(const boost::json::value& value);

}  // namespace zdbackup
