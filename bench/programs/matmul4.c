/* 4x4 f64 matrix multiply, repeated: small dense floating-point kernels. */
#include "common.h"

static volatile int32_t reps = 2000000;

NOINLINE static void mul4(const double *a, const double *b, double *c) {
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 4; j++) {
      double s = 0;
      for (int k = 0; k < 4; k++) s += a[i * 4 + k] * b[k * 4 + j];
      c[i * 4 + j] = s;
    }
}

EXPORT("run") double run(void) {
  double a[16], b[16], c[16];
  for (int i = 0; i < 16; i++) {
    a[i] = (i % 5) * 0.25 + 0.5;
    b[i] = ((i * 7) % 11) * 0.125 - 0.5;
  }
  double acc = 0;
  int n = reps;
  for (int r = 0; r < n; r++) {
    mul4(a, b, c);
    acc += c[r & 15];
    a[r & 15] = c[(r + 3) & 15] * 0.001 + 0.5;
  }
  return acc;
}
