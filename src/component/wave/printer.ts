/**
 * WAVE printing: the canonical ABI's JS value of a component type as WAVE text, in the form
 * wasm-tools' writer produces: `, ` between items, `{a: 1}` records without their `none` fields
 * (`{:}` when nothing is left), explicit `some(...)`/`none` and `ok`/`err(...)`, `%` before a
 * variant or enum case that is a keyword, floats as the shortest decimal that reads back to the
 * same value (never in exponent form), and escapes for quotes, backslashes and control characters.
 */

import { ResourceRef } from '../abi/resource-ref.js';
import type { ValueType } from '../types.js';
import { WAVE_KEYWORDS } from './lexer.js';
import { WaveError } from './errors.js';
import { typeName } from './typed.js';

/** Writes `digits` (no dot) times 10^(exp + 1 - digits.length) in plain decimal notation. */
function plainDecimal(digits: string, exp: number): string {
  const point = exp + 1;
  if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return digits + '0'.repeat(point - digits.length);
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * Formats a float the way Rust's `Display` does: the shortest digits that read back to the same
 * f32 (or f64) value, in plain decimal notation; `nan`, `inf`, `-inf` for the specials.
 */
export function formatWaveFloat(x: number, bits: 32 | 64): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  let exponential = x.toExponential();
  if (bits === 32) {
    for (let p = 1; p <= 9; p++) {
      const e = x.toExponential(p - 1);
      if (Math.fround(Number(e)) === x) {
        exponential = e;
        break;
      }
    }
  }
  const m = /^(-?)(\d)(?:\.(\d+))?e([-+]\d+)$/.exec(exponential)!;
  const digits = (m[2]! + (m[3] ?? '')).replace(/0+$/, '') || '0';
  return m[1]! + plainDecimal(digits, Number(m[4]));
}

function escapeChar(ch: string): string {
  switch (ch) {
    case '\\':
      return '\\\\';
    case '"':
    case "'":
      // Note: like wasm-tools, both quotes are escaped in chars and strings alike.
      return `\\${ch}`;
    case '\t':
      return '\\t';
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    default:
      // Note: control, format and unassigned characters and line/paragraph separators are escaped
      // so that printed text stays readable and unambiguous.
      return /[\p{Cc}\p{Cf}\p{Cn}\p{Zl}\p{Zp}]/u.test(ch) ? `\\u{${ch.codePointAt(0)!.toString(16)}}` : ch;
  }
}

function quoted(s: string, quote: '"' | "'"): string {
  let out = quote;
  for (const ch of s) out += escapeChar(ch);
  return out + quote;
}

function caseLabel(name: string): string {
  return WAVE_KEYWORDS.has(name) ? `%${name}` : name;
}

function bad(v: unknown, t: ValueType): WaveError {
  const what = v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
  return new WaveError(`cannot print ${what} as a ${typeName(t)}`, 0, 0);
}

/**
 * Prints the JS value `v` of type `t` as WAVE. Resource handles have no WAVE form: they print as
 * `own<name>`/`borrow<name>` placeholders that do not parse back.
 */
export function printWave(v: unknown, t: ValueType): string {
  switch (t.kind) {
    case 'prim':
      switch (t.prim) {
        case 'bool':
          if (typeof v !== 'boolean') throw bad(v, t);
          return v ? 'true' : 'false';
        case 'f32':
        case 'f64':
          if (typeof v !== 'number') throw bad(v, t);
          return formatWaveFloat(v, t.prim === 'f32' ? 32 : 64);
        case 'char':
          return quoted(String(v), "'");
        case 'string':
          return quoted(String(v), '"');
        default:
          if (typeof v !== 'number' && typeof v !== 'bigint') throw bad(v, t);
          return String(v);
      }
    case 'list': {
      if (!(Array.isArray(v) || v instanceof Uint8Array)) throw bad(v, t);
      return `[${[...(v as ArrayLike<unknown> & Iterable<unknown>)].map((x) => printWave(x, t.elem)).join(', ')}]`;
    }
    case 'tuple': {
      if (!Array.isArray(v)) throw bad(v, t);
      return `(${t.types.map((x, i) => printWave(v[i], x)).join(', ')})`;
    }
    case 'record': {
      if (typeof v !== 'object' || v === null) throw bad(v, t);
      const r = v as Record<string, unknown>;
      const parts = t.fields
        .filter((f) => !(f.type.kind === 'option' && (r[f.name] as { tag?: string } | undefined)?.tag === 'none'))
        .map((f) => `${f.name}: ${printWave(r[f.name], f.type)}`);
      return parts.length === 0 ? '{:}' : `{${parts.join(', ')}}`;
    }
    case 'flags': {
      if (typeof v !== 'object' || v === null) throw bad(v, t);
      const r = v as Record<string, unknown>;
      return `{${t.names.filter((n) => r[n] === true).join(', ')}}`;
    }
    case 'enum':
      if (typeof v !== 'string') throw bad(v, t);
      return caseLabel(v);
    case 'variant': {
      const x = v as { tag?: string; val?: unknown };
      const c = t.cases.find((k) => k.name === x?.tag);
      if (c === undefined) throw bad(v, t);
      return c.type === null ? caseLabel(c.name) : `${caseLabel(c.name)}(${printWave(x.val, c.type)})`;
    }
    case 'option': {
      const x = v as { tag?: string; val?: unknown };
      if (x?.tag === 'none') return 'none';
      if (x?.tag !== 'some') throw bad(v, t);
      return `some(${printWave(x.val, t.type)})`;
    }
    case 'result': {
      const x = v as { tag?: string; val?: unknown };
      if (x?.tag !== 'ok' && x?.tag !== 'err') throw bad(v, t);
      const pt = x.tag === 'ok' ? t.ok : t.err;
      return pt === null ? x.tag : `${x.tag}(${printWave(x.val, pt)})`;
    }
    case 'own':
    case 'borrow':
      if (!(v instanceof ResourceRef)) throw bad(v, t);
      return `${t.kind}<${t.resource.name}>`;
  }
}
