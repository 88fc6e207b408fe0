/**
 * How the TS host offers imports to components: one {@link HostInterface} object per WIT interface
 * (e.g. `wasi:io/streams@0.2.12`), holding plain JS functions in the canonical ABI's JS value mapping
 * (`src/component/abi/values.ts`) and the host's resource types. The linker looks an import up by
 * name and version, takes each function's type from the component's own import declaration, and
 * binds the interface's resource types into it.
 *
 * This file is the contract between the component linker and the WASI 0.2 host (`wasi/p2`).
 */

import type { RuntimeResourceType } from '../abi/resource-type.js';

/** A host implementation of one interface. */
export interface HostInterface {
  /** `namespace:package/interface`, without a version (e.g. `wasi:io/streams`). */
  readonly name: string;
  /**
   * The version implemented (e.g. `0.2.12`), or undefined for an unversioned interface. An import of
   * version V resolves here when V has the same major version (for 0.x: the same major and minor)
   * and V <= this version: one 0.2.12 host serves 0.2.0 ... 0.2.12 guests.
   */
  readonly version?: string;
  /**
   * The functions, keyed by their name in the interface as the component binary spells them:
   * `get-stdout`, `[method]output-stream.blocking-write-and-flush`, `[constructor]fields`,
   * `[static]fields.from-list`, `[resource-drop]...` is not needed (drops run the resource type's
   * `destroy`). Each receives one JS value per parameter and returns the JS value of the result.
   */
  readonly funcs: Readonly<Record<string, (...args: any[]) => unknown>>;
  /** The resource types the interface defines, by name (`output-stream`). */
  readonly resources: Readonly<Record<string, RuntimeResourceType>>;
}

/** Parses `ns:pkg/iface@1.2.3` into its name and optional version. */
export function splitInterfaceName(name: string): { name: string; version?: string } {
  const at = name.lastIndexOf('@');
  if (at <= 0) return { name };
  return { name: name.slice(0, at), version: name.slice(at + 1) };
}

function parseVersion(v: string): [number, number, number, string] | null {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4] ?? ''] : null;
}

/**
 * True when a host interface of version `provided` can satisfy an import of version `wanted`
 * (semver compatibility as above; pre-release versions must match exactly).
 */
export function versionSatisfies(provided: string | undefined, wanted: string | undefined): boolean {
  if (wanted === undefined || provided === undefined) return wanted === provided;
  if (provided === wanted) return true;
  const p = parseVersion(provided);
  const w = parseVersion(wanted);
  if (!p || !w || p[3] || w[3]) return false;
  if (p[0] !== w[0]) return false;
  if (p[0] === 0 && p[1] !== w[1]) return false;
  if (p[1] !== w[1]) return p[1] > w[1];
  return p[2] >= w[2];
}

/** A set of host interfaces, looked up by import name with version matching. */
export class HostInterfaces {
  private readonly byName = new Map<string, HostInterface[]>();

  /** Adds an interface (several versions of one name may coexist; the newest compatible wins). */
  define(iface: HostInterface): this {
    const list = this.byName.get(iface.name) ?? [];
    list.push(iface);
    this.byName.set(iface.name, list);
    return this;
  }

  /** The interface that satisfies the import `importName` (`ns:pkg/iface@version`), if any. */
  resolve(importName: string): HostInterface | undefined {
    const { name, version } = splitInterfaceName(importName);
    const candidates = (this.byName.get(name) ?? []).filter((i) => versionSatisfies(i.version, version));
    candidates.sort((a, b) => (versionSatisfies(a.version, b.version) ? -1 : 1));
    return candidates[0];
  }

  /** Every defined interface. */
  all(): HostInterface[] {
    return [...this.byName.values()].flat();
  }
}
