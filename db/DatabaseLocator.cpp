#include "DatabaseLocator.h"

#include <cstdlib>
#include <fstream>
#include <regex>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "DatabaseMigrations.h"
#include "EmbeddedPostgres.h"
#include "HostConfiguration.h"

namespace aviary {
namespace fs = std::filesystem;

DatabaseTarget DatabaseLocator::locate() {
  if (const char* url = std::getenv("AVIARY_DATABASE_URL"); url != nullptr && *url != '\0')
    return {url, false, {}, "AVIARY_DATABASE_URL"};
  const nlohmann::json configuration = HostConfiguration::load();
  if (configuration.contains("database_url") && configuration["database_url"].is_string())
    return {configuration["database_url"].get<std::string>(),
            false,
            {},
            HostConfiguration::path().string()};
  const fs::path root = EmbeddedPostgres::defaultRoot();
  return {EmbeddedPostgres({root, true}).connectionString(), true, root, "embedded"};
}

DatabaseTarget DatabaseLocator::open() {
  DatabaseTarget target = locate();
  if (target.embedded) {
    EmbeddedPostgres cluster({target.embeddedRoot, true});
    cluster.start();
    DatabaseMigrations(target.connectionString, DatabaseMigrations::discover()).migrate();
  }
  if (const char* role = std::getenv("AVIARY_ROLE"); role != nullptr && *role != '\0')
    target.connectionString = withRole(target.connectionString, role);
  return target;
}

std::string DatabaseLocator::withRole(const std::string& connectionString,
                                      const std::string& role) {
  static const std::regex safeRole("[a-z_][a-z0-9_]*");
  if (!std::regex_match(role, safeRole))
    throw std::runtime_error("AVIARY_ROLE '" + role +
                             "' is not a role name (lower case, digits, _)");
  // libpq's options parameter sets the role for the whole session.
  const bool isUrl = connectionString.find("://") != std::string::npos;
  if (isUrl)
    return connectionString + (connectionString.find('?') == std::string::npos ? "?" : "&") +
           "options=-crole%3D" + role;
  return connectionString + " options='-crole=" + role + "'";
}

std::string DatabaseLocator::redact(const std::string& connectionString) {
  static const std::regex urlPassword(R"(://([^:/@]+):([^@]*)@)");
  static const std::regex keyPassword(R"(password\s*=\s*('[^']*'|\S+))", std::regex::icase);
  std::string redacted = std::regex_replace(connectionString, urlPassword, "://$1:***@");
  return std::regex_replace(redacted, keyPassword, "password=***");
}

}  // namespace aviary
