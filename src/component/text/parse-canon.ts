/**
 * Canonical definitions: `canon lift` / `canon lower` with their options, the resource built-ins,
 * and the async and thread built-ins of later proposals (parsed and encoded so that tools and the
 * validator see them; kpio's runtime implements the synchronous 0.2 subset).
 */

import { TokenKind } from '../../wasm/text/lexer.js';
import type { BuiltinImm, CanonOpt, CoreCanon, CoreItemRef, ItemRef } from './ast.js';
import { parseCoreValType, parseU32Literal } from './parse-core-types.js';
import { type ComponentCursor, coreItemRefRest, corePrefixedContents, corePrefixedRef, isIdxAt, isOpen, itemRefRest, kwAt, parseIdx } from './parse-common.js';
import { parseValType } from './parse-types.js';

/** The immediates a built-in takes after its keyword, in order. */
type ImmKind = 'type' | 'opts' | 'async' | 'cancellable' | 'core-valtype' | 'u32' | 'result' | 'memory' | 'core-type' | 'core-table';

/** The built-ins other than lift, lower and the resource functions: opcode and immediates. */
const BUILTINS: ReadonlyMap<string, { readonly opcode: number; readonly imms: readonly ImmKind[] }> = new Map<string, { opcode: number; imms: ImmKind[] }>([
  ['backpressure.set', { opcode: 0x08, imms: [] }],
  ['backpressure.inc', { opcode: 0x24, imms: [] }],
  ['backpressure.dec', { opcode: 0x25, imms: [] }],
  ['task.return', { opcode: 0x09, imms: ['result', 'opts'] }],
  ['task.cancel', { opcode: 0x05, imms: [] }],
  ['context.get', { opcode: 0x0a, imms: ['core-valtype', 'u32'] }],
  ['context.set', { opcode: 0x0b, imms: ['core-valtype', 'u32'] }],
  ['subtask.cancel', { opcode: 0x06, imms: ['async'] }],
  ['subtask.drop', { opcode: 0x0d, imms: [] }],
  ['stream.new', { opcode: 0x0e, imms: ['type'] }],
  ['stream.read', { opcode: 0x0f, imms: ['type', 'opts'] }],
  ['stream.write', { opcode: 0x10, imms: ['type', 'opts'] }],
  ['stream.cancel-read', { opcode: 0x11, imms: ['type', 'async'] }],
  ['stream.cancel-write', { opcode: 0x12, imms: ['type', 'async'] }],
  ['stream.drop-readable', { opcode: 0x13, imms: ['type'] }],
  ['stream.drop-writable', { opcode: 0x14, imms: ['type'] }],
  ['future.new', { opcode: 0x15, imms: ['type'] }],
  ['future.read', { opcode: 0x16, imms: ['type', 'opts'] }],
  ['future.write', { opcode: 0x17, imms: ['type', 'opts'] }],
  ['future.cancel-read', { opcode: 0x18, imms: ['type', 'async'] }],
  ['future.cancel-write', { opcode: 0x19, imms: ['type', 'async'] }],
  ['future.drop-readable', { opcode: 0x1a, imms: ['type'] }],
  ['future.drop-writable', { opcode: 0x1b, imms: ['type'] }],
  ['error-context.new', { opcode: 0x1c, imms: ['opts'] }],
  ['error-context.debug-message', { opcode: 0x1d, imms: ['opts'] }],
  ['error-context.drop', { opcode: 0x1e, imms: [] }],
  ['waitable-set.new', { opcode: 0x1f, imms: [] }],
  ['waitable-set.wait', { opcode: 0x20, imms: ['cancellable', 'memory'] }],
  ['waitable-set.poll', { opcode: 0x21, imms: ['cancellable', 'memory'] }],
  ['waitable-set.drop', { opcode: 0x22, imms: [] }],
  ['waitable.join', { opcode: 0x23, imms: [] }],
  ['thread.index', { opcode: 0x26, imms: [] }],
  ['thread.new-indirect', { opcode: 0x27, imms: ['core-type', 'core-table'] }],
  ['thread.resume-later', { opcode: 0x28, imms: [] }],
  ['thread.suspend', { opcode: 0x29, imms: ['cancellable'] }],
  ['thread.yield', { opcode: 0x0c, imms: ['cancellable'] }],
  ['thread.suspend-then-resume', { opcode: 0x2a, imms: ['cancellable'] }],
  ['thread.yield-then-resume', { opcode: 0x2b, imms: ['cancellable'] }],
  ['thread.suspend-then-promote', { opcode: 0x2c, imms: ['cancellable'] }],
  ['thread.yield-then-promote', { opcode: 0x2d, imms: ['cancellable'] }],
  ['thread.spawn-ref', { opcode: 0x40, imms: ['core-type'] }],
  ['thread.spawn-indirect', { opcode: 0x41, imms: ['core-type', 'core-table'] }],
  ['thread.available-parallelism', { opcode: 0x42, imms: [] }],
]);

