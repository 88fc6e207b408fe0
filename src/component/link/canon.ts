/**
 * Canonical definitions at run time (Explainer.md "Canonical Definitions"): `canon lift` makes a
 * component function of a core function, `canon lower` a core function of a component function,
 * and `resource.new` / `resource.rep` / `resource.drop` core functions over the instance's handle
 * table. The work itself is the canonical ABI's (`../abi`); this file resolves the options and
 * types of one definition against the frame.
 */

import { LinkError } from '../../api/errors.js';
import type { WasmFunc } from '../../api/values.js';
import { liftFunction, lowerFunction, type ComponentFunction } from '../abi/call.js';
import { flattenFuncType } from '../abi/flatten.js';
import type { CanonOptions } from '../abi/options.js';
import { resourceDrop, resourceNew, resourceRep } from '../abi/resources.js';
import type { Canon, CanonOption } from '../binary/ast.js';
import type { ComponentFuncType, ResourceType } from '../types.js';
import { substituteFunc } from './bind.js';
import type { Frame } from './frame.js';

function coreFunc(frame: Frame, index: number, what: string): WasmFunc {
  const f = frame.coreFuncs[index];
  if (f === undefined) throw new LinkError(`${frame.path}: ${what}: core function index ${index} is out of bounds`);
  return f;
}

function options(frame: Frame, opts: readonly CanonOption[], what: string): CanonOptions {
  let memory;
  let realloc;
  let postReturn;
  let stringEncoding: CanonOptions['stringEncoding'];
  for (const o of opts) {
    switch (o.kind) {
      case 'string-encoding':
        stringEncoding = o.encoding;
        break;
      case 'memory':
        memory = frame.coreMemories[o.index];
        if (memory === undefined) throw new LinkError(`${frame.path}: ${what}: core memory index ${o.index} is out of bounds`);
        break;
      case 'realloc':
        realloc = coreFunc(frame, o.index, what);
        break;
      case 'post-return':
        postReturn = coreFunc(frame, o.index, what);
        break;
      case 'async':
      case 'callback':
        throw new LinkError(`${frame.path}: ${what}: the \`${o.kind}\` canonical option (Preview 3) is not supported`);
    }
  }
  return { instance: frame.state, memory, realloc, postReturn, stringEncoding };
}

function funcTypeAt(frame: Frame, typeIndex: number, what: string): ComponentFuncType {
  const t = frame.types[typeIndex];
  if (t === undefined || t.kind !== 'func') throw new LinkError(`${frame.path}: ${what}: type index ${typeIndex} is not a function type`);
  return t.type;
}

function resourceAt(frame: Frame, typeIndex: number, what: string): ResourceType {
  const t = frame.types[typeIndex];
  if (t === undefined || t.kind !== 'resource') throw new LinkError(`${frame.path}: ${what}: type index ${typeIndex} is not a resource type`);
  return t.resource;
}

/** `canon lift`: the component function of a core function of `frame`. */
export function canonLift(frame: Frame, c: Extract<Canon, { kind: 'lift' }>, funcIndex: number): ComponentFunction {
  const what = `canon lift of component function ${funcIndex}`;
  const ft = funcTypeAt(frame, c.typeIndex, what);
  try {
    return liftFunction(ft, coreFunc(frame, c.coreFunc, what), options(frame, c.options, what));
  } catch (e) {
    if (e instanceof LinkError) throw new LinkError(`${frame.path}: ${what}: ${e.message}`);
    throw e;
  }
}

/** `canon lower`: the core function through which `frame`'s core code calls component function `c.func`. */
export function canonLower(frame: Frame, c: Extract<Canon, { kind: 'lower' }>, coreIndex: number): WasmFunc {
  const what = `canon lower of component function ${c.func} (core function ${coreIndex})`;
  const callee = frame.funcs[c.func];
  if (callee === undefined) throw new LinkError(`${frame.path}: ${what}: component function index ${c.func} is out of bounds`);
  // Note: the lowering uses this component's own view of the function's type (the resources it
  // names are bound to the same runtime types as the callee's, or the import was refused).
  const static_ = frame.spaces.funcs[c.func]?.type;
  const ft = static_ === undefined ? callee.type : substituteFunc(frame, static_);
  try {
    const fn = lowerFunction(ft, callee, options(frame, c.options, what));
    return frame.engine.createHostFunction(flattenFuncType(ft, 'lower'), fn);
  } catch (e) {
    if (e instanceof LinkError) throw new LinkError(`${frame.path}: ${what}: ${e.message}`);
    throw e;
  }
}

/** `resource.new`, `resource.rep` or `resource.drop` of a resource type of `frame`, as a core function. */
export function canonResource(frame: Frame, c: Extract<Canon, { kind: 'resource.new' | 'resource.drop' | 'resource.rep' }>): WasmFunc {
  const what = `canon ${c.kind}`;
  const t = resourceAt(frame, c.typeIndex, what);
  const inst = frame.state;
  switch (c.kind) {
    case 'resource.new':
      return frame.engine.createHostFunction({ params: ['i32'], results: ['i32'] }, (rep: number) => resourceNew(inst, t, rep));
    case 'resource.rep':
      return frame.engine.createHostFunction({ params: ['i32'], results: ['i32'] }, (index: number) => resourceRep(inst, t, index >>> 0));
    case 'resource.drop':
      return frame.engine.createHostFunction({ params: ['i32'], results: [] }, (index: number) => {
        resourceDrop(inst, t, index >>> 0);
      });
  }
}
