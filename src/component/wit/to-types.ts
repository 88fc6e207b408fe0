/**
 * Turns resolved WIT into the component type model of {@link ../types.ts}: value types, function
 * types and instance types. A host that implements an interface from its WIT text (WASI 0.2) gets
 * the same types the decoder resolves from a component, so the linker can compare them. Resource
 * identity is kept per {@link WitTypeContext}: a `use`d resource is the very same
 * {@link ResourceType} as the one it names.
 */

import { CompileError } from '../../api/errors.js';
import type { ComponentExternType, ComponentFuncType, InstanceType, ResourceType, ValueType } from '../types.js';
import { interfaceId, unaliasDef, type TypeDef, type WitFunction, type WitInterface, type WitType } from './model.js';

/** Memo of conversions: one {@link ResourceType} per WIT resource definition, one node per type definition. */
export class WitTypeContext {
  private readonly resources = new Map<TypeDef, ResourceType>();
  private readonly values = new Map<TypeDef, ValueType>();

  /** The resource type of a WIT resource definition (following `use` aliases). */
  resource(def: TypeDef): ResourceType {
    const d = unaliasDef(def);
    if (d.kind.kind !== 'resource') throw new CompileError(`type \`${def.name ?? '<anonymous>'}\` is not a resource`);
    let r = this.resources.get(d);
    if (r === undefined) {
      const owner = d.owner?.kind === 'interface' ? (interfaceId(d.owner) ?? d.owner.name ?? '') : (d.owner?.name ?? '');
      r = { kind: 'resource', name: owner ? `${owner}.${d.name}` : (d.name ?? 'resource') };
      this.resources.set(d, r);
    }
    return r;
  }

  /** The value type a WIT type denotes. */
  value(t: WitType): ValueType {
    if (t.kind === 'prim') return { kind: 'prim', prim: t.prim };
    const d = t.def;
    const hit = this.values.get(d);
    if (hit !== undefined) return hit;
    const v = this.build(d);
    this.values.set(d, v);
    return v;
  }

  private build(d: TypeDef): ValueType {
    const v = (t: WitType): ValueType => this.value(t);
    const k = d.kind;
    switch (k.kind) {
      case 'alias':
        return v(k.type);
      case 'record':
        return { kind: 'record', fields: k.fields.map((f) => ({ name: f.name, type: v(f.type) })) };
      case 'variant':
        return { kind: 'variant', cases: k.cases.map((c) => ({ name: c.name, type: c.type === null ? null : v(c.type) })) };
      case 'enum':
        return { kind: 'enum', names: k.cases.map((c) => c.name) };
      case 'flags':
        return { kind: 'flags', names: k.names.map((c) => c.name) };
      case 'tuple':
        return { kind: 'tuple', types: k.types.map(v) };
      case 'option':
        return { kind: 'option', type: v(k.type) };
      case 'result':
        return { kind: 'result', ok: k.ok === null ? null : v(k.ok), err: k.err === null ? null : v(k.err) };
      case 'list':
        return k.length === undefined ? { kind: 'list', elem: v(k.elem) } : { kind: 'list', elem: v(k.elem), length: k.length };
      case 'handle':
        return { kind: k.handle, resource: this.resource(k.resource) };
      case 'resource':
        // Note: a bare resource name in a value position is an owned handle.
        return { kind: 'own', resource: this.resource(d) };
      case 'future':
      case 'stream':
      case 'map':
        throw new CompileError(`WIT \`${k.kind}\` types are not supported: kpio implements the WASI 0.2 (synchronous) component model`);
    }
  }

  /** The component function type of a WIT function (methods keep their explicit `self`). */
  func(f: WitFunction): ComponentFuncType {
    const params = f.params.map((p) => ({ name: p.name, type: this.value(p.type) }));
    const result = f.result === null ? null : this.value(f.result);
    return f.async ? { params, result, async: true } : { params, result };
  }

  /**
   * The instance type an interface describes: its named types (resources as abstract resource
   * exports) and its functions under their component names (`[method]r.f`, ...).
   */
  instance(iface: WitInterface): InstanceType {
    const exports = new Map<string, ComponentExternType>();
    const resources: ResourceType[] = [];
    for (const [name, def] of iface.types) {
      const target = unaliasDef(def);
      if (target.kind.kind === 'resource') {
        const r = this.resource(target);
        if (target.owner === iface) resources.push(r);
        exports.set(name, { kind: 'type', type: { kind: 'resource', resource: r } });
      } else exports.set(name, { kind: 'type', type: { kind: 'value', type: this.value({ kind: 'named', def }) } });
    }
    for (const [name, f] of iface.functions) exports.set(name, { kind: 'func', type: this.func(f) });
    return { kind: 'instance', exports, resources };
  }
}
