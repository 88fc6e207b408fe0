/**
 * Adapters between compiled code and the rest of the engine, generated per function signature
 * (and cached per engine): fixed-arity JavaScript functions, so that wasm values never pass through
 * a JS array or a rest parameter (V8 may rewrite the bits of a NaN stored in an array with double
 * elements).
 *
 * - enter: the interpreter calls compiled code (the `DefinedFunc.jit` hook): arguments are read
 *   from the caller's cells and results written back there, f32/f64 through their bits.
 * - osr: a loop probe hands the interpreter's frame (every local) to a loop's OSR entry (osr.ts).
 * - cold: compiled code calls a function that is not compiled yet; it runs in the interpreter
 *   with exact values.
 * - host: compiled code calls a host function in the JS-API convention.
 * - the resumable forms and entry points (see {@link AdapterKind}).
 *
 * Each is a factory made once with `new Function` from generated source; the conversions are the
 * helpers of rt/boundary.ts and rt/float.ts, passed in, never pasted as text.
 */

import type { FuncType, ValType } from '../../api/types.js';

/**
 * Adapter kinds: `enter`, `osr`, `cold` and `host` for plain compiled code; `gcold` and `ghost`
 * are the resumable (generator) counterparts of `cold` and `host`; `xentry`/`jentry` start compiled
 * code (plain or resumable) from exact or JS-API arguments and `xresult`/`jresult` convert its
 * results back (store.ts, resumable.ts).
 */
export type AdapterKind = 'enter' | 'osr' | 'cold' | 'host' | 'gcold' | 'ghost' | 'xentry' | 'jentry' | 'xresult' | 'jresult';

/** Parameter names of a compiled-convention argument list for `types` (i64 takes two). */
function compiledParams(types: readonly ValType[]): string[][] {
  return types.map((t, i) => (t === 'i64' ? [`p${i}`, `h${i}`] : [`p${i}`]));
}

/** Source that stores compiled-convention value `e` as result `k` of several in the scratch. */
function storeResult(t: ValType, k: number, e: string): string {
  switch (t) {
    case 'i32':
      return `MR.ri[${2 * k}] = ${e};`;
    case 'i64':
      return `{ const b = ${e}; MR.ri[${2 * k}] = bigIntLo(b); MR.ri[${2 * k + 1}] = bigIntHi(b); }`;
    case 'f32':
    case 'f64':
      return `MR.rf[${k}] = ${e};`;
    default:
      return `MR.ro[${k}] = ${e};`;
  }
}

/** Source of a value of type `t` read from the interpreter's cells at `cell` (an expression), in compiled code's representation. */
function fromCells(t: ValType, cell: string): string[] {
  switch (t) {
    case 'i32':
      return [`I[${cell}]`];
    case 'i64':
      return [`I[${cell}]`, `I[${cell} + 1]`];
    case 'f32':
      return [`f32FromBits(I[${cell}])`];
    case 'f64':
      return [`f64FromWords(I[${cell}], I[${cell} + 1])`];
    case 'v128':
      return [`Int32Array.of(I[${cell}], I[${cell} + 1], I[${cell} + 2], I[${cell} + 3])`];
    default:
      return [`ex.refs[${cell}]`];
  }
}

/** Statements writing compiled-convention value `e` of type `t` (high word of an i64 in `hi`) to the cells at `cell`. */
function toCells(t: ValType, cell: string, e: string, hi: string): string {
  switch (t) {
    case 'i32':
      return `I[${cell}] = ${e};`;
    case 'i64':
      return `I[${cell}] = ${e}; I[${cell} + 1] = ${hi};`;
    case 'f32':
      return `I[${cell}] = f32ToBits(${e});`;
    case 'f64':
      return `I[${cell}] = f64ToWords(${e}); I[${cell} + 1] = RET[0];`;
    case 'v128':
      return `{ const v = ${e}; I[${cell}] = v[0]; I[${cell} + 1] = v[1]; I[${cell} + 2] = v[2]; I[${cell} + 3] = v[3]; }`;
    default:
      return `ex.refs[${cell}] = ${e};`;
  }
}

/** Cell offsets of consecutive values of `types` in the interpreter's frames (2 cells, v128 4). */
function cellOffsets(types: readonly ValType[]): number[] {
  let c = 0;
  return types.map((t) => {
    const o = c;
    c += t === 'v128' ? 4 : 2;
    return o;
  });
}

/**
 * The interpreter-to-compiled adapters' shared body: `call` is the compiled call (its arguments
 * from the cells at `at`), results go to the cells at `at`, and `d` is the callee's depth.
 */
