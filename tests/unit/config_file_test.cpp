// The config file (--config) and how its settings meet flags and the environment.

#include <zdbackup/app/cli.hpp>
#include <zdbackup/app/config_file.hpp>
#include <zdbackup/app/zip_names.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>

#include <zdbackup/platform/process.hpp>

namespace zdbackup {
namespace {

namespace fs = std::filesystem;
using Env = std::map<std::string, std::string, std::less<>>;
using Args = std::vector<std::string>;

/// A fake file system: path → contents; `shared` marks files others may read.
struct Files {
    std::map<fs::path, std::string> text;
    std::set<fs::path> shared;

    FileReader reader() const {
        return [this](const fs::path& p) -> std::optional<FileContents> {
            const auto it = text.find(p);
            if (it == text.end()) return std::nullopt;
            return FileContents{it->second, shared.contains(p)};
        };
    }
};

EnvLookup lookup(const Env& env) {
    return [env](std::string_view name) -> std::optional<std::string> {
        const auto it = env.find(name);
        if (it == env.end()) return std::nullopt;
        return it->second;
    };
}

const Env home{{"HOME", "/home/u"}, {"ACME_TOKEN", "acme-secret-1"}, {"GLOBEX_TOKEN", "globex-secret-2"}};

const std::string two_instances = R"({
  // comments are allowed
  "defaults": {"backup_dir": "/backups", "keep": 14, "export_rate_limit": 30},
  "instances": {
    "acme": {"subdomain": "acme", "email": "admin@acme.com", "api_token_env": "ACME_TOKEN", "keep": 7},
    "globex": {"base_url": "https://globex.example", "oauth_token_env": "GLOBEX_TOKEN"},
  }
})";

const std::string one_instance = R"({"defaults": {"backup_dir": "/file/backup", "ca_file": "/file/ca.pem"},
  "instances": {"acme": {"subdomain": "acme", "email": "file@acme.com", "api_token_env": "ACME_TOKEN",
                          "export_rate_limit": 20, "batch_size": 50}}})";

BackupCommand backup(const Args& args, const Files& files, const Env& env = home) {
    const Command cmd = parse_command_line(args, lookup(env), files.reader());
    return std::get<BackupCommand>(cmd);
}

Files with_config(const std::string& text, const fs::path& path = "/etc/zd.json") {
    Files files;
    files.text[path] = text;
    return files;
}

std::string usage_error(const Args& args, const Files& files, const Env& env = home) {
    try {
        parse_command_line(args, lookup(env), files.reader());
    } catch (const UsageError& e) {
        return e.what();
    }
    return "<no error>";
}

std::string file_error(const std::string& text) {
    try {
        parse_config_file(text, "/etc/zd.json");
    } catch (const UsageError& e) {
        return e.what();
    }
    return "<no error>";
}

TEST(ConfigFile, InstancesInFileOrderWithDefaultsUnderTheirOwnSettings) {
    const ConfigFile file = parse_config_file(two_instances, "/etc/zd.json");
    ASSERT_EQ(file.instances.size(), 2u);
    EXPECT_EQ(file.instances[0].name, "acme");
    EXPECT_EQ(file.instances[1].name, "globex");
    EXPECT_EQ(file.instances[0].get("keep"), "7");   // the instance beats "defaults"
    EXPECT_EQ(file.instances[1].get("keep"), "14");  // "defaults" fills the gap
    EXPECT_EQ(file.instances[1].get("export_rate_limit"), "30");
    EXPECT_EQ(file.instances[1].get("subdomain"), std::nullopt);
}

TEST(ConfigFile, UnknownKeysNameTheKeyAndTheFile) {
    std::string e = file_error(R"({"instances": {"a": {"subdomain": "a", "kepp": 3}}})");
    EXPECT_NE(e.find("\"kepp\""), std::string::npos) << e;
    EXPECT_NE(e.find("/etc/zd.json"), std::string::npos) << e;
    e = file_error(R"({"defaults": {"backupdir": "x"}, "instances": {"a": {"subdomain": "a"}}})");
    EXPECT_NE(e.find("\"backupdir\""), std::string::npos) << e;
    e = file_error(R"({"instance": {"a": {}}})");
    EXPECT_NE(e.find("\"instance\""), std::string::npos) << e;
    e = file_error(R"({"instances": {"a": {"subdomain": "a", "full": true}}})");
    EXPECT_NE(e.find("--full"), std::string::npos) << e;
}

