#include <zdbackup/core/errc.hpp>
#include <zdbackup/core/run_error.hpp>
#include <zdbackup/net/auth.hpp>
#include <zdbackup/net/tls_context.hpp>
#include <zdbackup/platform/stop_signal.hpp>
#include <zdbackup/zendesk/attachment_queue.hpp>
#include <zdbackup/zendesk/backup_engine.hpp>
#include <zdbackup/zendesk/failure_messages.hpp>
#include <zdbackup/zendesk/resource.hpp>
#include <zdbackup/zendesk/run_context.hpp>
#include <zdbackup/zendesk/stream_runner.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/parse.hpp>
#include <boost/url/parse.hpp>

#include <spdlog/spdlog.h>

#include <deque>
#include <memory>
#include <vector>

namespace zdbackup {

namespace asio = boost::asio;
namespace json = boost::json;
using boost::system::error_code;

namespace {

/// An io_context whose pending coroutines can be destroyed on demand, while the objects they refer
/// to (client, pipeline, progress) are still alive.
class EngineContext : public asio::io_context {
  public:
    EngineContext() : asio::io_context(1) {}
    using asio::io_context::shutdown;
};

net::HostPort host_port_of(const std::string& base_url) {
    auto url = boost::urls::parse_uri(base_url);
    if (!url) throw RunError(ExitCode::usage, "invalid base URL " + base_url);
    net::HostPort server;
    server.host = std::string(url->host_address());
    server.port = url->has_port() ? std::string(url->port()) : "443";
    return server;
}

net::ClientOptions client_options(const Config& config) {
    net::ClientOptions options;
    options.server = host_port_of(config.base_url);
    options.authorization = net::authorization_header(config);
    options.concurrency = config.concurrency;
    options.step_timeout = config.request_timeout;
    options.retry.max_attempts = config.max_retries;
    options.limits.account_rpm = config.rate_limit_rpm;
    options.limits.export_rpm = config.export_rate_limit_rpm;
    return options;
}

/// Checks the credentials before any work: /users/me must name a real admin. With bad credentials
/// Zendesk may answer 200 with an anonymous user instead of 401, so the user's id and role decide.
net::Task<std::string> check_credentials(net::HttpClient& client, net::TransferStats& stats) {
    const std::string target = "/api/v2/users/me.json";
    json::value me;
    // A proxy may serve one odd page, so a few answers that are not the API's are retried; a captive
    // portal or a wrong address answers like that every time and is reported without a long backoff.
    constexpr int kOddAnswersTolerated = 3;
    int odd_answers = 0;
    auto accept = [&](net::HttpResponse& response) -> error_code {
        error_code ec;
        me = json::parse(response.body, ec);
        if (ec || !me.is_object() || !me.as_object().contains("user") || !me.at("user").is_object())
            return ++odd_answers < kOddAnswersTolerated ? errc::bad_payload : errc::not_zendesk;
        return {};
    };
    auto response = co_await client.get(target, Bucket::account, stats, accept);
    if (!response) {
        auto failure = response.error();
        if (failure.ec == errc::not_found) failure.ec = errc::not_zendesk;  // no API at that address
        throw explain_failure(failure);
    }
    const json::object& user = me.at("user").as_object();
    const json::value* id = user.if_contains("id");
    if (!id || id->is_null())
        throw RunError(ExitCode::auth,
                       "authentication failed: Zendesk answered as an anonymous user, so the "
                       "credentials were not accepted: check ZENDESK_EMAIL and ZENDESK_API_TOKEN "
                       "(or ZENDESK_OAUTH_TOKEN)");
    const json::value* role = user.if_contains("role");
    const std::string role_name = role && role->is_string() ? std::string(role->as_string()) : "unknown";
    if (role_name != "admin")
        throw RunError(ExitCode::auth, "the API user has role '" + role_name +
                                           "': zdbackup needs an admin (incremental exports are admin-only)");
    const json::value* name = user.if_contains("name");
    co_return (name && name->is_string() ? std::string(name->as_string()) : "?") + " (" + role_name + ")";
}

net::Task<void> queue_wanted_files(RunContext& context, AttachmentQueue& queue) {
    const bool tickets = context.config.kinds.contains("tickets");
    const bool guide = context.config.kinds.contains("guide");
    std::vector<FileEntry> wanted = context.cache.wanted_files(context.run.full);
    for (FileEntry& file : wanted) {
        const bool enabled = file.folder.starts_with("guide") ? guide : tickets;
        if (enabled) co_await queue.push(std::move(file));
    }
}

struct Run {
    const Config& config;
    EngineContext& io;
    net::HttpClient& client;
    const BackupEngine::Inputs& inputs;
    EngineReport& report;
    std::deque<StreamProgress> progress;  // deque: stable addresses for the streams
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    std::exception_ptr failure;
    bool finished = false;

    ProgressSnapshot snapshot() const {
        ProgressSnapshot s;
        s.streams.assign(progress.begin(), progress.end());
        s.pipeline = inputs.writer.counters();
        s.rate_limit_waits = client.requests_that_waited();
        s.elapsed = std::chrono::steady_clock::now() - started;
        return s;
    }

