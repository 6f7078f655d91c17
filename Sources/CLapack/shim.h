// Debian puts cblas.h in the multiarch include folder (an alternatives link into
// openblas-pthread/) and lapacke.h in the plain include folder; both are found without
// extra flags. cblas.h also declares openblas_set_num_threads.
#ifndef CAPSIM_CLAPACK_SHIM_H
#define CAPSIM_CLAPACK_SHIM_H
#include <cblas.h>
#include <lapacke.h>

// LAPACKE declares lapack_int as a macro (int32_t, or int64_t in ILP64 builds), which
// Swift does not import; this typedef gives Swift the width this build really uses.
typedef lapack_int capsim_lapack_int;
#endif
