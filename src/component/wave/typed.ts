/**
 * Typed WAVE reading: a parsed {@link WaveNode} and the component {@link ValueType} it should
 * have become the canonical ABI's JS value (the mapping of `../abi/values.ts`): integers in
 * range (bigints for 64-bit), floats (`nan`, `inf`, `-inf`; f32 rounded), chars, strings,
 * `list<u8>` as a `Uint8Array`, records by field name (omitted `option` fields are `none`),
 * `{ tag, val }` variants, options and results (with WAVE's "flat" `some`/`ok` shorthand),
 * enum case names and flags objects.
 */

import type { ValueType } from '../types.js';
import { WaveError } from './errors.js';
import { parseWaveNode, type WaveNode } from './parser.js';

const INT_RANGE: Readonly<Record<string, readonly [bigint, bigint]>> = {
  u8: [0n, 0xffn],
  s8: [-0x80n, 0x7fn],
  u16: [0n, 0xffffn],
  s16: [-0x8000n, 0x7fffn],
  u32: [0n, 0xffffffffn],
  s32: [-0x80000000n, 0x7fffffffn],
  u64: [0n, 0xffffffffffffffffn],
  s64: [-0x8000000000000000n, 0x7fffffffffffffffn],
};

/** A short description of a type for messages (`u8`, `list<string>`, `record`, ...). */
export function typeName(t: ValueType): string {
  switch (t.kind) {
    case 'prim':
      return t.prim;
    case 'list':
      return `list<${typeName(t.elem)}>`;
    case 'option':
      return `option<${typeName(t.type)}>`;
    case 'result':
      return `result<${t.ok === null ? '_' : typeName(t.ok)}, ${t.err === null ? '_' : typeName(t.err)}>`;
    case 'tuple':
      return `tuple<${t.types.map(typeName).join(', ')}>`;
    case 'own':
    case 'borrow':
      return `${t.kind}<${t.resource.name}>`;
    default:
      return t.kind;
  }
}

function nodeName(n: WaveNode): string {
  switch (n.kind) {
    case 'number':
      return `the number ${n.text}`;
    case 'case':
      return `the label \`${n.name}\``;
    case 'bool':
      return String(n.value);
    case 'none':
    case 'some':
    case 'ok':
    case 'err':
      return `\`${n.kind}\``;
    default:
      return `a ${n.kind}`;
  }
}

function mismatch(n: WaveNode, t: ValueType): WaveError {
  return new WaveError(`invalid value type: expected ${typeName(t)}, found ${nodeName(n)}`, n.start, n.end);
}

function isOptionOrResult(t: ValueType): boolean {
  return t.kind === 'option' || t.kind === 'result';
}

function integer(n: WaveNode, t: ValueType & { kind: 'prim' }): number | bigint {
  if (n.kind !== 'number' || !/^-?\d+$/.test(n.text)) throw mismatch(n, t);
  const [lo, hi] = INT_RANGE[t.prim]!;
  const v = BigInt(n.text);
  if (v < lo || v > hi || (lo === 0n && n.text.startsWith('-'))) {
    throw new WaveError(`invalid value: ${n.text} is out of range for ${t.prim}`, n.start, n.end);
  }
  return t.prim === 'u64' || t.prim === 's64' ? v : Number(v);
}

function float(n: WaveNode, t: ValueType & { kind: 'prim' }): number {
  if (n.kind !== 'number') throw mismatch(n, t);
  const v = n.text === 'nan' ? NaN : n.text === 'inf' ? Infinity : n.text === '-inf' ? -Infinity : Number(n.text);
  return t.prim === 'f32' ? Math.fround(v) : v;
}

