/* Recursive Fibonacci: call-heavy i32 code. */
#include "common.h"

NOINLINE static int32_t fib(int32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

/* A volatile input keeps the compiler from folding the whole computation. */
static volatile int32_t input = 35;

EXPORT("run") int32_t run(void) { return fib(input); }
