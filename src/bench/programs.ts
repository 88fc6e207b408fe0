/** The benchmark kernels kpio measures: C sources in `bench/programs/`, built with clang-19. */

/** One benchmark kernel. Each exports a parameterless `run` returning a checksum. */
export interface BenchProgram {
  readonly name: string;
  /** Source file under `bench/programs/`. */
  readonly source: string;
  /** The value class that dominates it (the JIT's targets differ for i64). */
  readonly kind: 'i32' | 'f64' | 'i64' | 'mixed';
  readonly description: string;
}

/** The benchmark set, in table order. */
export const BENCH_PROGRAMS: readonly BenchProgram[] = [
  { name: 'fib', source: 'fib.c', kind: 'i32', description: 'recursive fib(35)' },
  { name: 'matmul4', source: 'matmul4.c', kind: 'f64', description: '4x4 f64 matrix multiply x2M' },
  { name: 'bubble', source: 'bubble.c', kind: 'i32', description: 'bubble sort of 1000 ints x60' },
  { name: 'matmul200', source: 'matmul200.c', kind: 'f64', description: 'f64 matmul 200x200 x10' },
  { name: 'sieve', source: 'sieve.c', kind: 'i32', description: 'sieve of Eratosthenes to 8M x3' },
  { name: 'hash64', source: 'hash64.c', kind: 'i64', description: 'splitmix64/xorshift64* over 10M values' },
  { name: 'mixed', source: 'mixed.c', kind: 'mixed', description: 'lists, matrices, state machine, CRC x2000' },
];