/** The JS value of the parsed WAVE value `n` of type `t`. Throws a {@link WaveError} when it does not fit. */
export function waveNodeToValue(n: WaveNode, t: ValueType): unknown {
  switch (t.kind) {
    case 'prim':
      switch (t.prim) {
        case 'bool':
          if (n.kind !== 'bool') throw mismatch(n, t);
          return n.value;
        case 'f32':
        case 'f64':
          return float(n, t);
        case 'char':
        case 'string':
          if (n.kind !== t.prim) throw mismatch(n, t);
          return n.value;
        default:
          return integer(n, t);
      }
    case 'list': {
      if (n.kind !== 'list') throw mismatch(n, t);
      if (t.length !== undefined && n.items.length !== t.length) {
        throw new WaveError(`invalid value: expected ${t.length} elements, found ${n.items.length}`, n.start, n.end);
      }
      const items = n.items.map((x) => waveNodeToValue(x, t.elem));
      return t.elem.kind === 'prim' && t.elem.prim === 'u8' && t.length === undefined ? Uint8Array.from(items as number[]) : items;
    }
    case 'tuple': {
      if (n.kind !== 'tuple') throw mismatch(n, t);
      if (n.items.length !== t.types.length) throw new WaveError(`invalid value: expected a tuple of ${t.types.length}, found ${n.items.length} values`, n.start, n.end);
      return n.items.map((x, i) => waveNodeToValue(x, t.types[i]!));
    }
    case 'record': {
      if (n.kind !== 'record') throw mismatch(n, t);
      const out: Record<string, unknown> = {};
      const given = new Map(n.fields.map((f) => [f.name, f]));
      for (const f of t.fields) {
        const v = given.get(f.name);
        given.delete(f.name);
        if (v === undefined) {
          if (f.type.kind !== 'option') throw new WaveError(`invalid value: missing record field \`${f.name}\``, n.start, n.end);
          out[f.name] = { tag: 'none' };
        } else out[f.name] = waveNodeToValue(v.value, f.type);
      }
      for (const [name, f] of given) throw new WaveError(`invalid value: unknown record field \`${name}\``, f.value.start, f.value.end);
      return out;
    }
    case 'flags': {
      if (n.kind !== 'flags') throw mismatch(n, t);
      const out: Record<string, boolean> = Object.fromEntries(t.names.map((name) => [name, false]));
      for (const name of n.names) {
        if (!(name in out)) throw new WaveError(`invalid value: unknown flag \`${name}\``, n.start, n.end);
        out[name] = true;
      }
      return out;
    }
    case 'enum': {
      if (n.kind !== 'case' || n.payload !== null || !t.names.includes(n.name)) throw mismatch(n, t);
      return n.name;
    }
    case 'variant': {
      if (n.kind !== 'case') throw mismatch(n, t);
      const c = t.cases.find((x) => x.name === n.name);
      if (c === undefined) throw new WaveError(`invalid value: unknown variant case \`${n.name}\``, n.start, n.end);
      if (c.type === null) {
        if (n.payload !== null) throw new WaveError(`invalid value: variant case \`${n.name}\` has no payload`, n.start, n.end);
        return { tag: c.name };
      }
      if (n.payload === null) throw new WaveError(`invalid value: variant case \`${n.name}\` needs a payload`, n.start, n.end);
      return { tag: c.name, val: waveNodeToValue(n.payload, c.type) };
    }
    case 'option':
      if (n.kind === 'none') return { tag: 'none' };
      if (n.kind === 'some') return { tag: 'some', val: waveNodeToValue(n.payload!, t.type) };
      if (isOptionOrResult(t.type)) throw mismatch(n, t);
      return { tag: 'some', val: waveNodeToValue(n, t.type) };
    case 'result': {
      if (n.kind === 'ok' || n.kind === 'err') {
        const pt = n.kind === 'ok' ? t.ok : t.err;
        if (pt === null) {
          if (n.payload !== null) throw new WaveError(`invalid value: \`${n.kind}\` of this result has no payload`, n.start, n.end);
          return { tag: n.kind };
        }
        if (n.payload === null) throw new WaveError(`invalid value: \`${n.kind}\` of this result needs a payload`, n.start, n.end);
        return { tag: n.kind, val: waveNodeToValue(n.payload, pt) };
      }
      if (t.ok === null || isOptionOrResult(t.ok)) throw mismatch(n, t);
      return { tag: 'ok', val: waveNodeToValue(n, t.ok) };
    }
    case 'own':
    case 'borrow':
      throw new WaveError(`resource handles (${typeName(t)}) have no WAVE encoding`, n.start, n.end);
  }
}

/** Parses WAVE text holding one value of type `t` into its JS value (see the module documentation). */
export function parseWave(text: string, t: ValueType): unknown {
  return waveNodeToValue(parseWaveNode(text), t);
}
