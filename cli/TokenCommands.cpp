#include <iostream>

#include <CLI/CLI.hpp>

#include "ChannelTokenStore.h"
#include "CommandError.h"
#include "CommandGroups.h"
#include "DatabaseLocator.h"

namespace aviary::cli {
namespace {

void createToken(const std::string& channel, const std::string& note) {
  ChannelTokenStore store(DatabaseLocator::open().connectionString);
  ChannelTokenStore::Created created;
  try {
    created = store.create(channel, note);
  } catch (const std::invalid_argument& error) {
    throw CommandError(error.what(), 2);
  }
  // The token goes to stdout alone, so `TOKEN=$(aviary token create ...)` works.
  std::cout << created.token << "\n";
  std::cerr << "token " << created.id << " for channel " << channel
            << " created; it is shown only this once (the database keeps its hash): give it "
               "to the channel as 'Authorization: Bearer <token>'\n";
}

void revokeToken(const std::string& id) {
  ChannelTokenStore store(DatabaseLocator::open().connectionString);
  bool revoked = false;
  try {
    revoked = store.revoke(id);
  } catch (const std::invalid_argument& error) {
    throw CommandError(error.what(), 2);
  }
  if (!revoked) throw CommandError("no live token has id " + id + ": see 'aviary token list'");
  std::cout << "revoked token " << id << "; servers refuse it within 5 seconds\n";
}

void listTokens(bool asJson) {
  const auto tokens = ChannelTokenStore(DatabaseLocator::open().connectionString).list();
  if (asJson) {
    for (const auto& token : tokens) std::cout << token.dump() << "\n";
    return;
  }
  for (const auto& token : tokens)
    std::cout << token["id"].get<std::string>() << "  " << token["channel"].get<std::string>()
              << "  created " << token["created_at"].get<std::string>() << " by "
              << token["created_by"].get<std::string>()
              << (token["revoked_at"].get<std::string>().empty()
                      ? ""
                      : "  REVOKED " + token["revoked_at"].get<std::string>())
              << (token["note"].get<std::string>().empty()
                      ? ""
                      : "  " + token["note"].get<std::string>())
              << "\n";
  if (tokens.empty())
    std::cout << "no tokens: make one with 'aviary token create --channel NAME'\n";
}

}  // namespace

void addTokenCommands(CLI::App& app) {
  CLI::App* group =
      app.add_subcommand("token", "Bearer tokens of lender channels for 'aviary serve'");
  group->require_subcommand(1);
  auto channel = std::make_shared<std::string>();
  auto note = std::make_shared<std::string>();
  auto id = std::make_shared<std::string>();
  auto asJson = std::make_shared<bool>(false);

  auto* create = group->add_subcommand(
      "create", "Make a token for a channel and print it once (only its hash is stored)");
  create->add_option("--channel", *channel, "The channel's name, e.g. wechat-miniapp")->required();
  create->add_option("--note", *note, "Who holds it, for the list");
  create->callback([=] { createToken(*channel, *note); });

  auto* revoke = group->add_subcommand("revoke", "Withdraw a token: requests with it get 401");
  revoke->add_option("ID", *id, "The token's id (12 hex digits, from 'aviary token list')")
      ->required();
  revoke->callback([=] { revokeToken(*id); });

  auto* list = group->add_subcommand("list", "Show tokens: id, channel, created, revoked");
  list->add_flag("--json", *asJson, "One JSON object per token");
  list->callback([=] { listTokens(*asJson); });
}

}  // namespace aviary::cli
