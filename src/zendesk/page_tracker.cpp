#include <zdbackup/zendesk/page_tracker.hpp>

#include <stdexcept>

namespace zdbackup {

std::uint64_t PageTracker::open_page(std::size_t items, std::string position) {
    pages_.push_back({items, std::move(position)});
    return first_ + pages_.size() - 1;
}

void PageTracker::item_done(std::uint64_t page) {
    if (page < first_ || page - first_ >= pages_.size() || pages_[page - first_].remaining == 0)
        throw std::logic_error("PageTracker: item of an unknown or finished page");
    --pages_[page - first_].remaining;
}

std::optional<std::string> PageTracker::covered() {
    std::optional<std::string> position;
    while (!pages_.empty() && pages_.front().remaining == 0) {
        position = std::move(pages_.front().position);
        pages_.pop_front();
        ++first_;
    }
    return position;
}

}  // namespace zdbackup
