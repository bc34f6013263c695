#pragma once

#include <mutex>
#include <string>

#include "zdmock/dataset.hpp"

namespace zdmock {

/// The dataset a running server serves, changeable while requests are in flight (copy-on-write).
/// A request takes one snapshot and uses it for its whole handling, so it never sees half a mutation; a
/// mutation copies the current dataset (per-record arrays only, cheap), changes the copy and swaps it in.
/// Thread safety: all members are safe to call concurrently; mutations are applied one at a time.
class LiveDataset {
  public:
    explicit LiveDataset(DatasetPtr initial);
    /// The current dataset; it stays valid (and unchanged) as long as the pointer is held.
    DatasetPtr snapshot() const;
    /// Applies the next mutation step to a copy and publishes it. Errors: as Dataset::mutate (nothing
    /// published).
    MutationResult mutate(const Mutation& m);
    /// Publishes a copy whose attachment URLs name `base_url` (see Dataset::set_base_url).
    void set_base_url(std::string base_url);

  private:
    void publish(DatasetPtr next);

    std::mutex writer_;         // serialises mutate() and set_base_url()
    mutable std::mutex mutex_;  // guards current_ (held only to copy or swap the pointer)
    DatasetPtr current_;
};

}  // namespace zdmock