function cellsCall(t: FuncType, depth: boolean, callee: string, at: string, d: string, onError: string): string[] {
  const offs = cellOffsets(t.params);
  const args = t.params.flatMap((pt, i) => fromCells(pt, `${at} + ${offs[i]}`));
  const call = `${callee}(${[...(depth ? ['d'] : []), ...args].join(', ')})`;
  const rs = t.results;
  const roffs = cellOffsets(rs);
  const store =
    rs.length === 1
      ? [toCells(rs[0]!, at, 'r', 'RET[0]')]
      : rs.map((rt, k) => {
          const { e, hi } = compiledResult(rs, k);
          return toCells(rt, `${at} + ${roffs[k]}`, e, hi);
        });
  return [
    'const I = ex.i32;',
    `const d = ${d};`,
    // Note: wasm that compiled code reaches through the interpreter or a host function counts its
    // frames on top of this one.
    'const saved = S.outerDepth;',
    'S.outerDepth = d;',
    'let r;',
    `try { r = ${call}; } ${onError}finally { S.outerDepth = saved; }`,
    ...store,
    'return true;',
  ];
}

/** The interpreter's call hook for compiled functions of type `t`: `(H, MR, RET, S) => function (ex, base, depth)`, a method of the callee. */
function enterSource(t: FuncType, depth: boolean): string {
  return ['return function enter(ex, base, depth) {', ...cellsCall(t, depth, 'this.compiled', 'base', 'ex.base + depth + 1', ''), '};'].join('\n');
}

/**
 * The OSR adapter for functions whose locals are `t.params` and results `t.results`:
 * `(H, MR, RET, S) => function (g, f, ex, fp, depth)` runs OSR entry `g` of `f` on the frame at `fp`.
 */
function osrSource(t: FuncType, depth: boolean): string {
  // Note: the interpreter's frame of `f` (at `depth`) is the compiled frame; a trap's backtrace
  // shows it (with its byte offset), so the compiled frame of `f` is dropped (entryFailed).
  return [
    'return function osr(g, f, ex, fp, depth) {',
    ...cellsCall(t, depth, 'g', 'fp', 'ex.base + depth', 'catch (e) { throw entryFailed(e, f); } '),
    '};',
  ].join('\n');
}

/** The exact Value source of compiled-convention argument `i` of type `t`. */
function exactArg(t: ValType, i: number): string {
  switch (t) {
    case 'i32':
      return `{ type: 'i32', value: p${i} }`;
    case 'i64':
      return `{ type: 'i64', value: pairToBigInt(p${i}, h${i}) }`;
    case 'f32':
      return `{ type: 'f32', bits: f32ToBits(p${i}) >>> 0 }`;
    case 'f64':
      return `{ type: 'f64', bits: f64BitsOf(p${i}) }`;
    case 'v128':
      return `{ type: 'v128', bytes: v128ToBytes(p${i}) }`;
    default:
      return `{ type: '${t}', value: p${i} }`;
  }
}

/** Source converting exact Value `v` of type `t` to compiled convention. */
function fromExact(t: ValType, v: string): string {
  switch (t) {
    case 'i32':
      return `${v}.value`;
    case 'i64':
      return `${v}.value`;
    case 'f32':
      return `f32FromBits(${v}.bits | 0)`;
    case 'f64':
      return `f64FromWords(bigIntLo(${v}.bits), bigIntHi(${v}.bits))`;
    case 'v128':
      return `bytesToV128(${v}.bytes)`;
    default:
      return `${v}.value`;
  }
}

/**
 * Source that returns results in compiled convention: `value(k)` is the source of result `k` before
 * conversion, `conv` converts it (an i64 converts to a bigint).
 */
function returnCompiled(results: readonly ValType[], conv: (t: ValType, e: string) => string, value: (k: number) => string): string {
  if (results.length === 0) return 'return undefined;';
  if (results.length === 1) {
    const t = results[0]!;
    if (t === 'i64') return `{ const b = ${conv(t, value(0))}; RET[0] = bigIntHi(b); return bigIntLo(b); }`;
    return `return ${conv(t, value(0))};`;
  }
  return results.map((t, k) => storeResult(t, k, conv(t, value(k)))).join('\n') + '\nreturn undefined;';
}

