/**
 * The interpreter engine against the Wasm 2.0 spec scripts, without kpio's text parser: every
 * script is converted by wabt's `wast2json` into a JSON command list plus `.wasm` modules, and the
 * commands run on a fresh interpreter engine per script with a minimal `spectest` module and a
 * small local import resolver (by module name and field from registered instances).
 *
 * Runs: module, register, action (invoke/get), assert_return (nan:canonical / nan:arithmetic and
 * v128 lane patterns), assert_trap, assert_exhaustion, assert_uninstantiable, assert_unlinkable.
 * assert_malformed / assert_invalid test the front end (see spec-front-end.test.ts) and are skipped.
 * Prints passed/failed per script; scripts wast2json 1.0.32 cannot convert are listed.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LinkError, Trap, TrapCode } from '../../src/api/errors.js';
import type { ExternType, ValType } from '../../src/api/types.js';
import type { Extern, Value, WasmFunc, WasmGlobal } from '../../src/api/values.js';
import { createInterpEngine } from '../../src/engine/interp/index.js';
import type { Engine } from '../../src/runtime/engine.js';
import { externTypeOf, matchExtern } from '../../src/runtime/import-match.js';
import { decodeModule } from '../../src/wasm/binary/decoder.js';
import { validateModule } from '../../src/wasm/validate/index.js';
import type { ValidatedModule } from '../../src/wasm/validate/validated-module.js';
import { checkConversion, convertSpecScript, haveWast2json, specCorpusDir, wastFiles } from '../robustness/spec-binaries.js';

interface JsonValue {
  readonly type: string;
  readonly value?: string | readonly string[];
  readonly lane_type?: string;
}

interface JsonAction {
  readonly type: 'invoke' | 'get';
  readonly module?: string;
  readonly field: string;
  readonly args?: readonly JsonValue[];
}

interface JsonCommand {
  readonly type: string;
  readonly line: number;
  readonly filename?: string;
  readonly name?: string;
  readonly as?: string;
  readonly action?: JsonAction;
  readonly expected?: readonly JsonValue[];
  readonly text?: string;
}

type Exports = ReadonlyMap<string, Extern>;

/** Outcome counts of one script. */
interface ScriptResult {
  passed: number;
  failed: number;
  skipped: number;
  failures: string[];
}

const specDir = specCorpusDir();
const enabled = specDir !== null && haveWast2json();

describe.skipIf(!enabled)('spec 2.0 scripts (wast2json) on the interpreter', () => {
  const tmp = enabled ? fs.mkdtempSync(path.join(os.tmpdir(), 'kpio-spec-interp-')) : '';
  const table: string[] = [];
  const notConverted: string[] = [];
  const spelledOut: string[] = [];
  const totals = { passed: 0, failed: 0, skipped: 0 };

  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    console.log(
      [
        `[spec interp] ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped (assert_malformed/assert_invalid)`,
        `[spec interp] not converted by wast2json 1.0.32 (listed in test/expected-failures.json): ${notConverted.join(', ') || 'none'}`,
        `[spec interp] converted after respelling (see SPELLINGS): ${spelledOut.join(', ') || 'none'}`,
        ...table,
      ].join('\n'),
    );
  });

  it.for(enabled ? wastFiles(specDir!) : [])('%s', (file) => {
    const converted = convertSpecScript(specDir!, file, tmp);
    const listed = checkConversion(file, converted);
    if (typeof converted === 'string') {
      notConverted.push(`${file} (${listed})`);
      return;
    }
    if (converted.respelled) spelledOut.push(file);
    const r = runScript(converted.commands as readonly JsonCommand[], converted.dir);
    totals.passed += r.passed;
    totals.failed += r.failed;
    totals.skipped += r.skipped;
    table.push(`  ${file.padEnd(40)} passed ${String(r.passed).padStart(5)}  failed ${String(r.failed).padStart(4)}`);
    expect(r.failures).toEqual([]);
  });
});