TEST(ConfigFile, ARepeatedInstanceOrSettingIsRefused) {
    // JSON parsers keep the last of repeated keys: the first "acme" would never be backed up.
    std::string e = file_error(R"({"instances": {"acme": {"subdomain": "a"}, // first
                                                  "acme": {"subdomain": "b"},}})");
    EXPECT_NE(e.find("\"acme\" appears twice"), std::string::npos) << e;
    EXPECT_NE(e.find("/etc/zd.json"), std::string::npos) << e;
    e = file_error(R"({"defaults": {"keep": 2, "keep": 3}, "instances": {"a": {"subdomain": "a"}}})");
    EXPECT_NE(e.find("\"keep\" appears twice"), std::string::npos) << e;
    // The same key in different objects is fine.
    EXPECT_EQ(file_error(R"({"defaults": {"keep": 2}, "instances": {"a": {"subdomain": "a", "keep": 3},
                                                                    "b": {"subdomain": "b", "keep": 3}}})"),
              "<no error>");
}

TEST(ConfigFile, LiteralTokensAreRefusedWithTheFixAndWithoutTheValue) {
    for (const char* key : {"api_token", "oauth_token", "token", "password"}) {
        const std::string e = file_error(std::string(R"({"instances": {"a": {"subdomain": "a", ")") + key +
                                         R"(": "hunter2-secret"}}})");
        EXPECT_NE(e.find("never holds a token"), std::string::npos) << e;
        EXPECT_NE(e.find("_env"), std::string::npos) << e;
        EXPECT_NE(e.find("_file"), std::string::npos) << e;
        EXPECT_EQ(e.find("hunter2"), std::string::npos) << e;
    }
}

TEST(ConfigFile, IdentityAndCredentialsBelongToOneInstance) {
    for (const char* key : {"subdomain", "base_url", "api_token_env", "oauth_token_file"}) {
        const std::string e = file_error(std::string(R"({"defaults": {")") + key +
                                         R"(": "x"}, "instances": {"a": {"subdomain": "a"}}})");
        EXPECT_NE(e.find("move it into that instance"), std::string::npos) << key << ": " << e;
    }
    // An email shared by every instance is fine.
    EXPECT_EQ(file_error(R"({"defaults": {"email": "a@b.c"}, "instances": {"a": {"subdomain": "a"}}})"),
              "<no error>");
}

TEST(ConfigFile, ValuesOfTheWrongTypeAreRefused) {
    for (const char* bad :
         {R"("keep": "14")", R"("keep": 1.5)", R"("rate_limit": "fast")", R"("no_attachments": "yes")",
          R"("only": [1])", R"("backup_dir": "")", R"("cache_dir": 3)"}) {
        const std::string e =
            file_error(std::string(R"({"instances": {"a": {"subdomain": "a", )") + bad + "}}}");
        EXPECT_NE(e.find("must be"), std::string::npos) << bad << ": " << e;
    }
}

