#include "ApiServer.h"

#include <chrono>
#include <fstream>
#include <sstream>

#include <sys/socket.h>

#include <httplib.h>

#include "ApiProblem.h"
#include "ApiRequestParser.h"

namespace aviary {
namespace {

constexpr const char* kId = R"(/v1/applications/([^/]+))";

// The channel and token id of the request being served, for the log line.
thread_local std::string currentCaller;

std::string pathParameter(const httplib::Request& request, std::size_t index) {
  return index < request.matches.size() ? request.matches[index].str() : std::string();
}

}  // namespace

ApiServer::ApiServer(ApplicationService& service, std::filesystem::path resourceDirectory,
                     LogLine log)
    : service_(service),
      resourceDirectory_(std::move(resourceDirectory)),
      log_(std::move(log)),
      limiter_(service.options().requestsPerMinute, service.options().burst),
      server_(std::make_unique<httplib::Server>()) {
  const int threads = std::max(1, service.options().threads);
  server_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // The library listens with a backlog of 5: when 50 clients connect at once while the
  // accepting thread waits for a core, the kernel drops connections and clients get no
  // answer. Keep the listening socket to give it the system's backlog in bind().
  server_->set_socket_options([this](socket_t socket) {
    httplib::default_socket_options(socket);
    listenSocket_ = socket;
  });
  server_->set_payload_max_length(service.options().maximumRequestBytes);
  server_->set_read_timeout(30);
  server_->set_write_timeout(30);
  // Errors the library answers itself (413, 404, 400) also get a problem document.
  server_->set_error_handler([](const httplib::Request& request, httplib::Response& response) {
    if (!response.body.empty()) return;
    const ApiProblem problem =
        response.status == 413
            ? ApiProblem(413, "Request too large",
                         "the body is larger than this server accepts: send a smaller file "
                         "(photos of a few megabytes are enough)")
        : response.status == 404
            ? ApiProblem(404, "No such route", "see /v1/openapi.json for the routes this API has")
            : ApiProblem(response.status, "Bad request",
                         "the request could not be read as HTTP: check the client");
    sendProblem(response, problem, request.path);
  });
  server_->set_exception_handler(
      [](const httplib::Request& request, httplib::Response& response, std::exception_ptr) {
        sendProblem(response,
                    ApiProblem(500, "Internal error",
                               "the server failed on this request and changed nothing it "
                               "could not finish: try again, and report it if it repeats"),
                    request.path);
      });
  server_->set_logger([this](const httplib::Request& request, const httplib::Response& response) {
    std::ostringstream line;
    line << request.method << " " << request.path << " " << response.status << " "
         << (currentCaller.empty() ? "-" : currentCaller) << " " << request.body.size() << "B";
    log_(line.str());
    currentCaller.clear();
  });
  addRoutes();
  servePublic();
}

ApiServer::~ApiServer() = default;

void ApiServer::sendProblem(httplib::Response& response, const ApiProblem& problem,
                            const std::string& instance) {
  response.status = problem.status();
  if (problem.retryAfterSeconds() > 0)
    response.set_header("Retry-After", std::to_string(problem.retryAfterSeconds()));
  response.set_content(problem.toJson(instance).dump(), ApiProblem::kMediaType);
}

void ApiServer::sendJson(httplib::Response& response, int status, const nlohmann::json& body) {
  response.status = status;
  response.set_content(body.dump(), "application/json");
}

std::string ApiServer::readResource(const std::string& name) const {
  std::ifstream in(resourceDirectory_ / name, std::ios::binary);
  if (!in)
    throw ApiProblem(500, "Resource missing",
                     name + " is not installed with this server: reinstall Aviary");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::function<void(const httplib::Request&, httplib::Response&)> ApiServer::guarded(
    Handler handler) {
  return [this, handler](const httplib::Request& request, httplib::Response& response) {
    try {
      const std::string token =
          ApiRequestParser::bearerToken(request.get_header_value("Authorization"));
      if (token.empty()) {
        response.set_header("WWW-Authenticate", "Bearer");
        throw ApiProblem(401, "Token required",
                         "send 'Authorization: Bearer <token>' with the token 'aviary token "
                         "create --channel NAME' printed");
      }
      const auto caller = service_.authenticate(token);
      if (!caller) {
        response.set_header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        throw ApiProblem(401, "Token not accepted",
                         "this token is unknown or revoked: ask the operator for a new one "
                         "('aviary token create')");
      }
      currentCaller = caller->channel + "/" + caller->tokenId;
      if (!limiter_.allow(caller->tokenId)) {
        response.set_header("Retry-After", std::to_string(limiter_.secondsToWait(caller->tokenId)));
        throw ApiProblem(429, "Too many requests",
                         "this token sent more requests than the server allows: wait the "
                         "Retry-After seconds and try again");
      }
      handler(request, response, caller->channel);
    } catch (const ApiProblem& problem) {
      sendProblem(response, problem, request.path);
    } catch (const std::exception& error) {
      log_(std::string("error on ") + request.method + " " + request.path + ": " + error.what());
      sendProblem(response,
                  ApiProblem(500, "Internal error",
                             "the server failed on this request: try again, and report it if "
                             "it repeats"),
                  request.path);
    }
  };
}

void ApiServer::addRoutes() {
  using Request = httplib::Request;
  using Response = httplib::Response;
  const auto id = [](const Request& request) {
    return ApiRequestParser::applicationId(pathParameter(request, 1));
  };
  server_->Post(
      "/v1/applications",
      guarded([this](const Request& request, Response& response, const std::string& channel) {
        const auto reply = service_.open(
            channel, ApiRequestParser::idempotencyKey(request.get_header_value("Idempotency-Key")),
            request.body);
        if (reply.replayed) response.set_header("Idempotent-Replayed", "true");
        response.set_header("Location", "/v1/applications/" + reply.body["id"].dump());
        sendJson(response, reply.status, reply.body);
      }));
  server_->Put(
      std::string(kId) + "/documents/([^/]+)",
      guarded([this, id](const Request& request, Response& response, const std::string& channel) {
        sendJson(response, 200,
                 service_.putDocument(channel, id(request),
                                      ApiRequestParser::documentName(pathParameter(request, 2)),
                                      request.body));
      }));
  server_->Put(
      std::string(kId) + "/parcels",
      guarded([this, id](const Request& request, Response& response, const std::string& channel) {
        sendJson(response, 200, service_.putParcels(channel, id(request), request.body));
      }));
  server_->Put(
      std::string(kId) + "/trade",
      guarded([this, id](const Request& request, Response& response, const std::string& channel) {
        sendJson(response, 200, service_.putTrade(channel, id(request), request.body));
      }));
  server_->Get(
      std::string(kId) + "/interview",
      guarded([this, id](const Request& request, Response& response, const std::string& channel) {
        sendJson(response, 200, service_.nextQuestion(channel, id(request)));
      }));
  server_->Post(
      std::string(kId) + "/interview",
      guarded([this, id](const Request& request, Response& response, const std::string& channel) {
        sendJson(response, 200, service_.answer(channel, id(request), request.body));
      }));
  server_->Post(
      std::string(kId) + "/submit",
      guarded([this, id](const Request& request, Response& response, const std::string& channel) {
        sendJson(response, 200, service_.submit(channel, id(request)));
      }));
  server_->Get(kId, guarded([this, id](const Request& request, Response& response,
                                       const std::string& channel) {
                 sendJson(response, 200, service_.show(channel, id(request)));
               }));
}

void ApiServer::servePublic() {
  using Request = httplib::Request;
  using Response = httplib::Response;
  server_->Get("/v1/health", [this](const Request&, Response& response) {
    sendJson(response, 200, service_.health());
  });
  server_->Get("/v1/openapi.json", [this](const Request& request, Response& response) {
    try {
      response.set_content(readResource("openapi.json"), "application/json");
    } catch (const ApiProblem& problem) {
      sendProblem(response, problem, request.path);
    }
  });
  server_->Get("/apply", [this](const Request& request, Response& response) {
    try {
      response.set_content(readResource("apply.html"), "text/html; charset=utf-8");
      // The page runs only its own script and talks only to this server.
      response.set_header("Content-Security-Policy",
                          "default-src 'self'; script-src 'self' 'unsafe-inline'; "
                          "style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:");
    } catch (const ApiProblem& problem) {
      sendProblem(response, problem, request.path);
    }
  });
}

void ApiServer::bind() {
  const auto& options = service_.options();
  if (options.port == 0) {
    port_ = server_->bind_to_any_port(options.host);
    if (port_ <= 0)
      throw std::runtime_error("cannot listen on " + options.host +
                               ": check the address belongs to this machine");
  } else {
    if (!server_->bind_to_port(options.host, options.port))
      throw std::runtime_error("cannot listen on " + options.host + ":" +
                               std::to_string(options.port) +
                               ": the port is taken or the address is not this machine's; choose "
                               "another with --listen HOST:PORT");
    port_ = options.port;
  }
  // listen() again on a listening socket only changes its backlog (capped by somaxconn).
  if (listenSocket_ >= 0 && ::listen(listenSocket_, SOMAXCONN) != 0)
    log_("could not raise the listen backlog; bursts of connections may be dropped");
}

void ApiServer::run() {
  server_->listen_after_bind();
}

void ApiServer::stop() {
  server_->stop();
}

}  // namespace aviary