/** Runs one converted script on a fresh engine. */
function runScript(commands: readonly JsonCommand[], dir: string): ScriptResult {
  const engine = createInterpEngine({ maxCallDepth: 20_000 });
  const result: ScriptResult = { passed: 0, failed: 0, skipped: 0, failures: [] };
  const registered = new Map<string, Exports>([['spectest', spectest(engine)]]);
  const named = new Map<string, Exports>();
  let current: Exports | null = null;
  const fail = (cmd: JsonCommand, msg: string) => {
    result.failed++;
    result.failures.push(`line ${cmd.line} ${cmd.type}: ${msg}`);
  };

  const instantiate = (cmd: JsonCommand): Exports => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(dir, cmd.filename!)));
    const vm = validateModule(decodeModule(bytes));
    const imports = resolveImports(vm, registered);
    return engine.instantiate(engine.compile(vm, bytes), imports).exports;
  };

  const exportsOf = (name: string | undefined): Exports => {
    const e = name === undefined ? current : named.get(name);
    if (!e) throw new Error(`no module ${name ?? '(current)'}`);
    return e;
  };

  const perform = (a: JsonAction): Value[] => {
    const ex = exportsOf(a.module).get(a.field);
    if (!ex) throw new Error(`no export "${a.field}"`);
    if (a.type === 'get') return [(ex as WasmGlobal).getExact()];
    return (ex as WasmFunc).callExact((a.args ?? []).map(parseValue));
  };

  for (const cmd of commands) {
    try {
      switch (cmd.type) {
        case 'module': {
          current = instantiate(cmd);
          if (cmd.name) named.set(cmd.name, current);
          result.passed++;
          break;
        }
        case 'register':
          registered.set(cmd.as!, exportsOf(cmd.name));
          result.passed++;
          break;
        case 'action':
          perform(cmd.action!);
          result.passed++;
          break;
        case 'assert_return': {
          const got = perform(cmd.action!);
          const want = cmd.expected ?? [];
          const bad = want.length !== got.length ? 'result count' : want.findIndex((w, i) => !matches(w, got[i]!));
          if (bad === -1) result.passed++;
          else fail(cmd, `expected ${JSON.stringify(want)}, got ${show(got)} (${bad})`);
          break;
        }
        case 'assert_trap':
        case 'assert_exhaustion': {
          const want = cmd.text!;
          try {
            const got = perform(cmd.action!);
            fail(cmd, `expected trap "${want}", got ${show(got)}`);
          } catch (e) {
            if (trapMatches(e, want)) result.passed++;
            else fail(cmd, `expected trap "${want}", got ${describeError(e)}`);
          }
          break;
        }
        case 'assert_uninstantiable': {
          try {
            instantiate(cmd);
            fail(cmd, `expected instantiation to trap with "${cmd.text}"`);
          } catch (e) {
            if (trapMatches(e, cmd.text!)) result.passed++;
            else fail(cmd, `expected trap "${cmd.text}", got ${describeError(e)}`);
          }
          break;
        }
        case 'assert_unlinkable': {
          try {
            instantiate(cmd);
            fail(cmd, `expected a link error ("${cmd.text}")`);
          } catch (e) {
            if (e instanceof LinkError) result.passed++;
            else fail(cmd, `expected a link error, got ${describeError(e)}`);
          }
          break;
        }
        case 'assert_malformed':
        case 'assert_invalid':
          result.skipped++;
          break;
        default:
          fail(cmd, `unknown command type ${cmd.type}`);
      }
    } catch (e) {
      fail(cmd, `unexpected ${describeError(e)}`);
      if (cmd.type === 'module') current = null;
    }
  }
  return result;
}

/** The local import resolver: `spectest` and registered instances, with spec import matching. */
function resolveImports(vm: ValidatedModule, registered: ReadonlyMap<string, Exports>): Extern[] {
  const m = vm.module;
  return m.imports.map((imp) => {
    const e = registered.get(imp.module)?.get(imp.name);
    if (!e) throw new LinkError(`unknown import "${imp.module}" "${imp.name}"`);
    const expected: ExternType =
      imp.desc.kind === 'func'
        ? { kind: 'func', type: m.types[imp.desc.typeIdx]! }
        : ({ kind: imp.desc.kind, type: imp.desc.type } as ExternType);
    const why = matchExtern(externTypeOf(e), expected);
    if (why !== null) throw new LinkError(`import "${imp.module}" "${imp.name}": ${why}`);
    return e;
  });
}

/** The `spectest` module of the spec interpreter, made with `engine`. */
function spectest(engine: Engine): Exports {
  const fn = (params: ValType[]) => engine.createHostFunction({ params, results: [] }, () => undefined);
  return new Map<string, Extern>([
    ['print', fn([])],
    ['print_i32', fn(['i32'])],
    ['print_i64', fn(['i64'])],
    ['print_f32', fn(['f32'])],
    ['print_f64', fn(['f64'])],
    ['print_i32_f32', fn(['i32', 'f32'])],
    ['print_f64_f64', fn(['f64', 'f64'])],
    ['global_i32', engine.createGlobal({ valType: 'i32', mutable: false }, { type: 'i32', value: 666 })],
    ['global_i64', engine.createGlobal({ valType: 'i64', mutable: false }, { type: 'i64', value: 666n })],
    ['global_f32', engine.createGlobal({ valType: 'f32', mutable: false }, { type: 'f32', bits: 0x4426a666 })],
    ['global_f64', engine.createGlobal({ valType: 'f64', mutable: false }, { type: 'f64', bits: 0x4084d4cccccccccdn })],
    ['table', engine.createTable({ elemType: 'funcref', limits: { min: 10, max: 20 } })],
    ['memory', engine.createMemory({ limits: { min: 1, max: 2 } })],
  ]);
}

