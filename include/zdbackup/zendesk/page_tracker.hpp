#pragma once
// Enrichment workers finish a page's items in any order, and pages overlap. A page's position may be
// saved only once every item of it, and of every page before it, has been handed to the writer:
// this class says when that happens.

#include <cstdint>
#include <deque>
#include <optional>
#include <string>

namespace zdbackup {

class PageTracker {
  public:
    /// Registers the next page: `items` items, after which the stream continues from `position`.
    /// Returns the page's number for item_done().
    std::uint64_t open_page(std::size_t items, std::string position);

    /// One item of page `page` has been handed to the writer.
    void item_done(std::uint64_t page);

    /// The position of the newest page that is covered (it and all before it done), when it moved
    /// since the last call; nullopt otherwise.
    std::optional<std::string> covered();

  private:
    struct OpenPage {
        std::size_t remaining = 0;
        std::string position;
    };
    std::deque<OpenPage> pages_;
    std::uint64_t first_ = 0;  ///< number of pages_.front()
};

}  // namespace zdbackup
