#pragma once
// The tickets stream: the ticket export, then every changed ticket's comments from the source the
// planner picks for it (the ticket events export or one request per ticket), both budgets at once.

#include <zdbackup/zendesk/resource.hpp>
#include <zdbackup/zendesk/run_context.hpp>

namespace zdbackup {

/// Errors: throws RunError when the stream cannot be completed.
net::Task<void> run_ticket_stream(RunContext& context, const Resource& resource, StreamProgress& progress);

}  // namespace zdbackup