const STRING_ENCODINGS: Readonly<Record<string, 0 | 1 | 2>> = {
  'string-encoding=utf8': 0,
  'string-encoding=utf16': 1,
  'string-encoding=latin1+utf16': 2,
};

const OPTION_REFS: Readonly<Record<string, { kind: 'realloc' | 'post-return' | 'callback' | 'core-type'; sort: string }>> = {
  realloc: { kind: 'realloc', sort: 'func' },
  'post-return': { kind: 'post-return', sort: 'func' },
  callback: { kind: 'callback', sort: 'func' },
  'core-type': { kind: 'core-type', sort: 'type' },
};

/** True when the cursor is at a canonical option. */
function isCanonOptAt(cur: ComponentCursor): boolean {
  const kw = kwAt(cur, cur.pos);
  if (kw !== null) return kw in STRING_ENCODINGS || kw === 'async' || kw === 'gc';
  if (cur.rawKind(cur.pos) !== TokenKind.LParen) return false;
  const k = kwAt(cur, cur.pos + 1);
  return k === 'memory' || (k !== null && k in OPTION_REFS);
}

/** Reads canonical options while there are any. */
export function parseCanonOpts(cur: ComponentCursor): CanonOpt[] {
  const opts: CanonOpt[] = [];
  while (isCanonOptAt(cur)) {
    const kw = kwAt(cur, cur.pos);
    if (kw !== null) {
      cur.pos++;
      if (kw === 'async') opts.push({ kind: 'async' });
      else if (kw === 'gc') opts.push({ kind: 'gc' });
      else opts.push({ kind: 'string-encoding', code: STRING_ENCODINGS[kw]! });
      continue;
    }
    cur.pos++;
    const k = kwAt(cur, cur.pos)!;
    cur.pos++;
    if (k === 'memory') opts.push({ kind: 'memory', ref: corePrefixedContents(cur, 'memory') });
    else {
      const o = OPTION_REFS[k]!;
      opts.push({ kind: o.kind, ref: corePrefixedRef(cur, o.sort) });
    }
    cur.close();
  }
  return opts;
}

/** Reads `idx` or `(type idx "export"*)` (an `IndexOrRef` of a type). */
function typeIndexOrRef(cur: ComponentCursor): ItemRef {
  if (isIdxAt(cur)) return { sort: 'type', idx: parseIdx(cur), exports: [] };
  cur.open('type');
  const ref = itemRefRest(cur, 'type');
  cur.close();
  return ref;
}

/** Reads `(core func idx "export"?)`, the core function a lift refers to. */
export function parseLiftTarget(cur: ComponentCursor): CoreItemRef {
  cur.open('core');
  cur.expectKeyword('func');
  const ref = coreItemRefRest(cur, 'core func');
  cur.close();
  return ref;
}

/**
 * Reads a canonical definition that yields a core function, starting at its keyword (`lower`,
 * `resource.new`, `waitable-set.wait`, ...). Returns null when the keyword is not one.
 */
export function parseCoreCanon(cur: ComponentCursor): CoreCanon | null {
  const kw = kwAt(cur, cur.pos);
  switch (kw) {
    case 'lower': {
      cur.pos++;
      cur.open('func');
      const func = itemRefRest(cur, 'func');
      cur.close();
      return { kind: 'lower', func, opts: parseCanonOpts(cur) };
    }
    case 'resource.new':
    case 'resource.drop':
    case 'resource.rep':
      cur.pos++;
      return { kind: kw, type: typeIndexOrRef(cur) };
  }
  const info = kw === null ? undefined : BUILTINS.get(kw);
  if (info === undefined) return null;
  cur.pos++;
  const imms: BuiltinImm[] = [];
  for (const k of info.imms) {
    switch (k) {
      case 'type':
        imms.push({ kind: 'type', ref: typeIndexOrRef(cur) });
        break;
      case 'opts':
        imms.push({ kind: 'opts', opts: parseCanonOpts(cur) });
        break;
      case 'async':
      case 'cancellable': {
        const on = kwAt(cur, cur.pos) === k;
        if (on) cur.pos++;
        imms.push({ kind: 'flag', value: on });
        break;
      }
      case 'core-valtype':
        imms.push({ kind: 'core-valtype', type: parseCoreValType(cur) });
        break;
      case 'u32':
        imms.push({ kind: 'u32', value: parseU32Literal(cur) });
        break;
      case 'result': {
        let type = null;
        if (isOpen(cur, 'result')) {
          cur.pos += 2;
          type = parseValType(cur);
          cur.close();
        }
        imms.push({ kind: 'result', type });
        break;
      }
      case 'memory':
        cur.open('memory');
        imms.push({ kind: 'core-ref', ref: corePrefixedContents(cur, 'memory') });
        cur.close();
        break;
      case 'core-type':
        imms.push({ kind: 'core-ref', ref: corePrefixedRef(cur, 'type') });
        break;
      case 'core-table':
        imms.push({ kind: 'core-ref', ref: corePrefixedRef(cur, 'table') });
        break;
    }
  }
  return { kind: 'builtin', name: kw!, opcode: info.opcode, imms };
}
