#include <zdbackup/app/cli.hpp>
#include <zdbackup/app/config_file.hpp>

#include <gtest/gtest.h>

#include <map>

namespace zdbackup {
namespace {

using Env = std::map<std::string, std::string, std::less<>>;
using Args = std::vector<std::string>;

EnvLookup lookup(const Env& env) {
    return [env](std::string_view name) -> std::optional<std::string> {
        const auto it = env.find(name);
        if (it == env.end()) return std::nullopt;
        return it->second;
    };
}

const Env base_env{
    {"HOME", "/home/u"}, {"ZENDESK_EMAIL", "admin@acme.com"}, {"ZENDESK_API_TOKEN", "envtoken123"}};

Config backup(const Args& args, const Env& env = base_env) {
    const Command cmd = parse_command_line(args, lookup(env));
    const auto* b = std::get_if<BackupCommand>(&cmd);
    if (!b || b->runs.size() != 1) throw std::logic_error("not a backup command of one run");
    return b->runs.front();
}

std::string usage_error(const Args& args, const Env& env = base_env) {
    try {
        parse_command_line(args, lookup(env));
    } catch (const UsageError& e) {
        return e.what();
    }
    return "<no error>";
}

TEST(ParseCommandLine, DefaultsFromSubdomainFlag) {
    const Config c = backup({"backup", "--subdomain", "acme"});
    EXPECT_EQ(c.base_url, "https://acme.zendesk.com");
    EXPECT_EQ(c.email, "admin@acme.com");
    EXPECT_EQ(c.api_token, "envtoken123");
    EXPECT_TRUE(c.oauth_token.empty());
    EXPECT_EQ(c.cache_dir, std::filesystem::path("/home/u/.cache/zdbackup/acme.zendesk.com"));
    EXPECT_TRUE(c.backup_dir.empty());
    EXPECT_TRUE(c.ca_file.empty());
    EXPECT_EQ(c.batch_size, 100u);
    EXPECT_EQ(c.concurrency, 16);
    EXPECT_EQ(c.rate_limit_rpm, 0);
    EXPECT_EQ(c.export_rate_limit_rpm, 10);
    EXPECT_FALSE(c.full);
    EXPECT_EQ(c.kinds.size(), 6u);
    EXPECT_EQ(c.keep, 0);
    EXPECT_EQ(c.verbosity, Verbosity::normal);
    EXPECT_EQ(c.max_retries, 8);
    EXPECT_EQ(c.request_timeout, std::chrono::seconds(60));
}

TEST(ParseCommandLine, FlagBeatsEnvironmentBeatsDefault) {
    Env env = base_env;
    env["ZENDESK_SUBDOMAIN"] = "fromenv";
    env["LOCAL_CACHE_PATH"] = "/env/cache";
    env["BACKUP_PATH"] = "/env/backup";
    env["ZENDESK_CA_FILE"] = "/env/ca.pem";
    Config c = backup({"backup"}, env);
    EXPECT_EQ(c.base_url, "https://fromenv.zendesk.com");
    EXPECT_EQ(c.cache_dir, std::filesystem::path("/env/cache"));
    EXPECT_EQ(c.backup_dir, std::filesystem::path("/env/backup"));
    EXPECT_EQ(c.ca_file, std::filesystem::path("/env/ca.pem"));

    c = backup({"backup", "--subdomain", "flag", "--cache-dir", "/f/cache", "--backup-dir=/f/backup",
                "--ca-file", "/f/ca.pem", "--email", "me@x.com", "--api-token", "flagtoken"},
               env);
    EXPECT_EQ(c.base_url, "https://flag.zendesk.com");
    EXPECT_EQ(c.cache_dir, std::filesystem::path("/f/cache"));
    EXPECT_EQ(c.backup_dir, std::filesystem::path("/f/backup"));
    EXPECT_EQ(c.ca_file, std::filesystem::path("/f/ca.pem"));
    EXPECT_EQ(c.email, "me@x.com");
    EXPECT_EQ(c.api_token, "flagtoken");
}

TEST(ParseCommandLine, EmptyEnvironmentVariableCountsAsUnset) {
    Env env = base_env;
    env["ZENDESK_SUBDOMAIN"] = "acme";
    env["BACKUP_PATH"] = "";
    EXPECT_TRUE(backup({"backup"}, env).backup_dir.empty());
}

TEST(ParseCommandLine, BaseUrlOverridesSubdomain) {
    Env env = base_env;
    env["ZENDESK_SUBDOMAIN"] = "acme";
    env["ZENDESK_BASE_URL"] = "https://127.0.0.1:8443/";
    Config c = backup({"backup"}, env);
    EXPECT_EQ(c.base_url, "https://127.0.0.1:8443");
    EXPECT_EQ(c.cache_dir, std::filesystem::path("/home/u/.cache/zdbackup/127.0.0.1_8443"));
    c = backup({"backup", "--subdomain", "beta", "--base-url", "https://Mock.Local"}, env);
    EXPECT_EQ(c.base_url, "https://mock.local");
    // A subdomain flag beats a base URL from the environment.
    EXPECT_EQ(backup({"backup", "--subdomain", "beta"}, env).base_url, "https://beta.zendesk.com");
}

TEST(ParseCommandLine, RejectsBadBaseUrlsAndSubdomains) {
    for (const char* url : {"http://acme.zendesk.com", "acme.zendesk.com", "https://", "https://u:p@host",
                            "https://host/api", "https://host?x=1", "https://host#f", "ftp://host"})
        EXPECT_NE(usage_error({"backup", "--base-url", url}).find("https"), std::string::npos) << url;
    for (const char* sub : {"acme.zendesk.com", "-acme", "ac me", "a_b", ""})
        EXPECT_NE(usage_error({"backup", "--subdomain", sub}).find("subdomain"), std::string::npos) << sub;
    EXPECT_NE(usage_error({"backup"}).find("--subdomain"), std::string::npos);
}

TEST(ParseCommandLine, OAuthMode) {
    Env env{{"HOME", "/h"}, {"ZENDESK_SUBDOMAIN", "acme"}, {"ZENDESK_OAUTH_TOKEN", "oauthsecret"}};
    Config c = backup({"backup"}, env);
    EXPECT_EQ(c.oauth_token, "oauthsecret");
    EXPECT_TRUE(c.email.empty());
    EXPECT_TRUE(c.api_token.empty());
    // A flag chooses the mode even when the environment holds the other one.
    c = backup({"backup", "--subdomain", "acme", "--oauth-token", "flagoauth"});
    EXPECT_EQ(c.oauth_token, "flagoauth");
    EXPECT_TRUE(c.api_token.empty());
    env["ZENDESK_EMAIL"] = "a@b.c";
    c = backup({"backup", "--api-token", "tok"}, env);
    EXPECT_EQ(c.api_token, "tok");
    EXPECT_EQ(c.email, "a@b.c");
    EXPECT_TRUE(c.oauth_token.empty());
}

TEST(ParseCommandLine, CredentialErrors) {
    const Env none{{"HOME", "/h"}};
    EXPECT_NE(usage_error({"backup", "--subdomain", "acme"}, none).find("no credentials"), std::string::npos);
    EXPECT_NE(usage_error({"backup", "--subdomain", "acme", "--api-token", "tok"}, none).find("email"),
              std::string::npos);
    EXPECT_NE(usage_error({"backup", "--subdomain", "acme", "--email", "a@b.c"}, none).find("API token"),
              std::string::npos);
    EXPECT_NE(
        usage_error({"backup", "--subdomain", "acme", "--api-token", "t1", "--oauth-token", "t2"}, base_env)
            .find("not both"),
        std::string::npos);
    Env both = base_env;
    both["ZENDESK_OAUTH_TOKEN"] = "o";
    EXPECT_NE(usage_error({"backup", "--subdomain", "acme"}, both).find("both"), std::string::npos);
}

TEST(ParseCommandLine, SecretsNeverAppearInErrors) {
    Env env = base_env;
    env["ZENDESK_OAUTH_TOKEN"] = "oauth-env-secret";
    const std::vector<Args> cases{
        {"backup", "--subdomain", "acme", "--api-token", "s3cr3t-token", "--batch-size", "s3cr3t-token"},
        {"backup", "--subdomain", "acme", "--api-token=s3cr3t-token", "s3cr3t-token"},
        {"backup", "--subdomain", "acme", "--api-tokn=s3cr3t-token"},
        {"backup", "--subdomain", "acme", "--api-token", "s3cr3t-token", "--oauth-token", "oauth-env-secret"},
        {"backup", "--subdomain", "acme", "--email", "s3cr3t-token", "--concurrency", "s3cr3t-token"},
        {"backup", "--subdomain", "acme"},
    };
    for (const Args& args : cases) {
        const std::string msg = usage_error(args, env);
        EXPECT_NE(msg, "<no error>");
        EXPECT_EQ(msg.find("s3cr3t"), std::string::npos) << msg;
        EXPECT_EQ(msg.find("oauth-env-secret"), std::string::npos) << msg;
        EXPECT_EQ(msg.find("envtoken123"), std::string::npos) << msg;
    }
}

TEST(ParseCommandLine, Numbers) {
    const Config c = backup({"backup", "--subdomain", "a", "--batch-size", "250", "--concurrency", "4",
                             "--rate-limit", "350.5", "--export-rate-limit", "30", "--keep", "7",
                             "--max-retries", "0", "--timeout", "15"});
    EXPECT_EQ(c.batch_size, 250u);
    EXPECT_EQ(c.concurrency, 4);
    EXPECT_DOUBLE_EQ(c.rate_limit_rpm, 350.5);
    EXPECT_DOUBLE_EQ(c.export_rate_limit_rpm, 30);
    EXPECT_EQ(c.keep, 7);
    EXPECT_EQ(c.max_retries, 0);
    EXPECT_EQ(c.request_timeout, std::chrono::seconds(15));
    for (const Args& bad : std::vector<Args>{{"--batch-size", "0"},
                                             {"--batch-size", "12x"},
                                             {"--concurrency", "65"},
                                             {"--concurrency", "0"},
                                             {"--rate-limit", "-5"},
                                             {"--rate-limit", "nan"},
                                             {"--export-rate-limit", "0"},
                                             {"--keep", "-1"},
                                             {"--timeout", "0"},
                                             {"--max-retries", "1.5"}}) {
        Args args{"backup", "--subdomain", "a"};
        args.insert(args.end(), bad.begin(), bad.end());
        const std::string msg = usage_error(args);
        EXPECT_NE(msg.find(bad[0]), std::string::npos) << msg;
    }
}

TEST(ParseCommandLine, LastRepeatedOptionWins) {
    EXPECT_EQ(backup({"backup", "--subdomain", "a", "--concurrency", "2", "--concurrency", "3"}).concurrency,
              3);
}

TEST(ParseCommandLine, KindsOnlySkipAndNoAttachments) {
    using Kinds = std::set<std::string>;
    EXPECT_EQ(backup({"backup", "--subdomain", "a", "--only", "tickets,users"}).kinds,
              (Kinds{"tickets", "users"}));
    EXPECT_EQ(backup({"backup", "--subdomain", "a", "--only", "tickets", "--only", "guide"}).kinds,
              (Kinds{"tickets", "guide"}));
    EXPECT_EQ(backup({"backup", "--subdomain", "a", "--skip", "guide, support_assets"}).kinds,
              (Kinds{"tickets", "users", "organizations", "attachments"}));
    EXPECT_EQ(
        backup({"backup", "--subdomain", "a", "--only", "tickets,attachments", "--no-attachments"}).kinds,
        (Kinds{"tickets"}));
    EXPECT_EQ(backup({"backup", "--subdomain", "a", "--no-attachments"}).kinds.count("attachments"), 0u);
    EXPECT_NE(
        usage_error({"backup", "--subdomain", "a", "--only", "tickets,bogus"}).find("unknown kind 'bogus'"),
        std::string::npos);
    EXPECT_NE(
        usage_error({"backup", "--subdomain", "a", "--only", "tickets", "--skip", "tickets"}).find("nothing"),
        std::string::npos);
}

TEST(ParseCommandLine, FlagsAndVerbosity) {
    const Config c = backup({"backup", "--subdomain", "a", "--full", "--quiet"});
    EXPECT_TRUE(c.full);
    EXPECT_EQ(c.verbosity, Verbosity::quiet);
    EXPECT_EQ(backup({"backup", "--subdomain", "a", "--verbose"}).verbosity, Verbosity::verbose);
    EXPECT_NE(usage_error({"backup", "--subdomain", "a", "--quiet", "--verbose"}).find("--quiet"),
              std::string::npos);
}

TEST(ParseCommandLine, DefaultCacheDirFromXdgOrHome) {
    Env env = base_env;
    env["ZENDESK_SUBDOMAIN"] = "acme";
#if !defined(_WIN32) && !defined(__APPLE__)
    env["XDG_CACHE_HOME"] = "/xdg";
    EXPECT_EQ(backup({"backup"}, env).cache_dir, std::filesystem::path("/xdg/zdbackup/acme.zendesk.com"));
    env["XDG_CACHE_HOME"] = "relative/ignored";
    EXPECT_EQ(backup({"backup"}, env).cache_dir,
              std::filesystem::path("/home/u/.cache/zdbackup/acme.zendesk.com"));
    env.erase("HOME");
    env.erase("XDG_CACHE_HOME");
    EXPECT_NE(usage_error({"backup"}, env).find("--cache-dir"), std::string::npos);
#endif
    env["LOCAL_CACHE_PATH"] = "/explicit";
    EXPECT_EQ(backup({"backup"}, env).cache_dir, std::filesystem::path("/explicit"));
}

TEST(ParseCommandLine, UnknownOptionsAndArguments) {
    EXPECT_NE(usage_error({"backup", "--subdomain", "a", "--frobnicate"}).find("unknown option --frobnicate"),
              std::string::npos);
    EXPECT_NE(usage_error({"backup", "--subdomain", "a", "stray"}).find("unexpected argument"),
              std::string::npos);
    EXPECT_NE(usage_error({"restore"}).find("unexpected argument"), std::string::npos);
    EXPECT_NE(usage_error({}).find("no command"), std::string::npos);
    EXPECT_NE(usage_error({"--subdomain", "a"}).find("unknown option --subdomain"), std::string::npos);
}

TEST(ParseCommandLine, Verify) {
    const Command cmd = parse_command_line({"verify", "/tmp/z.zip"}, lookup({}));
    ASSERT_TRUE(std::holds_alternative<VerifyCommand>(cmd));
    EXPECT_EQ(std::get<VerifyCommand>(cmd).zip, std::filesystem::path("/tmp/z.zip"));
    EXPECT_NE(usage_error({"verify"}, {}).find("verify needs"), std::string::npos);
    EXPECT_NE(usage_error({"verify", "a.zip", "b.zip"}, {}).find("unexpected argument"), std::string::npos);
}

TEST(ParseCommandLine, HelpAndVersion) {
    for (const Args& args :
         std::vector<Args>{{"--help"}, {"-h"}, {"backup", "--help"}, {"verify", "--help"}}) {
        const Command cmd = parse_command_line(args, lookup({}));
        ASSERT_TRUE(std::holds_alternative<HelpCommand>(cmd));
    }
    EXPECT_TRUE(std::holds_alternative<VersionCommand>(parse_command_line({"--version"}, lookup({}))));
    EXPECT_EQ(version_text(), std::string("zdbackup ") + ZDB_VERSION);
}

TEST(HelpText, ListsOptionsEnvironmentAndExitCodes) {
    const std::string help = help_text();
    for (const char* s : {"SYNOPSIS",
                          "EXAMPLES",
                          "EXIT STATUS",
                          "--subdomain",
                          "ZENDESK_SUBDOMAIN",
                          "--base-url",
                          "ZENDESK_BASE_URL",
                          "ZENDESK_EMAIL",
                          "ZENDESK_API_TOKEN",
                          "ZENDESK_OAUTH_TOKEN",
                          "LOCAL_CACHE_PATH",
                          "BACKUP_PATH",
                          "ZENDESK_CA_FILE",
                          "--batch-size",
                          "--concurrency",
                          "--rate-limit",
                          "--export-rate-limit",
                          "--full",
                          "--only",
                          "--skip",
                          "--no-attachments",
                          "--keep",
                          "--quiet",
                          "--verbose",
                          "--max-retries",
                          "--timeout",
                          "verify ZIP",
                          "--config",
                          "--instance",
                          "--summary-json",
                          "{instance}",
                          "api_token_env",
                          "oauth_token_file",
                          "zdbackup status",
                          "--max-age",
                          "--json"})
        EXPECT_NE(help.find(s), std::string::npos) << s;
    for (const char* code : {"\n    0 ", "\n    1 ", "\n    2 ", "\n    3 ", "\n    4 ", "\n    5 ",
                             "\n    6 ", "\n    7 ", "\n    8 ", "\n    9 ", "\n    10 ", "\n    130 "})
        EXPECT_NE(help.find(code), std::string::npos) << code;
    // Every key the config file accepts is documented.
    for (std::string_view key : config_file_keys()) EXPECT_NE(help.find(key), std::string::npos) << key;
}

TEST(InstanceName, IsFileSystemSafe) {
    EXPECT_EQ(instance_name("https://acme.zendesk.com"), "acme.zendesk.com");
    EXPECT_EQ(instance_name("https://127.0.0.1:8443"), "127.0.0.1_8443");
    EXPECT_EQ(instance_name("https://[::1]:8443"), "___1__8443");
    EXPECT_EQ(instance_name("https://ACME.example"), "acme.example");
}

TEST(CommentsFrom, DefaultsToAutoAndTakesEventsOrTickets) {
    const Args base{"backup", "--subdomain", "acme"};
    const auto source = [&](const Args& extra) {
        Args args = base;
        args.insert(args.end(), extra.begin(), extra.end());
        return backup(args).comments_from;
    };
    EXPECT_EQ(source({}), CommentSource::automatic);
    EXPECT_EQ(source({"--comments-from", "events"}), CommentSource::events);
    EXPECT_EQ(source({"--comments-from", "tickets"}), CommentSource::per_ticket);
    EXPECT_EQ(source({"--comments-from", "auto"}), CommentSource::automatic);
    EXPECT_NE(usage_error({"backup", "--subdomain", "acme", "--comments-from", "audits"})
                  .find("auto, events or tickets"),
              std::string::npos);
}

}  // namespace
}  // namespace zdbackup
