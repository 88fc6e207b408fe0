/**
 * Helpers for tests of the WASI 0.2 host without a component: call a host function the way the
 * linker would (by interface and function name, with JS values) and lend resources to it.
 */

import { ResourceRef } from '../../component/abi/index.js';
import type { HostInterfaces } from '../../component/link/host-interface.js';

/** A host function of `host`, looked up as a 0.2.0 guest would import it; throws when missing. */
export function hostFunc(host: HostInterfaces, iface: string, func: string): (...args: any[]) => any {
  const i = host.resolve(`${iface}@0.2.0`);
  const f = i?.funcs[func];
  if (f === undefined) throw new Error(`no host function ${iface}#${func}`);
  return f;
}

/** A borrowed reference to the resource behind `ref`, as the ABI passes `borrow<R>` arguments. */
export function borrow(ref: ResourceRef): ResourceRef {
  return ResourceRef.borrowed(ref.type, ref.rep);
}

/** Unwraps `{ tag: 'ok', val }` (throws with the error otherwise). */
export function okVal<T = any>(r: { tag: string; val?: unknown }): T {
  if (r.tag !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}`);
  return r.val as T;
}
