#pragma once
// The figures zdbench reads back from zdbackup's summary table (its stdout).

#include <string>

namespace zdbench {

struct SummaryFigures {
    long records = 0;  ///< every row but attachments: tickets, users, organizations, guide, support
    long tickets = 0;
    long attachment_files = 0;
    double downloaded_mb = 0;  ///< "downloaded X MB" (or KB / GB), in MB
    long retries = 0, rate_limited = 0;
};

SummaryFigures read_summary(const std::string& stdout_text);

}  // namespace zdbench