TEST(ConfigFile, InstanceNamesAreFileSafeAndDistinctIgnoringCase) {
    for (const char* name : {"a/b", "..", "", "a b", "c:"})
        EXPECT_NE(file_error(std::string(R"({"instances": {")") + name + R"(": {"subdomain": "a"}}})")
                      .find("instance name"),
                  std::string::npos)
            << name;
    EXPECT_NE(file_error(R"({"instances": {"Acme": {"subdomain": "a"}, "acme": {"subdomain": "b"}}})")
                  .find("differ only by case"),
              std::string::npos);
}

TEST(ConfigFile, NotJsonOrNoInstances) {
    EXPECT_NE(file_error("{").find("not valid JSON"), std::string::npos);
    EXPECT_NE(file_error("[]").find("\"instances\""), std::string::npos);
    EXPECT_NE(file_error(R"({"instances": {}})").find("lists no instances"), std::string::npos);
}

TEST(ConfigFile, RelativePathsAreTakenFromTheFilesFolder) {
    const ConfigFile file = parse_config_file(
        R"({"instances": {"a": {"subdomain": "a", "api_token_file": "a.token", "cache_dir": "/abs/cache",
                                "summary_json": "out/{instance}.json"}}})",
        "/etc/zd/config.json");
    EXPECT_EQ(fs::path(*file.instances[0].get("api_token_file")), fs::path("/etc/zd/a.token"));
    EXPECT_EQ(fs::path(*file.instances[0].get("cache_dir")), fs::path("/abs/cache"));
    EXPECT_EQ(fs::path(*file.instances[0].get("summary_json")), fs::path("/etc/zd/out/{instance}.json"));
}

TEST(ConfigPrecedence, FlagBeatsEnvironmentBeatsFileBeatsDefault) {
    const Files files = with_config(one_instance);
    const Args args{"backup", "--config", "/etc/zd.json"};
    // File over default.
    Config c = backup(args, files).runs.at(0);
    EXPECT_EQ(c.backup_dir, fs::path("/file/backup"));
    EXPECT_EQ(c.ca_file, fs::path("/file/ca.pem"));
    EXPECT_EQ(c.email, "file@acme.com");
    EXPECT_EQ(c.api_token, "acme-secret-1");
    EXPECT_EQ(c.export_rate_limit_rpm, 20);
    EXPECT_EQ(c.batch_size, 50u);
    EXPECT_EQ(c.concurrency, 16);  // default: neither flag, environment nor file
    EXPECT_EQ(c.instance, "acme");
    EXPECT_EQ(c.zip_label, "");  // one instance in the file: the usual zip name
    // Environment over file.
    Env env = home;
    env["BACKUP_PATH"] = "/env/backup";
    env["ZENDESK_CA_FILE"] = "/env/ca.pem";
    env["ZENDESK_EMAIL"] = "env@acme.com";
    env["ZENDESK_SUBDOMAIN"] = "envsub";
    c = backup(args, files, env).runs.at(0);
    EXPECT_EQ(c.backup_dir, fs::path("/env/backup"));
    EXPECT_EQ(c.ca_file, fs::path("/env/ca.pem"));
    EXPECT_EQ(c.email, "env@acme.com");
    EXPECT_EQ(c.base_url, "https://envsub.zendesk.com");
    // Flag over environment.
    c = backup({"backup", "--config", "/etc/zd.json", "--backup-dir", "/flag/backup", "--ca-file",
                "/flag/ca.pem", "--email", "flag@acme.com", "--base-url", "https://flag.example",
                "--export-rate-limit", "5", "--batch-size", "7"},
               files, env)
            .runs.at(0);
    EXPECT_EQ(c.backup_dir, fs::path("/flag/backup"));
    EXPECT_EQ(c.ca_file, fs::path("/flag/ca.pem"));
    EXPECT_EQ(c.email, "flag@acme.com");
    EXPECT_EQ(c.base_url, "https://flag.example");
    EXPECT_EQ(c.export_rate_limit_rpm, 5);
    EXPECT_EQ(c.batch_size, 7u);
}

TEST(ConfigPrecedence, BadNumbersInTheFileNameTheKeyAndInstance) {
    const std::string e = usage_error(
        {"backup", "--config", "/etc/zd.json"},
        with_config(
            R"({"instances": {"acme": {"subdomain": "acme", "email": "a@b.c", "api_token_env": "ACME_TOKEN",
                                               "concurrency": 500}}})"));
    EXPECT_NE(e.find("\"concurrency\" in /etc/zd.json, instance acme"), std::string::npos) << e;
    EXPECT_NE(e.find("1 to 64"), std::string::npos) << e;
}

