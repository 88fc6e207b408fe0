/* Sieve of Eratosthenes over 8 million numbers: byte stores and tight i32 loops. */
#include "common.h"

#define LIMIT 8000000
static uint8_t composite[LIMIT + 1];
static volatile int32_t reps = 3;

EXPORT("run") int32_t run(void) {
  int32_t count = 0;
  int n = reps;
  for (int r = 0; r < n; r++) {
    for (int i = 0; i <= LIMIT; i++) composite[i] = 0;
    count = 0;
    for (int i = 2; i <= LIMIT; i++) {
      if (composite[i]) continue;
      count++;
      for (int64_t j = (int64_t)i * i; j <= LIMIT; j += i) composite[j] = 1;
    }
  }
  return count;
}
