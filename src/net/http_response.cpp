#include <zdbackup/core/errc.hpp>
#include <zdbackup/net/http_response.hpp>

#include <stdexcept>

namespace zdbackup::net {

std::string FetchFailure::describe() const {
    std::string text = "GET " + url + ": ";
    if (http_status != 0) text += "HTTP " + std::to_string(http_status) + ", ";
    text += ec.message();
    if (!detail.empty()) text += " (" + detail + ")";
    if (attempts > 1) text += " after " + std::to_string(attempts) + " attempts";
    return text;
}

void throw_exception_from_error(const FetchFailure& failure, const boost::source_location&) {
    throw boost::system::system_error(failure.ec, failure.describe());
}

boost::system::error_code classify_status(int status) noexcept {
    if (status >= 200 && status < 300) return {};
    switch (status) {
        case 401:
            return errc::unauthorized;
        case 403:
            return errc::forbidden;
        case 404:
            return errc::not_found;
        case 429:
            return errc::rate_limited;
        default:
            break;
    }
    if (status >= 500) return errc::server_error;
    return errc::bad_request;
}

}  // namespace zdbackup::net
