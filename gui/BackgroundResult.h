#pragma once

#include <QString>
#include <exception>
#include <optional>

namespace aviary::gui {

// What a worker thread hands back: the value, or the error's own message (QtConcurrent would
// otherwise replace a std::exception by an anonymous QUnhandledException).
template <typename T>
struct BackgroundResult {
  std::optional<T> value;
  QString error;

  template <typename Work>
  static BackgroundResult run(Work&& work) {
    BackgroundResult result;
    try {
      result.value = work();
    } catch (const std::exception& e) {
      result.error = QString::fromUtf8(e.what());
    } catch (...) {
      result.error = QStringLiteral("unknown error");
    }
    return result;
  }
};

}  // namespace aviary::gui
