#include "ChannelTokenStore.h"

#include <regex>
#include <stdexcept>

#include <openssl/rand.h>
#include <pqxx/pqxx>

#include "Sha256.h"

namespace aviary {
namespace {

std::string hex(const unsigned char* bytes, std::size_t size) {
  static const char* digits = "0123456789abcdef";
  std::string text;
  for (std::size_t i = 0; i < size; ++i) {
    text += digits[bytes[i] >> 4];
    text += digits[bytes[i] & 15];
  }
  return text;
}

}  // namespace

ChannelTokenStore::ChannelTokenStore(std::string connectionString)
    : connectionString_(std::move(connectionString)) {}

bool ChannelTokenStore::isChannelName(const std::string& channel) {
  static const std::regex pattern("^[a-z0-9][a-z0-9_.-]{0,39}$");
  return std::regex_match(channel, pattern);
}

std::string ChannelTokenStore::tokenHash(const std::string& token) {
  return sha256Hex(token);
}

ChannelTokenStore::Created ChannelTokenStore::create(const std::string& channel,
                                                     const std::string& note) {
  if (!isChannelName(channel))
    throw std::invalid_argument("channel '" + channel +
                                "' is not a channel name: use 1-40 lower-case letters, digits, "
                                "'.', '_' or '-', starting with a letter or digit");
  unsigned char random[32];
  if (RAND_bytes(random, sizeof random) != 1)
    throw std::runtime_error("the system's random generator failed: try again");
  Created created;
  created.token = "avy_" + hex(random, sizeof random);
  const std::string hash = tokenHash(created.token);
  created.id = hash.substr(0, 12);
  pqxx::connection connection(connectionString_);
  pqxx::work tx(connection);
  tx.exec_params(
      "INSERT INTO channel_tokens (channel, token_sha256, note) VALUES ($1, $2, NULLIF($3, ''))",
      channel, hash, note);
  tx.exec_params(
      "INSERT INTO audit_log (action, detail) VALUES ('channel_token_created', $1::jsonb)",
      nlohmann::json({{"channel", channel}, {"token_id", created.id}}).dump());
  tx.commit();
  return created;
}

bool ChannelTokenStore::revoke(const std::string& id) {
  if (id.size() < 8 || id.size() > 64 ||
      id.find_first_not_of("0123456789abcdef") != std::string::npos)
    throw std::invalid_argument("'" + id +
                                "' is not a token id: give the 12 hex digits 'aviary token list' "
                                "shows");
  pqxx::connection connection(connectionString_);
  pqxx::work tx(connection);
  const auto live = tx.exec_params(
      "SELECT token_id, channel, left(token_sha256, 12) FROM channel_tokens "
      "WHERE starts_with(token_sha256, $1) AND revoked_at IS NULL",
      id);
  if (live.size() > 1)
    throw std::invalid_argument("token id " + id + " is ambiguous: give more of its digits");
  if (live.empty()) return false;
  tx.exec_params(
      "UPDATE channel_tokens SET revoked_at = now(), revoked_by = session_user WHERE token_id = $1",
      live[0][0].as<std::int64_t>());
  tx.exec_params(
      "INSERT INTO audit_log (action, detail) VALUES ('channel_token_revoked', $1::jsonb)",
      nlohmann::json(
          {{"channel", live[0][1].as<std::string>()}, {"token_id", live[0][2].as<std::string>()}})
          .dump());
  tx.commit();
  return true;
}

nlohmann::json ChannelTokenStore::list() const {
  pqxx::connection connection(connectionString_);
  pqxx::read_transaction tx(connection);
  nlohmann::json tokens = nlohmann::json::array();
  for (const auto& row :
       tx.exec("SELECT left(token_sha256, 12), channel, COALESCE(note, ''), created_at::text, "
               "created_by, COALESCE(revoked_at::text, '') FROM channel_tokens ORDER BY token_id"))
    tokens.push_back({{"id", row[0].as<std::string>()},
                      {"channel", row[1].as<std::string>()},
                      {"note", row[2].as<std::string>()},
                      {"created_at", row[3].as<std::string>()},
                      {"created_by", row[4].as<std::string>()},
                      {"revoked_at", row[5].as<std::string>()}});
  return tokens;
}

std::optional<ChannelTokenStore::Caller> ChannelTokenStore::authenticate(
    pqxx::connection_base& connection, const std::string& token) {
  if (token.size() < 8 || token.size() > 200) return std::nullopt;
  const std::string hash = tokenHash(token);
  pqxx::read_transaction tx(connection);
  const auto rows = tx.exec_params(
      "SELECT channel FROM channel_tokens WHERE token_sha256 = $1 AND revoked_at IS NULL", hash);
  if (rows.empty()) return std::nullopt;
  return Caller{rows[0][0].as<std::string>(), hash.substr(0, 12)};
}

}  // namespace aviary