TEST(ConfigPrecedence, TokensFromTheVariableOrFileTheConfigNames) {
    const BackupCommand cmd = backup({"backup", "--config", "/etc/zd.json"}, with_config(two_instances));
    ASSERT_EQ(cmd.runs.size(), 2u);
    EXPECT_EQ(cmd.runs[0].api_token, "acme-secret-1");
    EXPECT_EQ(cmd.runs[0].email, "admin@acme.com");
    EXPECT_TRUE(cmd.runs[0].oauth_token.empty());
    EXPECT_EQ(cmd.runs[1].oauth_token, "globex-secret-2");
    EXPECT_TRUE(cmd.runs[1].api_token.empty());

    Files files =
        with_config(R"({"instances": {"g": {"subdomain": "g", "oauth_token_file": "secrets/g.token"}}})",
                    "/etc/zd/c.json");
    files.text["/etc/zd/secrets/g.token"] = "  file-secret-3\r\n";
    BackupCommand from_file = backup({"backup", "--config", "/etc/zd/c.json"}, files);
    EXPECT_EQ(from_file.runs.at(0).oauth_token, "file-secret-3");  // surrounding whitespace trimmed
    EXPECT_TRUE(from_file.warnings.empty());
    files.shared = {"/etc/zd/secrets/g.token", "/etc/zd/c.json"};
    from_file = backup({"backup", "--config", "/etc/zd/c.json"}, files);
    ASSERT_EQ(from_file.warnings.size(), 2u);
    EXPECT_NE(from_file.warnings[0].find("config file /etc/zd/c.json can be read by other users"),
              std::string::npos);
    EXPECT_NE(from_file.warnings[1].find("token file /etc/zd/secrets/g.token can be read by other users"),
              std::string::npos);
    for (const std::string& w : from_file.warnings) EXPECT_EQ(w.find("file-secret-3"), std::string::npos);
}

TEST(ConfigPrecedence, AMissingTokenReferenceIsAUsageError) {
    Env env = home;
    env.erase("ACME_TOKEN");
    std::string e = usage_error({"backup", "--config", "/etc/zd.json", "--instance", "acme"},
                                with_config(two_instances), env);
    EXPECT_NE(e.find("ACME_TOKEN (named by \"api_token_env\" in /etc/zd.json, instance acme) is not set"),
              std::string::npos)
        << e;
    e = usage_error({"backup", "--config", "/etc/zd.json"},
                    with_config(R"({"instances": {"g": {"subdomain": "g", "oauth_token_file": "/none"}}})"));
    EXPECT_NE(e.find("cannot read the token file /none"), std::string::npos) << e;
    e = usage_error({"backup", "--config", "/etc/zd.json"},
                    with_config(R"({"instances": {"g": {"subdomain": "g", "email": "a@b.c"}}})"));
    EXPECT_NE(e.find("no credentials for /etc/zd.json, instance g"), std::string::npos) << e;
    e = usage_error({"backup", "--config", "/missing.json"}, Files{});
    EXPECT_NE(e.find("cannot read the config file /missing.json"), std::string::npos) << e;
}

TEST(ConfigPrecedence, EnvironmentTokenBeatsTheFilesReferenceAndSaysSo) {
    Env env = home;
    env["ZENDESK_API_TOKEN"] = "env-secret-4";
    const BackupCommand cmd =
        backup({"backup", "--config", "/etc/zd.json", "--instance", "acme"}, with_config(two_instances), env);
    EXPECT_EQ(cmd.runs.at(0).api_token, "env-secret-4");
    ASSERT_EQ(cmd.warnings.size(), 1u);
    EXPECT_NE(cmd.warnings[0].find("ZENDESK_API_TOKEN is used for /etc/zd.json, instance acme"),
              std::string::npos);
    EXPECT_EQ(cmd.warnings[0].find("env-secret-4"), std::string::npos);
}

