#pragma once

#include <string_view>

namespace zdbackup {

/// Whether deflating pays off for data like `sample` (the start of a file): a fast level-1 trial
/// must save at least 10%. Attachments are often already compressed whatever their name says, and
/// deflating them only burns the writer's CPU.
bool worth_deflating(std::string_view sample);

}  // namespace zdbackup
