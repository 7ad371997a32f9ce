#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace pqxx {
class connection_base;
}

namespace aviary {

// Bearer tokens of lender channels. A token is 32 random bytes (OpenSSL), shown once when it
// is made; the database keeps only its SHA-256, so a copy of the database lets nobody in.
// A token is named by the first 12 hex digits of its hash (its id in lists, logs, revoke).
class ChannelTokenStore {
 public:
  explicit ChannelTokenStore(std::string connectionString);

  struct Created {
    std::string token;  // the secret: printed once, never stored
    std::string id;     // 12 hex digits of its hash
  };
  Created create(const std::string& channel, const std::string& note = {});
  // False when no live token has this id (or an unambiguous prefix of at least 8 digits).
  bool revoke(const std::string& id);
  // One object per token: id, channel, note, created_at, revoked_at.
  nlohmann::json list() const;

  struct Caller {
    std::string channel;
    std::string tokenId;
  };
  // The channel a live token belongs to; nullopt for an unknown or revoked token. On the
  // caller's connection: a server asks per request and keeps its connections open.
  static std::optional<Caller> authenticate(pqxx::connection_base& connection,
                                            const std::string& token);

  static bool isChannelName(const std::string& channel);
  static std::string tokenHash(const std::string& token);

 private:
  std::string connectionString_;
};

}  // namespace aviary