TEST(ConfigPrecedence, EachInstanceGetsItsOwnCacheAndLabelledZip) {
    const Files files = with_config(two_instances);
    BackupCommand cmd = backup({"backup", "--config", "/etc/zd.json"}, files);
    EXPECT_EQ(cmd.runs[0].cache_dir, fs::path("/home/u/.cache/zdbackup/acme.zendesk.com"));
    EXPECT_EQ(cmd.runs[1].cache_dir, fs::path("/home/u/.cache/zdbackup/globex.example"));
    EXPECT_EQ(cmd.runs[0].zip_label, "acme");
    EXPECT_EQ(cmd.runs[1].zip_label, "globex");
    EXPECT_EQ(cmd.runs[1].backup_dir, fs::path("/backups"));  // shared: the labels keep the zips apart
    // A cache directory given for every instance is their root; --instance does not change where.
    for (const Args& args :
         {Args{"backup", "--config", "/etc/zd.json", "--cache-dir", "/c"},
          Args{"backup", "--config", "/etc/zd.json", "--cache-dir", "/c", "--instance", "globex"}}) {
        cmd = backup(args, files);
        EXPECT_EQ(cmd.runs.back().cache_dir, fs::path("/c/globex"));
        EXPECT_EQ(cmd.runs.back().zip_label, "globex");
    }
    Env env = home;
    env["LOCAL_CACHE_PATH"] = "/envc";
    EXPECT_EQ(backup({"backup", "--config", "/etc/zd.json"}, files, env).runs[0].cache_dir,
              fs::path("/envc/acme"));
    // "cache_dir" of "defaults" is a root too; an instance's own is its cache.
    const Files own = with_config(R"({"defaults": {"cache_dir": "/shared"},
        "instances": {"a": {"subdomain": "a", "oauth_token_env": "ACME_TOKEN"},
                      "b": {"subdomain": "b", "oauth_token_env": "ACME_TOKEN", "cache_dir": "/own/b"}}})");
    cmd = backup({"backup", "--config", "/etc/zd.json"}, own);
    EXPECT_EQ(cmd.runs[0].cache_dir, fs::path("/shared/a"));
    EXPECT_EQ(cmd.runs[1].cache_dir, fs::path("/own/b"));
}

TEST(ConfigPrecedence, SeveralInstancesRefuseIdentityFlagsAndVariables) {
    const Files files = with_config(two_instances);
    for (const Args& extra :
         {Args{"--subdomain", "x"}, Args{"--base-url", "https://x.example"}, Args{"--email", "e@x.com"},
          Args{"--api-token", "flag-secret-5"}, Args{"--oauth-token", "flag-secret-6"}}) {
        Args args{"backup", "--config", "/etc/zd.json"};
        args.insert(args.end(), extra.begin(), extra.end());
        const std::string e = usage_error(args, files);
        EXPECT_NE(e.find(extra[0] + " would apply to every instance of /etc/zd.json"), std::string::npos)
            << e;
        EXPECT_NE(e.find("--instance"), std::string::npos) << e;
        EXPECT_EQ(e.find("secret"), std::string::npos) << e;
        args.insert(args.end(), {"--instance", "acme"});  // one instance: the flag simply wins
        EXPECT_EQ(backup(args, files).runs.size(), 1u);
    }
    for (const char* variable : {"ZENDESK_SUBDOMAIN", "ZENDESK_BASE_URL", "ZENDESK_EMAIL",
                                 "ZENDESK_API_TOKEN", "ZENDESK_OAUTH_TOKEN"}) {
        Env env = home;
        env[variable] = "https://env-secret-7.example";
        const std::string e = usage_error({"backup", "--config", "/etc/zd.json"}, files, env);
        EXPECT_NE(e.find(std::string(variable) + " is set and would apply to every instance"),
                  std::string::npos)
            << e;
        EXPECT_NE(e.find("unset it"), std::string::npos) << e;
        EXPECT_EQ(e.find("env-secret-7"), std::string::npos) << e;
    }
}

