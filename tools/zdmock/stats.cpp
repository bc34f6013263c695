#include "zdmock/stats.hpp"

#include "zdmock/json_writer.hpp"

namespace zdmock {
namespace {
void bump(std::map<std::string, std::int64_t, std::less<>>& m, std::string_view key) {
    auto it = m.find(key);
    if (it == m.end()) it = m.emplace(std::string(key), 0).first;
    ++it->second;
}
}  // namespace

void Stats::record_request(std::string_view endpoint) {
    std::lock_guard lock(mutex_);
    ++total_;
    bump(by_endpoint_, endpoint);
    if (!first_request_) first_request_ = std::chrono::steady_clock::now();
}

void Stats::record_answered(std::chrono::steady_clock::duration delay) {
    const auto sent = std::chrono::steady_clock::now() + delay;
    std::lock_guard lock(mutex_);
    if (!last_answer_ || sent > *last_answer_) last_answer_ = sent;
}

void Stats::record_status(unsigned status) {
    std::lock_guard lock(mutex_);
    ++by_status_[status];
}

void Stats::record_rate_limited() {
    std::lock_guard lock(mutex_);
    ++rate_limited_;
}

void Stats::record_ignored_retry_after() {
    std::lock_guard lock(mutex_);
    ++ignored_retry_after_;
}

void Stats::record_fault(std::string_view kind) {
    std::lock_guard lock(mutex_);
    bump(faults_, kind);
}

void Stats::record_storage(bool authorization) {
    std::lock_guard lock(mutex_);
    ++storage_requests_;
    if (authorization) ++storage_authorization_seen_;
}

void Stats::record_handshake(bool resumed) {
    std::lock_guard lock(mutex_);
    ++tls_handshakes_;
    if (resumed) ++tls_resumed_;
}

void Stats::reset() {
    std::lock_guard lock(mutex_);
    total_ = rate_limited_ = ignored_retry_after_ = storage_requests_ = storage_authorization_seen_ = 0;
    tls_handshakes_ = tls_resumed_ = 0;
    by_endpoint_.clear();
    by_status_.clear();
    faults_.clear();
    first_request_.reset();
    last_answer_.reset();
}

std::string Stats::to_json() const {
    std::lock_guard lock(mutex_);
    std::string out;
    JsonWriter w(out);
    w.begin_object().knum("total_requests", total_).key("by_endpoint").begin_object();
    for (const auto& [k, v] : by_endpoint_) w.knum(k, v);
    w.end_object().key("by_status").begin_object();
    for (const auto& [k, v] : by_status_) w.knum(std::to_string(k), v);
    w.end_object().knum("rate_limited", rate_limited_).knum("ignored_retry_after", ignored_retry_after_);
    w.key("faults_injected").begin_object();
    for (const auto& [k, v] : faults_) w.knum(k, v);
    w.end_object().knum("storage_requests", storage_requests_);
    w.knum("storage_authorization_seen", storage_authorization_seen_);
    const double span = first_request_ && last_answer_
                            ? std::chrono::duration<double>(*last_answer_ - *first_request_).count()
                            : 0.0;
    w.key("first_to_last_s").raw(std::to_string(span));
    w.knum("tls_handshakes", tls_handshakes_).knum("tls_resumed", tls_resumed_).end_object();
    return out;
}

}  // namespace zdmock
