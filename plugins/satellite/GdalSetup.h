#pragma once

#include <string>

namespace aviary::satellite {

// GDAL's process-wide state, handled so that worker threads never race on it: drivers are
// registered once, before any worker starts, and the reader's settings are made only for the
// calling thread (never with CPLSetConfigOption, which other threads may be reading).
class GdalSetup {
 public:
  // Registers GDAL's drivers once per process; safe to call from any thread, any number of times.
  // It also has glibc keep the heap GDAL frees for reuse (GdalSetup.cpp says why).
  static void registerDrivers();

  // For the lifetime of this object, this thread opens rasters without listing their folder
  // for sidecar files (STAC assets name their files; listing a /vsicurl/ parent costs more
  // than the reads), unless the user set GDAL_DISABLE_READDIR_ON_OPEN themselves.
  // GDAL reports through a handler on the thread: while this object lives, its messages stay
  // off the terminal (no library noise) and lastMessage() gives the latest one for our errors.
  class QuietErrors {
   public:
    QuietErrors();
    ~QuietErrors();
    QuietErrors(const QuietErrors&) = delete;
    QuietErrors& operator=(const QuietErrors&) = delete;
    static std::string lastMessage();
  };

  class ReaderThreadOptions {
   public:
    ReaderThreadOptions();
    ~ReaderThreadOptions();
    ReaderThreadOptions(const ReaderThreadOptions&) = delete;
    ReaderThreadOptions& operator=(const ReaderThreadOptions&) = delete;

   private:
    bool set_ = false;
  };
};

}  // namespace aviary::satellite