/** The cold entry's factory source: `(H, MR, RET, TIER) => (f) => function (d, params...)`. */
function coldSource(t: FuncType, depth: boolean): string {
  const ps = [...(depth ? ['d'] : []), ...compiledParams(t.params).flat()];
  const values = `[${t.params.map((pt, i) => exactArg(pt, i)).join(', ')}]`;
  return [
    'return (f) => function cold(' + ps.join(', ') + ') {',
    'const c = f.compiled;',
    `if (c !== null) return c(${ps.join(', ')});`,
    `const v = TIER.runCold(f, ${depth ? 'd' : '-1'}, ${values});`,
    returnCompiled(t.results, fromExact, (k) => `v[${k}]`),
    '};',
  ].join('\n');
}

/** The JS-API value source of compiled-convention argument `i` of type `t`. */
function jsArg(t: ValType, i: number): string {
  if (t === 'i64') return `pairToBigInt(p${i}, h${i})`;
  if (t === 'v128') return `v128ToBytes(p${i})`;
  return `p${i}`;
}

/** Source converting JS-API value `e` of type `t` to compiled convention (ToWebAssemblyValue). */
function fromJs(t: ValType, e: string): string {
  switch (t) {
    case 'i32':
      return `jsToI32(${e})`;
    case 'i64':
      return `jsToI64(${e})`;
    case 'f32':
      return `jsToF32(${e})`;
    case 'f64':
      return `jsToF64(${e})`;
    case 'v128':
      return `jsToV128(${e})`;
    case 'funcref':
      return `jsToFuncref(${e})`;
    default:
      return e;
  }
}

/** The host adapter's factory source: `(H, MR, RET, S) => (fn) => function (d, params...)`. */
function hostSource(t: FuncType, depth: boolean, resumable = false): string {
  const ps = [...(depth ? ['d'] : []), ...compiledParams(t.params).flat()];
  const args = t.params.map((pt, i) => jsArg(pt, i)).join(', ');
  const rs = t.results;
  const promiseOk = rs.length === 1 && rs[0] === 'externref';

  return [
    `return (fn) => function${resumable ? '* ghost' : ' host'}(` + ps.join(', ') + ') {',
    'let r;',
    // Note: wasm that this host function calls back counts its frames on top of the caller's.
    depth
      ? `const saved = S.outerDepth;\nS.outerDepth = d - 1;\ntry { r = fn(${args}); } catch (e) { throw foreignError(e); } finally { S.outerDepth = saved; }`
      : `try { r = fn(${args}); } catch (e) { throw foreignError(e); }`,
    // A Promise suspends a resumable caller (its driver resumes it with the value); a plain one
    // cannot suspend.
    promiseOk ? '' : resumable ? 'if (isThenable(r)) r = yield r;' : 'if (isThenable(r)) hostPromise(r);',
    rs.length === 0
      ? 'return undefined;'
      : `try {\n${rs.length > 1 ? `const vs = hostResultList(r, ${rs.length});\n` : ''}${returnCompiled(rs, fromJs, (k) => (rs.length > 1 ? `vs[${k}]` : 'r'))}\n} catch (e) { throw hostResultError(e); }`,
    '};',
  ].join('\n');
}

/** The resumable cold entry: compiles the resumable form on first call and delegates to it. */
function gcoldSource(t: FuncType, depth: boolean): string {
  const ps = [...(depth ? ['d'] : []), ...compiledParams(t.params).flat()].join(', ');
  return `return (f) => function* gcold(${ps}) {\nreturn yield* TIER.resumable(f)(${ps});\n};`;
}

/** The resumable host adapter: like the host adapter, but a Promise result suspends the caller. */
function ghostSource(t: FuncType, depth: boolean): string {
  return hostSource(t, depth, true);
}

/** Starts resumable code from exact arguments `v` (checked by the caller): `(g, d, v) => generator`. */
function xentrySource(t: FuncType, depth: boolean): string {
  const args = t.params.map((pt, i) => {
    const e = `v[${i}]`;
    switch (pt) {
      case 'i64':
        return `bigIntLo(${e}.value), bigIntHi(${e}.value)`;
      case 'funcref':
        return `jsToFuncref(${e}.value)`;
      default:
        return fromExact(pt, e);
    }
  });
  return `return function xentry(g, d, v) {\nreturn g(${[...(depth ? ['d'] : []), ...args].join(', ')});\n};`;
}

