#include <zdbackup/core/safe_name.hpp>
#include <zdbackup/pipeline/record.hpp>

namespace zdbackup {

std::string FileEntry::zip_path() const {
    return folder + "/" + std::to_string(id) + "/" + safe_file_name(file_name);
}

}  // namespace zdbackup
