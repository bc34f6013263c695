#pragma once
// The names of snapshot zips, and which files of a folder belong to one family: the backup folder may be
// shared by several instances (each with its label) and by complete and partial runs, and --keep must
// only ever count and delete the zips of its own family.

#include <filesystem>
#include <string>
#include <string_view>

namespace zdbackup {

/// "zendesk_backup_[<label>_]<date>[_partial].zip"; `label` is empty for a single instance.
std::string zip_file_name(std::string_view label, std::string_view date, bool partial);

/// True when `file_name` is a zip of that family (any date). A file of another label, of the other
/// partial/complete family, or any other name, is not.
bool in_zip_family(std::string_view file_name, std::string_view label, bool partial);

}  // namespace zdbackup
