#include "GdalSetup.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal_priv.h>

#include <mutex>

namespace aviary::satellite {
namespace {

constexpr const char* kReadDir = "GDAL_DISABLE_READDIR_ON_OPEN";

}  // namespace

void GdalSetup::registerDrivers() {
  // GDALAllRegister is not safe to run from two threads at once (two workers opening their
  // first scene together crashed in libgdal).
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

GdalSetup::QuietErrors::QuietErrors() {
  CPLPushErrorHandler(CPLQuietErrorHandler);
}

GdalSetup::QuietErrors::~QuietErrors() {
  CPLPopErrorHandler();
}

std::string GdalSetup::QuietErrors::lastMessage() {
  const std::string m = CPLGetLastErrorMsg();
  return m.empty() ? "unknown GDAL error" : m;
}

GdalSetup::ReaderThreadOptions::ReaderThreadOptions() {
  // Set by the user (environment, --config) or by an enclosing ReaderThreadOptions: keep it.
  if (CPLGetConfigOption(kReadDir, nullptr)) return;
  CPLSetThreadLocalConfigOption(kReadDir, "EMPTY_DIR");
  set_ = true;
}

GdalSetup::ReaderThreadOptions::~ReaderThreadOptions() {
  if (set_) CPLSetThreadLocalConfigOption(kReadDir, nullptr);
}

}  // namespace aviary::satellite
