/* Shared helpers for kpio's benchmark kernels: each kernel exports a parameterless `run` that returns
   a checksum, so every engine and peer (including wabt's wasm-interp --run-all-exports) can call it. */
#ifndef KPIO_BENCH_COMMON_H
#define KPIO_BENCH_COMMON_H
#include <stdint.h>
#define EXPORT(name) __attribute__((export_name(name)))
#define NOINLINE __attribute__((noinline))
#endif
