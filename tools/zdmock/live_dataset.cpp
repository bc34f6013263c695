#include "zdmock/live_dataset.hpp"

#include <utility>

namespace zdmock {

LiveDataset::LiveDataset(DatasetPtr initial) : current_(std::move(initial)) {}

DatasetPtr LiveDataset::snapshot() const {
    std::lock_guard lock(mutex_);
    return current_;
}

void LiveDataset::publish(DatasetPtr next) {
    DatasetPtr old;
    {
        std::lock_guard lock(mutex_);
        old = std::exchange(current_, std::move(next));
    }
    // `old` is released here, outside the lock (or later by the last request still holding it).
}

MutationResult LiveDataset::mutate(const Mutation& m) {
    std::lock_guard writing(writer_);
    auto next = std::make_shared<Dataset>(*snapshot());
    MutationResult result = next->mutate(m);
    publish(std::move(next));
    return result;
}

void LiveDataset::set_base_url(std::string base_url) {
    std::lock_guard writing(writer_);
    auto next = std::make_shared<Dataset>(*snapshot());
    next->set_base_url(std::move(base_url));
    publish(std::move(next));
}

}  // namespace zdmock
