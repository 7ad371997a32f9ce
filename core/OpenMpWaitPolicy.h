#pragma once

namespace aviary {

// XGBoost's OpenMP runtime (libgomp) spins its idle threads for a while before they sleep,
// unless OMP_WAIT_POLICY says "passive". It reads that once, when it loads, before main(). On a
// busy machine (a server deciding, other jobs) the spinning threads take the cores the working
// ones need: `aviary satellite train` with 2 threads ran 2.4 times slower on two busy cores.
class OpenMpWaitPolicy {
 public:
  // Unless OMP_WAIT_POLICY is set already (the user's choice, or this program started again),
  // sets it to passive and starts `program` again with `argv`. Returns only when it is set
  // already, or when starting again failed (the program then runs with the spinning default).
  static void passiveOrRestart(char** argv, const char* program = "/proc/self/exe");
};

}  // namespace aviary