TEST(ConfigPrecedence, SummaryJsonPerInstance) {
    const Files files = with_config(two_instances);
    BackupCommand cmd =
        backup({"backup", "--config", "/etc/zd.json", "--summary-json", "/m/{instance}.json"}, files);
    EXPECT_EQ(cmd.runs[0].summary_json, fs::path("/m/acme.json"));
    EXPECT_EQ(cmd.runs[1].summary_json, fs::path("/m/globex.json"));
    const std::string e =
        usage_error({"backup", "--config", "/etc/zd.json", "--summary-json", "/m/s.json"}, files);
    EXPECT_NE(e.find("put {instance} in its name"), std::string::npos) << e;
    cmd = backup({"backup", "--config", "/etc/zd.json", "--summary-json", "/m/s.json", "--instance", "acme"},
                 files);
    EXPECT_EQ(cmd.runs.at(0).summary_json, fs::path("/m/s.json"));
    // Without --config the placeholder is the host-derived name.
    Env env = home;
    env["ZENDESK_API_TOKEN"] = "t0ken";
    env["ZENDESK_EMAIL"] = "a@b.c";
    cmd = backup({"backup", "--subdomain", "acme", "--summary-json", "/m/{instance}.json"}, Files{}, env);
    EXPECT_EQ(cmd.runs.at(0).summary_json, fs::path("/m/acme.zendesk.com.json"));
}

TEST(ConfigPrecedence, InstanceNeedsConfigAndMustExist) {
    EXPECT_NE(usage_error({"backup", "--instance", "acme"}, Files{}).find("--instance needs --config"),
              std::string::npos);
    const std::string e = usage_error({"backup", "--config", "/etc/zd.json", "--instance", "initech"},
                                      with_config(two_instances));
    EXPECT_NE(e.find("no instance \"initech\""), std::string::npos) << e;
    EXPECT_NE(e.find("acme, globex"), std::string::npos) << e;
}

TEST(ConfigPrecedence, KindsFromTheFile) {
    const Files files = with_config(R"({"defaults": {"no_attachments": true},
        "instances": {"a": {"subdomain": "a", "oauth_token_env": "ACME_TOKEN", "only": ["tickets", "users", "attachments"]},
                      "b": {"subdomain": "b", "oauth_token_env": "ACME_TOKEN", "skip": "guide, users",
                            "no_attachments": false}}})");
    const BackupCommand cmd = backup({"backup", "--config", "/etc/zd.json"}, files);
    EXPECT_EQ(cmd.runs[0].kinds, (std::set<std::string>{"tickets", "users"}));
    EXPECT_EQ(cmd.runs[1].kinds,
              (std::set<std::string>{"tickets", "organizations", "support_assets", "attachments"}));
    // A flag replaces the file's list.
    EXPECT_EQ(backup({"backup", "--config", "/etc/zd.json", "--only", "users", "--instance", "a"}, files)
                  .runs[0]
                  .kinds,
              (std::set<std::string>{"users"}));
    const std::string e = usage_error({"backup", "--config", "/etc/zd.json"},
                                      with_config(R"({"instances": {"a": {"subdomain": "a",
                                          "oauth_token_env": "ACME_TOKEN", "skip": ["tickts"]}}})"));
    EXPECT_NE(e.find("\"skip\" in /etc/zd.json, instance a: unknown kind 'tickts'"), std::string::npos) << e;
}

