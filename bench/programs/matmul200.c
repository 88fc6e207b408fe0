/* f64 matrix multiply of 200x200 matrices: the classic dense loop nest. */
#include "common.h"

#define N 200
static double a[N * N], b[N * N], c[N * N];
static volatile int32_t reps = 10;

EXPORT("run") double run(void) {
  for (int i = 0; i < N * N; i++) {
    a[i] = (double)(i % 17) * 0.5 - 3.0;
    b[i] = (double)(i % 13) * 0.25 + 1.0;
  }
  double sum = 0;
  int n = reps;
  for (int r = 0; r < n; r++) {
    for (int i = 0; i < N; i++)
      for (int j = 0; j < N; j++) {
        double s = 0;
        for (int k = 0; k < N; k++) s += a[i * N + k] * b[k * N + j];
        c[i * N + j] = s;
      }
    sum += c[(r * 31) % (N * N)];
    a[r] += 1.0;
  }
  return sum;
}
