/** Timing helpers for benchmarks: repeated in-process calls and whole-process runs. */

import { spawnSync } from 'node:child_process';

/** What one engine or peer measured on one program. */
export interface Sample {
  /** Wall time of the first call in ms (includes tier-up/compile effects), when measured in-process. */
  readonly firstMs?: number;
  /** Times of the repetitions after the first call, in ms. */
  readonly timesMs: readonly number[];
  /** The checksum the program returned, as text. */
  readonly result: string;
}

/** Minimum of a list. */
export function min(xs: readonly number[]): number {
  return Math.min(...xs);
}

/** Median of a list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Calls `fn` once (first call) and then `reps` more times, timing each call. */
export function timeCalls(fn: () => unknown, reps: number): Sample {
  let t = performance.now();
  const first = fn();
  const firstMs = performance.now() - t;
  const timesMs: number[] = [];
  for (let i = 0; i < reps; i++) {
    t = performance.now();
    fn();
    timesMs.push(performance.now() - t);
  }
  return { firstMs, timesMs, result: String(first) };
}

/** Runs a command `reps` times and times each whole process. Returns null if it cannot be run. */
export function timeProcess(cmd: string, args: readonly string[], reps: number): Sample | null {
  const timesMs: number[] = [];
  let result = '';
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
    const ms = performance.now() - t;
    if (r.error || r.status !== 0) return null;
    timesMs.push(ms);
    result = r.stdout.trim();
  }
  return { timesMs, result };
}