TEST(ConfigPrecedence, StatusChoosesTheCachesBackupUses) {
    const Files files = with_config(two_instances);
    const Env no_credentials{{"HOME", "/home/u"}};  // status needs none
    Command cmd =
        parse_command_line({"status", "--config", "/etc/zd.json"}, lookup(no_credentials), files.reader());
    const auto& all = std::get<StatusCommand>(cmd);
    const BackupCommand runs = backup({"backup", "--config", "/etc/zd.json"}, files);
    ASSERT_EQ(all.targets.size(), 2u);
    for (std::size_t i = 0; i < 2; ++i) {
        EXPECT_EQ(all.targets[i].cache_dir, runs.runs[i].cache_dir);
        EXPECT_EQ(all.targets[i].instance, runs.runs[i].instance);
    }
    cmd = parse_command_line({"status", "--cache-dir", "/c", "--json", "--max-age", "26"},
                             lookup(no_credentials));
    const auto& one = std::get<StatusCommand>(cmd);
    ASSERT_EQ(one.targets.size(), 1u);
    EXPECT_EQ(one.targets[0].cache_dir, fs::path("/c"));
    EXPECT_TRUE(one.json);
    EXPECT_EQ(one.max_age, std::chrono::hours(26));
    cmd = parse_command_line({"status", "--subdomain", "acme"}, lookup(no_credentials));
    EXPECT_EQ(std::get<StatusCommand>(cmd).targets.at(0).cache_dir,
              fs::path("/home/u/.cache/zdbackup/acme.zendesk.com"));
    EXPECT_NE(usage_error({"status", "--max-age", "0", "--cache-dir", "/c"}, Files{}).find("--max-age"),
              std::string::npos);
    EXPECT_NE(usage_error({"status"}, Files{}).find("which cache?"), std::string::npos);
}

TEST(ReadLocalFile, ReadsTheTextAndSeesWhoElseMayReadIt) {
    const fs::path file =
        fs::temp_directory_path() / ("zdb-read-local-" + std::to_string(platform::current_pid()));
    { std::ofstream(file) << "{\"instances\": {}}\n"; }
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
    auto contents = read_local_file(file);
    ASSERT_TRUE(contents);
    EXPECT_EQ(contents->text, "{\"instances\": {}}\n");
#ifndef _WIN32
    EXPECT_FALSE(contents->readable_by_others);
    fs::permissions(file, fs::perms::group_read, fs::perm_options::add);
    EXPECT_TRUE(read_local_file(file)->readable_by_others);
    fs::permissions(file, fs::perms::group_read, fs::perm_options::remove);
    fs::permissions(file, fs::perms::others_read, fs::perm_options::add);
    EXPECT_TRUE(read_local_file(file)->readable_by_others);
#endif
    fs::remove(file);
    EXPECT_FALSE(read_local_file(file));
    EXPECT_FALSE(read_local_file(fs::temp_directory_path()));  // a folder is not a config file
}

TEST(ZipNames, EachInstanceAndRunKindIsItsOwnFamily) {
    EXPECT_EQ(zip_file_name("", "2026-12-04", false), "zendesk_backup_2026-12-04.zip");
    EXPECT_EQ(zip_file_name("acme", "2026-12-04", true), "zendesk_backup_acme_2026-12-04_partial.zip");
    EXPECT_TRUE(in_zip_family("zendesk_backup_2026-12-04.zip", "", false));
    EXPECT_TRUE(in_zip_family("zendesk_backup_acme_2026-12-04.zip", "acme", false));
    EXPECT_TRUE(in_zip_family("zendesk_backup_acme_2026-12-04_partial.zip", "acme", true));
    // Never another family's zip: an unlabelled run must not prune the instances' zips, nor they each other.
    EXPECT_FALSE(in_zip_family("zendesk_backup_acme_2026-12-04.zip", "", false));
    EXPECT_FALSE(in_zip_family("zendesk_backup_acme_b_2026-12-04.zip", "acme", false));
    EXPECT_FALSE(in_zip_family("zendesk_backup_acme_2026-12-04.zip", "acme_b", false));
    EXPECT_FALSE(in_zip_family("zendesk_backup_2026-12-04_2026-12-04.zip", "", false));
    EXPECT_FALSE(in_zip_family("zendesk_backup_acme_2026-12-04_partial.zip", "acme", false));
    EXPECT_FALSE(in_zip_family("zendesk_backup_acme_2026-12-04.zip", "acme", true));
    EXPECT_FALSE(in_zip_family("zendesk_backup_acme_2026-1-04.zip", "acme", false));
    EXPECT_FALSE(in_zip_family("zendesk_backup_acme_2026-12-04.zip.tmp", "acme", false));
}

}  // namespace
}  // namespace zdbackup
