/* Bubble sort of 1000 integers, repeated: branchy i32 code over memory. */
#include "common.h"

#define N 1000
static int32_t data[N];
static volatile int32_t reps = 60;

EXPORT("run") int32_t run(void) {
  int32_t check = 0;
  uint32_t seed = 12345;
  int n = reps;
  for (int r = 0; r < n; r++) {
    for (int i = 0; i < N; i++) {
      seed = seed * 1103515245u + 12345u;
      data[i] = (int32_t)(seed >> 8);
    }
    for (int i = 0; i < N - 1; i++)
      for (int j = 0; j < N - 1 - i; j++)
        if (data[j] > data[j + 1]) {
          int32_t t = data[j];
          data[j] = data[j + 1];
          data[j + 1] = t;
        }
    check += data[r % N] ^ data[N - 1];
  }
  return check;
}
