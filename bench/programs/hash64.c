/* i64 hashing: splitmix64 and xorshift64* over 10 million values (64-bit multiply, shifts, xor). */
#include "common.h"

static volatile int32_t count = 10000000;

static inline uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

static inline uint64_t xorshift64star(uint64_t x) {
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  return x * 0x2545f4914f6cdd1dull;
}

EXPORT("run") int64_t run(void) {
  uint64_t h = 0, s = 1;
  int n = count;
  for (int i = 0; i < n; i++) {
    s = xorshift64star(s + (uint64_t)i);
    h ^= splitmix64(s);
    h = (h << 7) | (h >> 57);
  }
  return (int64_t)h;
}
