#pragma once
// One "mutation step" of the mock account (POST /__mock/mutate, Dataset::mutate): what to change and what
// changed. No HTTP here beyond parsing the query and writing the JSON answer.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "zdmock/query.hpp"

namespace zdmock {

/// How many records of each kind one step changes; all default to 0.
struct Mutation {
    std::int64_t update_tickets = 0;        ///< each gets one new comment; moves to the export's end
    std::int64_t add_tickets = 0;           ///< new ids after the current maximum
    std::int64_t delete_tickets = 0;        ///< status becomes "deleted"; comments answer 404
    std::int64_t update_users = 0;          ///< updated_at and notes change
    std::int64_t update_organizations = 0;  ///< updated_at and notes change
    std::int64_t update_articles = 0;       ///< updated_at, edited_at, title, body and the en-us translation
};

/// What one step changed. Id lists are ascending.
struct MutationResult {
    std::int64_t step = 0;  ///< 1 for the first mutation of a dataset
    std::int64_t time = 0;  ///< the step's virtual time (epoch seconds): every changed timestamp
    std::vector<std::int64_t> updated_tickets, added_tickets, deleted_tickets;
    std::vector<std::int64_t> updated_users, updated_organizations, updated_articles;
    /// Comments created by the step: one per updated ticket plus every comment of the added tickets.
    std::int64_t new_comments = 0;
    /// Attachments of those comments (inline images included), in comment order.
    std::vector<std::int64_t> new_attachments;
};

/// The Mutation of a /__mock/mutate query. Unknown parameters, non-integers and negative values are
/// errors: nullopt with `error` set.
std::optional<Mutation> parse_mutation(const Query& query, std::string& error);

/// {"step","time","updated_tickets","added_tickets","deleted_tickets","updated_users",
///  "updated_organizations","updated_articles","new_comments","new_attachments"}
std::string mutation_result_json(const MutationResult& result);

}  // namespace zdmock
