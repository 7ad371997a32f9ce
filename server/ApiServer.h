#pragma once

#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "ApplicationService.h"
#include "RequestRateLimiter.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace aviary {

// The channel's HTTP/JSON API over cpp-httplib: a thread pool serves requests, each with a
// size limit, bearer-token authentication and a per-token rate limit; every refusal is an
// application/problem+json document. Also serves the OpenAPI document and the /apply page.
// Logs one line per request (method, path, status, channel, token id, milliseconds): never
// the Authorization header, a token, or a body.
class ApiServer {
 public:
  using LogLine = std::function<void(const std::string&)>;
  ApiServer(ApplicationService& service, std::filesystem::path resourceDirectory, LogLine log);
  ~ApiServer();

  // Binds the listening socket; throws std::runtime_error saying why it cannot.
  void bind();
  int port() const { return port_; }
  // Serves until stop() (from another thread, e.g. on SIGTERM); in-flight requests finish.
  void run();
  void stop();

 private:
  using Handler =
      std::function<void(const httplib::Request&, httplib::Response&, const std::string& channel)>;
  void addRoutes();
  // Authenticates, rate-limits and turns whatever the handler throws into a problem document.
  std::function<void(const httplib::Request&, httplib::Response&)> guarded(Handler handler);
  void servePublic();
  static void sendProblem(httplib::Response& response, const class ApiProblem& problem,
                          const std::string& instance);
  static void sendJson(httplib::Response& response, int status, const nlohmann::json& body);
  std::string readResource(const std::string& name) const;

  ApplicationService& service_;
  std::filesystem::path resourceDirectory_;
  LogLine log_;
  RequestRateLimiter limiter_;
  std::unique_ptr<httplib::Server> server_;
  int listenSocket_ = -1;
  int port_ = 0;
};

}  // namespace aviary
