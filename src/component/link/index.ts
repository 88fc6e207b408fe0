/**
 * The component linker: instantiates a decoded component over an injected core {@link Engine}
 * (interp, native or jit: the linker never knows which) and exposes its exports to TypeScript.
 *
 * ```ts
 * const instance = instantiateComponent(decodeComponent(bytes), { engine, imports: hostInterfaces });
 * instance.call('test:flavorful/test#f-list-in-record2', []);         // -> { a: 'list_in_record2' }
 * const thing = instance.resource('exports#thing');
 * const ref = thing.construct(42);                                     // an own ResourceRef
 * thing.method('get', ref);                                            // `[method]thing.get`
 * ```
 *
 * Values cross in the canonical ABI's JS value mapping, documented in `../abi/values.ts`:
 * `bool` is a boolean, 8- to 32-bit integers and floats are numbers, 64-bit integers are bigints,
 * `char` and `string` are strings, `list<u8>` is a `Uint8Array` and other lists are arrays, records
 * are objects keyed by the declared (kebab-case) field names, tuples are arrays, variants,
 * options and results are `{ tag, val? }` objects (`{ tag: 'some', val }`, `{ tag: 'none' }`,
 * `{ tag: 'ok', val }`, `{ tag: 'err', val }`), enums are the case name, flags are objects of
 * booleans, and `own`/`borrow` handles are `ResourceRef`s.
 *
 * Imports come from an {@link ImportSource}: a {@link HostInterfaces} registry (one
 * {@link HostInterface} per WIT interface, matched by name and any semver-compatible version: a
 * 0.2.12 host serves 0.2.0 ... 0.2.12 guests), or maps from import name to an {@link ImportValue}
 * (a JS function, an instance object, a resource type, or another component instance's export).
 * Function imports take their type from the component's own import declaration; host resource
 * types are bound to the import's abstract resources, and each resource a component defines gets
 * one `RuntimeResourceType` per instance.
 *
 * Errors: a missing or mismatched import is a {@link LinkError} that names the import (and the
 * export inside an instance import, and the type mismatch); a guest trap is a `Trap`; a host
 * value that does not fit its type is a `ComponentValueError`. Not supported: Preview 3 (async
 * canonical options and built-ins, streams, futures), value definitions, core tags.
 */

export { bindExtern, substitute, substituteFunc, substituteTypeDef, substituteValue, unboundResources } from './bind.js';
export { CompiledComponent, compileComponent } from './compiled-component.js';
export {
  ComponentInstance,
  ExportedFunction,
  ExportedInstance,
  ExportedResource,
  findExportName,
  type ExportedOther,
  type ExportedType,
  type ExportItem,
} from './component-instance.js';
export { HostInterfaces, splitInterfaceName, versionSatisfies, type HostInterface } from './host-interface.js';
export { isResourceType, lookupImport, type HostFunctionValue, type HostInstance, type ImportMap, type ImportSource, type ImportValue } from './imports.js';
export { instantiateComponent, type InstantiateOptions } from './instantiate.js';
export { externTypeOfItem, InstanceItems, type ComponentClosure, type CoreInstanceValue, type LinkItem, type ModuleValue } from './items.js';
