/** Cell layout of value lists: where consecutive values of given types sit in a frame. */

import type { ValType } from '../../api/types.js';

/** Cell offsets of consecutive values of `types` (2 cells each, 4 for v128). */
export function layoutOf(types: readonly ValType[]): Int32Array {
  const offs = new Int32Array(types.length);
  let c = 0;
  types.forEach((t, i) => {
    offs[i] = c;
    c += t === 'v128' ? 4 : 2;
  });
  return offs;
}

/** Total cells of consecutive values of `types`. */
export function cellsOfTypes(types: readonly ValType[]): number {
  let c = 0;
  for (const t of types) c += t === 'v128' ? 4 : 2;
  return c;
}
