// Boost.JSON compiled into the fuzz targets from its sources rather than linked from Debian's
// libboost_json: this way the parser is instrumented too, and its coverage steers libFuzzer
// towards inputs that are valid JSON.
#include <boost/json/src.hpp>