/** Starts resumable code from JS-API arguments `a` (converted like ToWebAssemblyValue). */
function jentrySource(t: FuncType, depth: boolean): string {
  const conv = t.params.map((pt, i) => `const c${i} = ${fromJs(pt, `a[${i}]`)};`);
  const args = t.params.map((pt, i) => (pt === 'i64' ? `bigIntLo(c${i}), bigIntHi(c${i})` : `c${i}`));
  return [
    'return function jentry(g, d, a) {',
    ...conv,
    `return g(${[...(depth ? ['d'] : []), ...args].join(', ')});`,
    '};',
  ].join('\n');
}

/** Source of compiled-convention result `k` of `results` (the call's value is `r`). */
function compiledResult(results: readonly ValType[], k: number): { t: ValType; e: string; hi: string } {
  const t = results[k]!;
  if (results.length === 1) return { t, e: 'r', hi: 'RET[0]' };
  switch (t) {
    case 'i32':
    case 'i64':
      return { t, e: `MR.ri[${2 * k}]`, hi: `MR.ri[${2 * k + 1}]` };
    case 'f32':
    case 'f64':
      return { t, e: `MR.rf[${k}]`, hi: '' };
    default:
      return { t, e: `MR.ro[${k}]`, hi: '' };
  }
}

/** Resumable results as exact Values: `(r) => Value[]`. */
function xresultSource(t: FuncType, _depth: boolean): string {
  const vs = t.results.map((_, k) => {
    const { t: rt, e, hi } = compiledResult(t.results, k);
    switch (rt) {
      case 'i32':
        return `{ type: 'i32', value: ${e} }`;
      case 'i64':
        return `{ type: 'i64', value: pairToBigInt(${e}, ${hi}) }`;
      case 'f32':
        return `{ type: 'f32', bits: f32ToBits(${e}) >>> 0 }`;
      case 'f64':
        return `{ type: 'f64', bits: f64BitsOf(${e}) }`;
      case 'v128':
        return `{ type: 'v128', bytes: v128ToBytes(${e}) }`;
      default:
        return `{ type: '${rt}', value: ${e} }`;
    }
  });
  return `return function xresult(r) {\nreturn [${vs.join(', ')}];\n};`;
}

/** Resumable results in the JS-API convention: `(r) => undefined | value | values`. */
function jresultSource(t: FuncType, _depth: boolean): string {
  const vs = t.results.map((_, k) => {
    const { t: rt, e, hi } = compiledResult(t.results, k);
    return rt === 'i64' ? `pairToBigInt(${e}, ${hi})` : rt === 'v128' ? `v128ToBytes(${e})` : e;
  });
  const ret = vs.length === 0 ? 'undefined' : vs.length === 1 ? vs[0] : `[${vs.join(', ')}]`;
  return `return function jresult(r) {\nreturn ${ret};\n};`;
}

/** The helper names adapter sources use. */
const HELPERS = [
  'bigIntLo',
  'bigIntHi',
  'pairToBigInt',
  'f32FromBits',
  'f32ToBits',
  'f64FromWords',
  'f64ToWords',
  'f64BitsOf',
  'v128ToBytes',
  'bytesToV128',
  'jsToI32',
  'jsToI64',
  'jsToF32',
  'jsToF64',
  'jsToV128',
  'jsToFuncref',
  'hostResultList',
  'hostResultError',
  'isThenable',
  'hostPromise',
  'foreignError',
  'entryFailed',
];

/** The factory source of an adapter of `kind` for functions of type `t`. */
export function adapterSource(kind: AdapterKind, t: FuncType, depth: boolean): string {
  const body = {
    enter: enterSource,
    osr: osrSource,
    cold: coldSource,
    host: hostSource,
    gcold: gcoldSource,
    ghost: ghostSource,
    xentry: xentrySource,
    jentry: jentrySource,
    xresult: xresultSource,
    jresult: jresultSource,
  }[kind](t, depth);
  return `"use strict";\nconst { ${HELPERS.join(', ')} } = H;\n${body}`;
}

/** The parameter list of each adapter kind's factory. */
export const ADAPTER_PARAMS: Readonly<Record<AdapterKind, readonly string[]>> = {
  enter: ['H', 'MR', 'RET', 'S'],
  osr: ['H', 'MR', 'RET', 'S'],
  cold: ['H', 'MR', 'RET', 'TIER'],
  host: ['H', 'MR', 'RET', 'S'],
  gcold: ['H', 'MR', 'RET', 'TIER'],
  ghost: ['H', 'MR', 'RET', 'S'],
  xentry: ['H', 'MR', 'RET'],
  jentry: ['H', 'MR', 'RET'],
  xresult: ['H', 'MR', 'RET'],
  jresult: ['H', 'MR', 'RET'],
};
