#pragma once
// Runs one row of the resource table: pages through its listing and hands every item to the writer,
// enriched when the row asks for it (tickets get their comments).

#include <zdbackup/zendesk/resource.hpp>
#include <zdbackup/zendesk/run_context.hpp>

namespace zdbackup {

/// Errors: throws RunError when the stream cannot be completed.
net::Task<void> run_stream(RunContext& context, const Resource& resource, StreamProgress& progress);

}  // namespace zdbackup
