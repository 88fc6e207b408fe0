/**
 * Observations the differential runner compares across engines, in canonical string form:
 * values (with the NaN rule below), call outcomes (results, traps with their alternative codes,
 * engine errors) and state digests (globals, memory, tables).
 *
 * The NaN rule: f32/f64 values are compared bit for bit, except values the generator marked
 * inexact (results of arithmetic whose NaN payload and sign the spec leaves nondeterministic). An
 * inexact NaN is rendered as `nan` when quiet and `snan` when signalling: payload and sign are not
 * compared, but the quiet bit is, because every NaN the spec lets an engine choose is an
 * arithmetic (quiet) NaN, and a NaN that is not chosen (one passed along bit-preserving paths) is
 * the same on every engine. A NaN never agrees with a number. Values that reach the host through a
 * bit-preserving path only (constants, loads, stores, reinterpretations, abs/neg/copysign, select,
 * locals, globals, parameters) are exact.
 */

import { Trap, type TrapCode } from '../api/errors.js';
import type { Value } from '../api/values.js';
import { isF32NaNBits, isF64NaNBits } from '../util/float-bits.js';

/** Names of reference values: function objects by export name, host objects by number. */
export type RefNames = ReadonlyMap<unknown, string>;

const hex32 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');
const hex64 = (n: bigint): string => BigInt.asUintN(64, n).toString(16).padStart(16, '0');

/** The canonical string of a value; `inexact` applies the NaN rule. */
export function observeValue(v: Value, inexact: boolean, names: RefNames): string {
  switch (v.type) {
    case 'i32':
      return `i32:${hex32(v.value)}`;
    case 'i64':
      return `i64:${hex64(v.value)}`;
    case 'f32':
      if (inexact && isF32NaNBits(v.bits)) return (v.bits & 0x00400000) !== 0 ? 'f32:nan' : 'f32:snan';
      return `f32:${hex32(v.bits)}`;
    case 'f64':
      if (inexact && isF64NaNBits(v.bits)) return (v.bits & 0x0008000000000000n) !== 0n ? 'f64:nan' : 'f64:snan';
      return `f64:${hex64(v.bits)}`;
    case 'v128':
      return `v128:${[...v.bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
    case 'funcref':
    case 'externref':
      return `${v.type}:${v.value === null ? 'null' : (names.get(v.value) ?? '?')}`;
  }
}

/** What one call (or the instantiation) did on one engine. */
export type Outcome =
  | { readonly kind: 'ok'; readonly values: readonly string[] }
  /** `codes`: the trap's code first, then the alternatives the engine could not rule out. */
  | { readonly kind: 'trap'; readonly codes: readonly TrapCode[]; readonly message: string }
  /** Anything thrown that is not a Trap: always a bug of the engine (or of the harness). */
  | { readonly kind: 'error'; readonly message: string };

/** The outcome of an exception thrown by an engine. */
export function outcomeOfError(e: unknown): Outcome {
  if (e instanceof Trap) return { kind: 'trap', codes: [e.code, ...e.alternatives], message: e.message };
  const err = e as { name?: unknown; message?: unknown };
  const name = typeof err?.name === 'string' ? err.name : 'Error';
  const message = typeof err?.message === 'string' ? err.message : String(e);
  return { kind: 'error', message: `${name}: ${message}` };
}

/**
 * True when two outcomes agree: equal results, or traps whose possible codes intersect (the native
 * engine reports several codes for some host messages). Errors never agree with anything.
 */
export function outcomesAgree(a: Outcome, b: Outcome): boolean {
  if (a.kind === 'ok' && b.kind === 'ok') {
    return a.values.length === b.values.length && a.values.every((v, i) => v === b.values[i]);
  }
  if (a.kind === 'trap' && b.kind === 'trap') return a.codes.some((c) => b.codes.includes(c));
  return false;
}

/** A short description of an outcome for reports. */
export function describeOutcome(o: Outcome): string {
  switch (o.kind) {
    case 'ok':
      return `ok [${o.values.join(', ')}]`;
    case 'trap':
      return `trap "${o.codes[0]}"${o.codes.length > 1 ? ` (or ${o.codes.slice(1).map((c) => `"${c}"`).join(', ')})` : ''}`;
    case 'error':
      return `error ${o.message}`;
  }
}

/** A 64-bit hash (as 16 hex digits) of a byte array: two 32-bit multiplicative lanes. */
export function hashBytes(bytes: Uint8Array): string {
  let h1 = 0x811c9dc5 ^ bytes.length;
  let h2 = 0x9747b28c ^ Math.imul(bytes.length, 0x5bd1e995);
  const words = bytes.length >>> 2;
  // Note: memories are page-sized and aligned, so the word loop usually covers everything; it
  // dominates the fuzzer's time, hence the typed-array view instead of a DataView.
  const u32 =
    bytes.byteOffset % 4 === 0
      ? new Uint32Array(bytes.buffer, bytes.byteOffset, words)
      : new Uint32Array(bytes.slice(0, words * 4).buffer);
  for (let i = 0; i < words; i++) {
    const w = u32[i]!;
    h1 = Math.imul(h1 ^ w, 0x01000193);
    h2 = (Math.imul(h2 ^ w, 0x5bd1e995) + i) | 0;
  }
  for (let i = words * 4; i < bytes.length; i++) {
    h1 = Math.imul(h1 ^ bytes[i]!, 0x01000193);
    h2 = Math.imul(h2 ^ bytes[i]!, 0x5bd1e995);
  }
  h1 ^= h1 >>> 15;
  h2 ^= h2 >>> 13;
  return hex32(h1) + hex32(h2);
}

/** A snapshot of an instance's observable state. */
export interface StateSnapshot {
  /** Exported globals by name, as canonical values. */
  readonly globals: Readonly<Record<string, string>>;
  /** The memory's size in pages and content hash, or null without memory. */
  readonly memory: { readonly pages: number; readonly hash: string } | null;
  /** Exported tables by name: length and a hash of the element names. */
  readonly tables: Readonly<Record<string, { readonly length: number; readonly hash: string }>>;
  /** Set when reading the state threw (an engine error). */
  readonly error?: string;
}

/** The canonical string of a snapshot (equal strings mean equal states). */
export function stateKey(s: StateSnapshot): string {
  return JSON.stringify(s);
}

/** Describes how two snapshots differ (the first few differences). */
export function diffStates(a: StateSnapshot, b: StateSnapshot): string {
  const out: string[] = [];
  if (a.error !== b.error) out.push(`reading the state: ${a.error ?? 'ok'} vs ${b.error ?? 'ok'}`);
  for (const k of new Set([...Object.keys(a.globals), ...Object.keys(b.globals)])) {
    if (a.globals[k] !== b.globals[k]) out.push(`global ${k}: ${a.globals[k]} vs ${b.globals[k]}`);
  }
  if (JSON.stringify(a.memory) !== JSON.stringify(b.memory)) {
    out.push(`memory: ${JSON.stringify(a.memory)} vs ${JSON.stringify(b.memory)}`);
  }
  for (const k of new Set([...Object.keys(a.tables), ...Object.keys(b.tables)])) {
    if (JSON.stringify(a.tables[k]) !== JSON.stringify(b.tables[k])) {
      out.push(`table ${k}: ${JSON.stringify(a.tables[k])} vs ${JSON.stringify(b.tables[k])}`);
    }
  }
  return out.slice(0, 6).join('; ');
}
