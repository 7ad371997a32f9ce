#include "DatabaseMigrations.h"

#include "MigrationRunner.h"
#include "PluginHostContext.h"
#include "PluginLoader.h"

namespace aviary {

DatabaseMigrations::DatabaseMigrations(std::string connectionString,
                                       std::vector<Component> components)
    : connectionString_(std::move(connectionString)), components_(std::move(components)) {}

std::vector<DatabaseMigrations::Component> DatabaseMigrations::discover() {
  std::vector<Component> components{{"aviary", "", MigrationRunner::defaultMigrationsDirectory()}};
  for (const auto& manifest : PluginLoader::fromEnvironment().manifests()) {
    const auto directory = manifest.resourceDirectory() / "migrations";
    std::error_code error;
    if (std::filesystem::is_directory(directory, error))
      components.push_back({manifest.id, PluginHostContext::schemaFor(manifest.id), directory});
  }
  return components;
}

std::vector<DatabaseMigrations::Applied> DatabaseMigrations::migrate() const {
  std::vector<Applied> applied;
  for (const auto& component : components_)
    for (auto& migration :
         MigrationRunner(connectionString_, component.directory, component.schema).migrate())
      applied.push_back({component.name, std::move(migration)});
  return applied;
}

std::vector<DatabaseMigrations::Status> DatabaseMigrations::status() const {
  std::vector<Status> rows;
  for (const auto& component : components_)
    for (auto& row :
         MigrationRunner(connectionString_, component.directory, component.schema).status())
      rows.push_back({component.name, std::move(row)});
  return rows;
}

std::vector<std::string> DatabaseMigrations::validate() const {
  std::vector<std::string> problems;
  for (const auto& component : components_)
    for (auto& problem :
         MigrationRunner(connectionString_, component.directory, component.schema).validate())
      problems.push_back(component.name + ": " + problem);
  return problems;
}

}  // namespace aviary