    void fail(std::exception_ptr error) {
        if (!failure) failure = error;
        io.stop();
    }

    StreamProgress& add_progress(std::string_view kind, std::string_view name) {
        StreamProgress stream;
        stream.kind = kind;
        stream.name = name;
        progress.push_back(std::move(stream));
        return progress.back();
    }

    net::Task<void> main() {
        RunContext context{
            config,           client,       inputs.writer, inputs.cache,
            inputs.run,       inputs.saved, report,        [this](std::exception_ptr e) { fail(e); },
            io.get_executor()};
        net::TransferStats preflight;
        report.account = co_await check_credentials(client, preflight);
        spdlog::info("authenticated as {}", report.account);

        std::optional<AttachmentQueue> attachments;
        const bool has_owners = config.kinds.contains("tickets") || config.kinds.contains("guide");
        if (config.kinds.contains("attachments") && has_owners) {
            // A download is two requests in a row (content_url on the Zendesk host, then the storage
            // host): twice the workers keep as many Zendesk-host requests in flight as the other streams
            // do, so attachments alone can keep the account budget busy (measured: 16 workers used 52 of
            // 58 requests/s at 150 ms per answer).
            attachments.emplace(context, add_progress("attachments", "attachments"), 2 * config.concurrency);
            context.attachments = &*attachments;
        }
        std::vector<net::Task<void>> streams;
        for (const Resource& resource : resource_table()) {
            if (!config.kinds.contains(std::string(resource.kind))) continue;
            streams.push_back(run_stream(context, resource, add_progress(resource.kind, resource.name)));
        }
        // Files an interrupted run listed but did not download; a full run also retries refused ones.
        if (attachments) streams.push_back(queue_wanted_files(context, *attachments));
        // Attachment downloads overlap with the streams that find them, and end after them.
        auto producers = [&]() -> net::Task<void> {
            co_await run_all(context, std::move(streams));
            if (attachments) co_await attachments->close();
        };
        std::vector<net::Task<void>> everything;
        everything.push_back(producers());
        if (attachments) everything.push_back(attachments->run());
        co_await run_all(context, std::move(everything));
        co_await inputs.writer.close_input();

        for (const auto& p : progress) report.total += p.transfer;
        report.total += preflight;
        report.streams.assign(progress.begin(), progress.end());
    }
};

net::Task<void> report_progress(Run& run, const BackupEngine::ProgressCallback& on_progress,
                                std::chrono::milliseconds interval) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    for (;;) {
        timer.expires_after(interval);
        auto [ec] = co_await timer.async_wait(net::use_tuple);
        if (ec) co_return;
        on_progress(run.snapshot());
    }
}

/// Keeps the objects of a stopped run alive and reachable until the process exits: destroying them
/// is unsafe (see BackupEngine::run), and holding them here, rather than dropping the pointers, keeps
/// leak checkers from reporting the deliberate abandonment as a leak.
template <class... T>
void abandon(std::unique_ptr<T>&... objects) {
    static std::vector<void*> abandoned;
    (abandoned.push_back(objects.release()), ...);
}

}  // namespace

BackupEngine::BackupEngine(Config config) : config_(std::move(config)) {}
BackupEngine::~BackupEngine() = default;

EngineReport BackupEngine::run(const Inputs& inputs, const ProgressCallback& on_progress,
                               std::chrono::milliseconds progress_interval) {
    EngineReport report;
    auto io = std::make_unique<EngineContext>();
    auto tls = net::make_tls_context(config_.ca_file);
    auto client = std::make_unique<net::HttpClient>(io->get_executor(), *tls, client_options(config_));
    auto run = std::make_unique<Run>(
        Run{config_, *io, *client, inputs, report, {}, std::chrono::steady_clock::now(), nullptr, false});
    bool interrupted = false;

    asio::signal_set signals(*io);
    for (const int number : platform::stop_signal_numbers()) signals.add(number);
    signals.async_wait([&](error_code ec, int) {
        if (ec) return;
        interrupted = true;
        io->stop();
    });
    asio::co_spawn(*io, run->main(), [&](std::exception_ptr error) {
        run->finished = true;
        if (error) run->fail(error);
        io->stop();
    });
    if (on_progress)
        asio::co_spawn(*io, report_progress(*run, on_progress, progress_interval), asio::detached);

    io->run();
    signals.clear();
    const bool succeeded = run->finished && !run->failure && !interrupted;
    if (succeeded) {
        if (on_progress) on_progress(run->snapshot());
        io->shutdown();  // only the progress timer is left; destroy it while what it refers to is alive
        return report;
    }
    // A stopped run leaves coroutines suspended in the middle of their work, waiting on each other's
    // channels. Destroying them in some order would run destructors against frames already gone, so
    // they are abandoned: the process reports the failure and exits right after this.
    const std::exception_ptr failure = run->failure;
    progress_at_failure_ = run->snapshot();  // plain counters: reading them runs no coroutine code
    abandon(io, client, run, tls);
    if (interrupted)
        throw RunError(ExitCode::interrupted, "interrupted: no zip was written; run the same command again");
    if (failure) std::rethrow_exception(failure);
    throw RunError(ExitCode::failure, "the backup stopped before it finished");
}

}  // namespace zdbackup
