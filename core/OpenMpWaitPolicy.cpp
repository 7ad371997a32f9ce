#include "OpenMpWaitPolicy.h"

#include <unistd.h>

#include <cstdlib>

namespace aviary {

void OpenMpWaitPolicy::passiveOrRestart(char** argv, const char* program) {
  if (std::getenv("OMP_WAIT_POLICY") != nullptr) return;
  if (setenv("OMP_WAIT_POLICY", "passive", 1) != 0) return;
  execv(program, argv);
}

}  // namespace aviary
