#include <zdbackup/app/logging.hpp>
#include <zdbackup/core/run_error.hpp>

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace zdbackup {

namespace {

spdlog::level::level_enum console_level(Verbosity verbosity) {
    switch (verbosity) {
        case Verbosity::quiet:
            return spdlog::level::err;
        case Verbosity::verbose:
            return spdlog::level::debug;
        case Verbosity::normal:
            break;
    }
    return spdlog::level::warn;
}

std::shared_ptr<spdlog::sinks::sink> console_sink(Verbosity verbosity) {
    auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    sink->set_level(console_level(verbosity));
    sink->set_pattern("zdbackup: %l: %v");
    return sink;
}

}  // namespace

void setup_console_logging(Verbosity verbosity) {
    auto logger = std::make_shared<spdlog::logger>("run", console_sink(verbosity));
    logger->set_level(spdlog::level::debug);
    spdlog::set_default_logger(logger);
}

void setup_logging(const std::filesystem::path& logs_dir, Verbosity verbosity) {
    std::error_code ec;
    std::filesystem::create_directories(logs_dir, ec);
    try {
        auto run_file = std::make_shared<spdlog::sinks::basic_file_sink_mt>((logs_dir / "run.log").string());
        run_file->set_level(verbosity == Verbosity::verbose ? spdlog::level::debug : spdlog::level::info);
        auto run = std::make_shared<spdlog::logger>(
            "run", spdlog::sinks_init_list{run_file, console_sink(verbosity)});
        run->set_level(spdlog::level::debug);
        spdlog::set_default_logger(run);
        spdlog::drop("run.file");
        auto run_file_only = std::make_shared<spdlog::logger>("run.file", run_file);
        run_file_only->set_level(spdlog::level::info);
        spdlog::register_logger(run_file_only);
        for (const char* kind : kLogKinds) {
            spdlog::drop(kind);
            auto file = std::make_shared<spdlog::sinks::basic_file_sink_mt>(
                (logs_dir / (std::string(kind) + ".log")).string());
            auto logger = std::make_shared<spdlog::logger>(kind, file);
            logger->set_level(spdlog::level::debug);
            spdlog::register_logger(logger);
        }
        // Logs are best effort: when the disk fills, the failure that matters is reported once, by
        // the part of the run that hit it, not by every log line that could not be written.
        spdlog::set_error_handler([](const std::string&) {});
        spdlog::flush_every(std::chrono::seconds(2));
    } catch (const spdlog::spdlog_ex& error) {
        throw RunError(ExitCode::local_io, std::string("cannot write logs in ") + logs_dir.string() + " (" +
                                               error.what() + "): check --cache-dir");
    }
}

void close_run_logs() {
    spdlog::drop("run.file");
    for (const char* kind : kLogKinds) spdlog::drop(kind);
    setup_console_logging(Verbosity::normal);
}

void log_to_run_file(bool is_error, std::string_view message) {
    auto logger = spdlog::get("run.file");
    if (!logger) return;
    logger->log(is_error ? spdlog::level::err : spdlog::level::info, "{}", message);
    logger->flush();
}

}  // namespace zdbackup
