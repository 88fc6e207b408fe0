/**
 * Core-level definitions of a component at run time: instantiating an embedded core module with
 * named core instances as its import arguments (`(instantiate M (with "name" (instance i)))`),
 * and core instances built from existing core items (`from exports` bundles).
 */

import { LinkError } from '../../api/errors.js';
import type { Extern } from '../../api/values.js';
import { Linker } from '../../runtime/linker.js';
import type { CoreInstanceDecl } from '../binary/ast.js';
import type { Frame } from './frame.js';
import type { CoreInstanceValue } from './items.js';

/**
 * Creates the core instance of `decl` in `frame`: either instantiates a core module (on the frame's
 * engine, running its start function) or bundles existing core items. Import errors are
 * {@link LinkError}s naming the module argument and item.
 */
export function coreInstance(frame: Frame, decl: CoreInstanceDecl, index: number): CoreInstanceValue {
  if (decl.kind === 'exports') {
    const out = new Map<string, Extern>();
    for (const e of decl.exports) out.set(e.name, frame.coreItem(e.sort, e.index));
    return out;
  }
  const module = frame.coreModules[decl.module];
  if (module === undefined) throw new LinkError(`${frame.path}: core module index ${decl.module} is out of bounds`);
  const linker = new Linker(frame.engine);
  for (const arg of decl.args) {
    const inst = frame.coreInstances[arg.instance];
    if (inst === undefined) throw new LinkError(`${frame.path}: core instance index ${arg.instance} is out of bounds`);
    for (const [name, e] of inst) linker.define(arg.name, name, e);
  }
  let instance;
  try {
    instance = linker.instantiate(module.compiled);
  } catch (e) {
    if (e instanceof LinkError) throw new LinkError(`${frame.path}: core instance ${index} (of core module ${decl.module}): ${e.message}`);
    throw e;
  }
  return new Map(Object.entries(instance.exports));
}
