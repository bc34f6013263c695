#include "zdmock/ticket_event_index.hpp"

#include <algorithm>
#include <tuple>

namespace zdmock {

bool export_before(const TicketEventEntry& a, const TicketEventEntry& b) {
    const auto key = [](const TicketEventEntry& e) {
        return std::tuple(e.ts, !e.ref.comment, e.ref.ticket, e.ref.number);
    };
    return key(a) < key(b);
}

TicketEventIndex::TicketEventIndex(std::vector<TicketEventEntry> entries) {
    std::sort(entries.begin(), entries.end(), export_before);
    assign(entries);
}

void TicketEventIndex::assign(const std::vector<TicketEventEntry>& sorted) {
    ts_.resize(sorted.size());
    refs_.resize(sorted.size());
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        ts_[i] = sorted[i].ts;
        refs_[i] = sorted[i].ref;
    }
}

TicketEventIndex TicketEventIndex::with(std::vector<TicketEventEntry> later) const {
    std::sort(later.begin(), later.end(), export_before);
    const bool in_order =
        later.empty() || refs_.empty() || !export_before(later.front(), {ts_.back(), refs_.back()});
    if (!in_order) {
        // Not expected (a step's time is later than every generated event), but never serve a misordered
        // stream: rebuild from everything.
        for (std::size_t i = 0; i < refs_.size(); ++i) later.push_back({ts_[i], refs_[i]});
        return TicketEventIndex(std::move(later));
    }
    TicketEventIndex out;
    out.ts_.reserve(ts_.size() + later.size());
    out.refs_.reserve(refs_.size() + later.size());
    out.ts_.assign(ts_.begin(), ts_.end());
    out.refs_.assign(refs_.begin(), refs_.end());
    for (const TicketEventEntry& e : later) {
        out.ts_.push_back(e.ts);
        out.refs_.push_back(e.ref);
    }
    return out;
}

}  // namespace zdmock
