#pragma once

#include <string_view>

namespace zdbackup {

/// Whether deflating pays off for data like `sample` (the start of a file): a fast level-1 trial
/// must save at least 10%. Attachments are often already compressed whatever their name says, and
/// deflating them only burns the writer's CPU.
bool worth_deflating(std::string_view sample);

/// True for content that deflate cannot shrink (images, archives, media, office files): stored as is.
bool is_already_compressed(std::string_view content_type, std::string_view file_name);

}  // namespace zdbackup
