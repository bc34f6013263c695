#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace zdmock {

/// One event of the ticket events export, by reference: its JSON is rendered only when a page asks for
/// it (Dataset::ticket_event_json), so the index costs 16 bytes per event instead of kilobytes.
struct TicketEventRef {
    std::uint32_t ticket = 0;
    std::uint16_t number = 0;  ///< comment index (oldest first), or the number of a field-change audit
    bool comment = true;       ///< false: a field-change audit, without a comment
    bool operator==(const TicketEventRef&) const = default;
};

/// An event and its `timestamp` (epoch seconds).
struct TicketEventEntry {
    std::int64_t ts = 0;
    TicketEventRef ref;
};

/// Export order: ascending (timestamp, audit id). Audit ids grow with (ticket, number) and every
/// field-change audit id is above every comment audit id (see dataset_ids.hpp), so the order needs no id.
bool export_before(const TicketEventEntry& a, const TicketEventEntry& b);

/// Every event of the account in export order, as aligned arrays so the timestamps are one span for
/// time_page(). Immutable once built: Dataset copies share it and a mutation builds a new one.
/// Thread safety: const members may be called concurrently.
class TicketEventIndex {
  public:
    /// Sorts `entries` into export order.
    explicit TicketEventIndex(std::vector<TicketEventEntry> entries);
    /// This index plus `later` (a mutation step's events). They are normally all at the step's time,
    /// after every event here, and are appended; otherwise the whole index is sorted again.
    TicketEventIndex with(std::vector<TicketEventEntry> later) const;

    std::span<const std::int64_t> timestamps() const { return ts_; }
    const std::vector<TicketEventRef>& refs() const { return refs_; }
    std::size_t size() const { return refs_.size(); }

  private:
    TicketEventIndex() = default;
    void assign(const std::vector<TicketEventEntry>& sorted);

    std::vector<std::int64_t> ts_;
    std::vector<TicketEventRef> refs_;
};

}  // namespace zdmock