/**
 * Host references of the scripts (`ref.extern N`): the same N is the same reference within and
 * across the scripts, so a plain key object per N suffices.
 */
function externRef(n: number): object {
  const r = EXTERN_REFS[n];
  if (r === undefined) throw new Error(`ref.extern ${n} is beyond the ${EXTERN_REFS.length} prepared references`);
  return r;
}
/** The reference objects for `ref.extern 0..255` (the scripts use small numbers). */
const EXTERN_REFS: readonly object[] = Object.freeze(Array.from({ length: 256 }, (_, n) => Object.freeze({ externref: n })));

/** A JSON argument as an exact value. */
function parseValue(v: JsonValue): Value {
  const s = v.value as string;
  switch (v.type) {
    case 'i32':
      return { type: 'i32', value: Number(BigInt.asIntN(32, BigInt(s))) };
    case 'i64':
      return { type: 'i64', value: BigInt.asIntN(64, BigInt(s)) };
    case 'f32':
      return { type: 'f32', bits: Number(s) >>> 0 };
    case 'f64':
      return { type: 'f64', bits: BigInt.asUintN(64, BigInt(s)) };
    case 'v128':
      return { type: 'v128', bytes: v128Bytes(v.lane_type!, v.value as readonly string[]) };
    case 'funcref':
      if (s !== 'null') throw new Error('funcref arguments other than null are not supported');
      return { type: 'funcref', value: null };
    case 'externref':
      return { type: 'externref', value: s === 'null' ? null : externRef(Number(s)) };
  }
  throw new Error(`unknown value type ${v.type}`);
}

const LANE_BYTES: Readonly<Record<string, number>> = { i8: 1, i16: 2, i32: 4, i64: 8, f32: 4, f64: 8 };

function v128Bytes(laneType: string, lanes: readonly string[]): Uint8Array {
  const size = LANE_BYTES[laneType]!;
  const bytes = new Uint8Array(16);
  lanes.forEach((l, i) => {
    let x = BigInt.asUintN(size * 8, BigInt(l));
    for (let k = 0; k < size; k++) {
      bytes[i * size + k] = Number(x & 0xffn);
      x >>= 8n;
    }
  });
  return bytes;
}

/** Whether an actual exact value matches an expected JSON value (NaN patterns included). */
function matches(want: JsonValue, got: Value): boolean {
  if (got.type !== want.type) return false;
  switch (got.type) {
    case 'i32':
      return got.value === Number(BigInt.asIntN(32, BigInt(want.value as string)));
    case 'i64':
      return got.value === BigInt.asIntN(64, BigInt(want.value as string));
    case 'f32':
      return floatMatches(BigInt(got.bits), want.value as string, 32);
    case 'f64':
      return floatMatches(got.bits, want.value as string, 64);
    case 'v128': {
      const size = LANE_BYTES[want.lane_type!]!;
      const lanes = want.value as readonly string[];
      const dv = new DataView(got.bytes.buffer, got.bytes.byteOffset, 16);
      return lanes.every((l, i) => {
        const bits =
          size === 1
            ? BigInt(dv.getUint8(i))
            : size === 2
              ? BigInt(dv.getUint16(i * 2, true))
              : size === 4
                ? BigInt(dv.getUint32(i * 4, true))
                : dv.getBigUint64(i * 8, true);
        if (want.lane_type === 'f32' || want.lane_type === 'f64') return floatMatches(bits, l, size === 4 ? 32 : 64);
        return bits === BigInt.asUintN(size * 8, BigInt(l));
      });
    }
    case 'funcref':
      return want.value === 'null' ? got.value === null : got.value !== null;
    case 'externref':
      return want.value === 'null' ? got.value === null : got.value === externRef(Number(want.value));
  }
}

function floatMatches(bits: bigint, want: string, width: 32 | 64): boolean {
  const expBits = width === 32 ? 0x7f800000n : 0x7ff0000000000000n;
  const quiet = width === 32 ? 0x00400000n : 0x0008000000000000n;
  const mantissa = expBits === 0x7f800000n ? 0x007fffffn : 0x000fffffffffffffn;
  const isNan = (bits & expBits) === expBits && (bits & mantissa) !== 0n;
  if (want === 'nan:canonical') return isNan && (bits & mantissa) === quiet;
  if (want === 'nan:arithmetic') return isNan && (bits & quiet) !== 0n;
  return bits === BigInt(want);
}

/** A trap matches when its message starts with the script's text (the spec's convention). */
function trapMatches(e: unknown, text: string): boolean {
  if (!(e instanceof Trap)) return false;
  if (e.message.startsWith(text) || text.startsWith(e.message)) return true;
  // Note: the 2.0 scripts say "undefined element" where 1.0-era ones said "uninitialized".
  return text === 'uninitialized' && e.code === TrapCode.UninitializedElement;
}

function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

function show(vs: readonly Value[]): string {
  return JSON.stringify(vs, (_k, v) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? [...v] : v));
}
