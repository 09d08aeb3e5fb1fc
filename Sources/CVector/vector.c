#include "plancov_vector.h"

int plancov_vector_width(void) {
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
    // One load and test of the processor model the C runtime reads at start-up.
    return __builtin_cpu_supports("avx2") ? 8 : 0;
#else
    return 0;
#endif
}
