// Credentials: flags, then ZENDESK_* variables, then the config file's references (a variable's name or
// a file's path; the file itself never holds a token).

#include "cli_options.hpp"

namespace zdbackup::cli {

namespace {

enum class Mode { api_token, oauth };

/// A token reference of the config file ("api_token_env" or "api_token_file" for `kind` "api_token").
struct Reference {
    Setting setting;
    bool is_file = false;
};

std::optional<Reference> file_reference(const Sources& sources, std::string_view kind) {
    const Text none;
    const std::string prefix(kind);
    auto by_env = sources.get(none, "", prefix + "_env");
    auto by_file = sources.get(none, "", prefix + "_file");
    if (by_env && by_file)
        throw UsageError("give either \"" + prefix + "_env\" or \"" + prefix + "_file\" in " +
                         sources.file->origin + ", not both");
    if (by_env) return Reference{*by_env, false};
    if (by_file) return Reference{*by_file, true};
    return std::nullopt;
}

std::string trimmed(std::string text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

/// The token a reference points to. Errors name the variable or file, never a value.
std::string dereference(const Reference& ref, const Sources& sources) {
    if (!ref.is_file) {
        auto token = sources.env(ref.setting.value);
        if (!token)
            throw UsageError(ref.setting.value + " (named by " + ref.setting.source +
                             ") is not set or empty: set it to the token in the environment of the run");
        return trimmed(*token);
    }
    const std::filesystem::path path = ref.setting.value;
    const auto contents = sources.inputs.read ? sources.inputs.read(path) : std::nullopt;
    if (!contents)
        throw UsageError("cannot read the token file " + path.string() + " (named by " + ref.setting.source +
                         ")");
    if (contents->readable_by_others && sources.warnings)
        sources.warnings->push_back("the token file " + path.string() +
                                    " can be read by other users: make it readable by you only (chmod 600)");
    std::string token = trimmed(contents->text);
    if (token.empty()) throw UsageError("the token file " + path.string() + " is empty");
    return token;
}

/// The mode, decided by the highest level that says anything about it: flags, then environment, then file.
Mode choose_mode(const BackupOptions& o, const Sources& sources, const std::optional<Reference>& file_api,
                 const std::optional<Reference>& file_oauth) {
    if (o.api_token.given() && o.oauth_token.given())
        throw UsageError("give either --email with --api-token, or --oauth-token, not both");
    if (o.oauth_token.given()) return Mode::oauth;
    if (o.api_token.given() || o.email.given()) return Mode::api_token;
    const bool env_token = sources.env("ZENDESK_API_TOKEN").has_value();
    const bool env_oauth = sources.env("ZENDESK_OAUTH_TOKEN").has_value();
    if (env_token && env_oauth)
        throw UsageError("both ZENDESK_API_TOKEN and ZENDESK_OAUTH_TOKEN are set; unset one or pass a flag");
    if (env_token || env_oauth) return env_oauth ? Mode::oauth : Mode::api_token;
    if (file_api && file_oauth)
        throw UsageError("give either \"api_token_*\" or \"oauth_token_*\" in " + sources.file->origin +
                         ", not both");
    if (file_api || file_oauth) return file_oauth ? Mode::oauth : Mode::api_token;
    if (sources.file)
        throw UsageError("no credentials for " + sources.file->origin +
                         ": give it \"api_token_env\" or \"api_token_file\" (with \"email\"), or "
                         "\"oauth_token_env\" or \"oauth_token_file\"");
    throw UsageError(
        "no credentials: set --email and --api-token (ZENDESK_EMAIL, ZENDESK_API_TOKEN) or --oauth-token "
        "(ZENDESK_OAUTH_TOKEN)");
}

/// The token: flag, environment, or what the file's reference points to. Says so when a flag or the
/// environment overrides the file's reference: a leftover ZENDESK_API_TOKEN must not go unnoticed.
std::optional<std::string> token(const Text& flag, std::string_view variable,
                                 const std::optional<Reference>& ref, const Sources& sources) {
    const Text none;
    if (auto given = sources.get(flag, variable, "")) {
        if (ref && sources.warnings)
            sources.warnings->push_back(given->source + " is used for " + sources.file->origin +
                                        " instead of " + ref->setting.source);
        return given->value;
    }
    if (ref) return dereference(*ref, sources);
    return std::nullopt;
}

}  // namespace

void resolve_auth(Config& c, const BackupOptions& o, const Sources& sources) {
    const auto file_api = sources.file ? file_reference(sources, "api_token") : std::nullopt;
    const auto file_oauth = sources.file ? file_reference(sources, "oauth_token") : std::nullopt;
    if (choose_mode(o, sources, file_api, file_oauth) == Mode::oauth) {
        const auto oauth = token(o.oauth_token, "ZENDESK_OAUTH_TOKEN", file_oauth, sources);
        if (!oauth || oauth->empty()) throw UsageError("--oauth-token is empty");
        c.oauth_token = *oauth;
        return;
    }
    const auto api = token(o.api_token, "ZENDESK_API_TOKEN", file_api, sources);
    const auto mail = sources.get(o.email, "ZENDESK_EMAIL", "email");
    if (!api || api->empty())
        throw UsageError("missing API token: set --api-token or ZENDESK_API_TOKEN (or use --oauth-token)");
    if (!mail || mail->value.empty())
        throw UsageError(sources.file
                             ? "missing email for API-token authentication: give \"email\" in " +
                                   sources.file->origin
                             : "missing email for API-token authentication: set --email or ZENDESK_EMAIL");
    c.email = mail->value;
    c.api_token = *api;
}

}  // namespace zdbackup::cli
