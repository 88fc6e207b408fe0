/**
 * Import matching (the spec's "external type matching"): decides whether an extern may satisfy an
 * import, using the extern's *current* limits for memories and tables.
 */

import type { ExternType, Limits } from '../api/types.js';
import { formatFuncType, funcTypesEqual } from '../api/types.js';
import type { Extern } from '../api/values.js';
import { PAGE_SIZE } from '../api/types.js';

/** The type of an extern as import matching sees it (current sizes as minimums). */
export function externTypeOf(e: Extern): ExternType {
  switch (e.kind) {
    case 'func':
      return { kind: 'func', type: e.type };
    case 'global':
      return { kind: 'global', type: e.type };
    case 'memory':
      return {
        kind: 'memory',
        type: { limits: { min: e.buffer.byteLength / PAGE_SIZE, max: e.type.limits.max } },
      };
    case 'table':
      return { kind: 'table', type: { elemType: e.type.elemType, limits: { min: e.length, max: e.type.limits.max } } };
  }
}

function limitsMatch(actual: Limits, expected: Limits): boolean {
  if (actual.min < expected.min) return false;
  if (expected.max === undefined) return true;
  return actual.max !== undefined && actual.max <= expected.max;
}

/**
 * Checks that `actual` matches `expected`. Returns null when it does, else a reason starting with
 * the spec's "incompatible import type".
 */
export function matchExtern(actual: ExternType, expected: ExternType): string | null {
  if (actual.kind !== expected.kind) {
    return `incompatible import type: expected ${expected.kind}, got ${actual.kind}`;
  }
  switch (expected.kind) {
    case 'func': {
      const a = (actual as typeof expected).type;
      if (!funcTypesEqual(a, expected.type)) {
        return `incompatible import type: expected func ${formatFuncType(expected.type)}, got func ${formatFuncType(a)}`;
      }
      return null;
    }
    case 'global': {
      const a = (actual as typeof expected).type;
      if (a.valType !== expected.type.valType || a.mutable !== expected.type.mutable) {
        const f = (g: typeof a) => (g.mutable ? `(mut ${g.valType})` : g.valType);
        return `incompatible import type: expected global ${f(expected.type)}, got ${f(a)}`;
      }
      return null;
    }
    case 'memory': {
      const a = (actual as typeof expected).type;
      if (!limitsMatch(a.limits, expected.type.limits)) {
        return `incompatible import type: memory limits ${fmt(a.limits)} do not match ${fmt(expected.type.limits)}`;
      }
      return null;
    }
    case 'table': {
      const a = (actual as typeof expected).type;
      if (a.elemType !== expected.type.elemType) {
        return `incompatible import type: expected table of ${expected.type.elemType}, got ${a.elemType}`;
      }
      if (!limitsMatch(a.limits, expected.type.limits)) {
        return `incompatible import type: table limits ${fmt(a.limits)} do not match ${fmt(expected.type.limits)}`;
      }
      return null;
    }
  }
}

function fmt(l: Limits): string {
  return l.max === undefined ? `{min ${l.min}}` : `{min ${l.min}, max ${l.max}}`;
}
