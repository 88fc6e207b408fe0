/**
 * The fields of a component in the text format: core modules (their text handed to the core
 * front end), core instances, core types, nested components, instances, aliases, types,
 * canonical definitions and their `func`/`core func` abbreviations, start, imports and exports.
 */

import { encodeModule } from '../../wasm/binary/encoder.js';
import { TokenKind } from '../../wasm/text/lexer.js';
import { parseWat } from '../../wasm/text/wat.js';
import type { CoreExport, CoreItemRef, ExportField, ExportItem, Field, ItemRef } from './ast.js';
import { parseCanonOpts, parseCoreCanon, parseLiftTarget } from './parse-canon.js';
import { type ComponentCursor, coreItemRefRest, inlineExports, inlineImport, isIdxAt, isOpen, itemRefRest, kwAt, originOf, parseExternName, parseIdx } from './parse-common.js';
import { parseAliasRest, parseCoreModuleTypeUse, parseCoreTypeRest, parseFuncTypeBody, parseItemSig, parseTypeDecls, parseTypeDef, parseTypeUse } from './parse-types.js';

/** Reads fields up to the closing `)` (or the end of input) of a component body. */
export function parseFields(cur: ComponentCursor): Field[] {
  const fields: Field[] = [];
  while (cur.peek() === TokenKind.LParen) fields.push(parseField(cur));
  return fields;
}

function parseField(cur: ComponentCursor): Field {
  const at = cur.expect(TokenKind.LParen);
  const kw = kwAt(cur, cur.pos);
  let field: Field;
  switch (kw) {
    case 'core': {
      const k2 = kwAt(cur, cur.pos + 1);
      cur.pos += 2;
      if (k2 === 'module') field = coreModule(cur, at);
      else if (k2 === 'instance') field = coreInstance(cur, at);
      else if (k2 === 'type') field = { kind: 'core-type', type: parseCoreTypeRest(cur, at) };
      else if (k2 === 'func') field = coreFunc(cur, at);
      else if (k2 === 'rec') cur.fail('core GC type definitions inside components are not supported', at + 2);
      else cur.unexpected(at + 2);
      break;
    }
    case 'component':
      cur.pos++;
      field = nestedComponent(cur, at);
      break;
    case 'instance':
      cur.pos++;
      field = instance(cur, at);
      break;
    case 'alias':
      cur.pos++;
      field = { kind: 'alias', alias: parseAliasRest(cur, at) };
      break;
    case 'type': {
      cur.pos++;
      const id = cur.optionalId();
      const exports = inlineExports(cur);
      field = { kind: 'type', type: { id, exports, def: parseTypeDef(cur), at } };
      break;
    }
    case 'canon':
      cur.pos++;
      field = canon(cur, at);
      break;
    case 'func':
      cur.pos++;
      field = func(cur, at);
      break;
    case 'start':
      cur.pos++;
      field = start(cur, at);
      break;
    case 'import':
      cur.pos++;
      field = { kind: 'import', name: parseExternName(cur), sig: parseItemSig(cur) };
      break;
    case 'export':
      cur.pos++;
      field = { kind: 'export', export: exportRest(cur, at) };
      break;
    default:
      if (cur.rawKind(cur.pos) === TokenKind.Unknown && cur.textAt(cur.pos) === '@custom') cur.fail('custom section annotations are not supported in components');
      return cur.unexpected();
  }
  cur.close();
  return field;
}

/** `(core module $id? (export "n")* (import "n") type | field*)`: the fields go to the core parser. */
function coreModule(cur: ComponentCursor, at: number): Field {
  const id = cur.optionalId();
  const exports = inlineExports(cur);
  const imp = inlineImport(cur);
  if (imp !== null) return { kind: 'core-module', id, exports, body: { kind: 'import', name: imp, type: parseCoreModuleTypeUse(cur) }, at };
  const first = cur.pos;
  const close = cur.toks.partner[at]!;
  if (close < 0) cur.unexpected(cur.toks.count - 1);
  const text = cur.toks.text.slice(cur.toks.starts[first], cur.toks.starts[close]);
  const module = parseWat(text, cur.filename, { origin: originOf(cur, first) });
  cur.pos = close;
  return { kind: 'core-module', id, exports, body: { kind: 'inline', bytes: encodeModule(module) }, at };
}

/** `(core instance $id? (instantiate m arg*) | export*)`. */
function coreInstance(cur: ComponentCursor, at: number): Field {
  const id = cur.optionalId();
  if (isOpen(cur, 'instantiate')) {
    cur.pos += 2;
    let module: ItemRef;
    if (isIdxAt(cur)) module = { sort: 'core module', idx: parseIdx(cur), exports: [] };
    else {
      cur.open('module');
      module = itemRefRest(cur, 'core module');
      cur.close();
    }
    const args: Extract<Extract<Field, { kind: 'core-instance' }>['body'], { kind: 'instantiate' }>['args'] = [];
    while (cur.peek() === TokenKind.LParen) {
      cur.open('with');
      const name = cur.name();
      const argAt = cur.expect(TokenKind.LParen);
      cur.expectKeyword('instance');
      if (isIdxAt(cur) && (cur.rawKind(cur.pos + 1) === TokenKind.RParen || cur.rawKind(cur.pos + 1) === TokenKind.String)) {
        args.push({ name, arg: { kind: 'ref', ref: coreItemRefRest(cur, 'core instance') } });
      } else {
        args.push({ name, arg: { kind: 'exports', exports: coreExports(cur), at: argAt } });
      }
      cur.close();
      cur.close();
    }
    cur.close();
    return { kind: 'core-instance', id, body: { kind: 'instantiate', module, args }, at };
  }
  return { kind: 'core-instance', id, body: { kind: 'exports', exports: coreExports(cur) }, at };
}

/** The core sorts a core instance export may name. */
const CORE_EXPORT_KINDS: Readonly<Record<string, CoreItemRef['sort']>> = {
  func: 'core func',
  table: 'core table',
  memory: 'core memory',
  global: 'core global',
  tag: 'core tag',
};

/** `(export "name" (kind idx "export"?))*` of a core instance built from exports. */
function coreExports(cur: ComponentCursor): CoreExport[] {
  const out: CoreExport[] = [];
  while (cur.peek() === TokenKind.LParen) {
    const at = cur.pos;
    cur.open('export');
    const name = cur.name();
    cur.expect(TokenKind.LParen);
    const kw = kwAt(cur, cur.pos);
    const sort = kw === null ? undefined : CORE_EXPORT_KINDS[kw];
    if (sort === undefined) cur.unexpected();
    cur.pos++;
    out.push({ name, item: coreItemRefRest(cur, sort), at });
    cur.close();
    cur.close();
  }
  return out;
}

/** `(core func $id? (canon ...) | (alias core export idx "name"))`. */
function coreFunc(cur: ComponentCursor, at: number): Field {
  const id = cur.optionalId();
  cur.expect(TokenKind.LParen);
  const kw = kwAt(cur, cur.pos);
  let field: Field;
  if (kw === 'alias') {
    cur.pos++;
    cur.expectKeyword('core');
    cur.expectKeyword('export');
    const instance = parseIdx(cur);
    const name = cur.name();
    field = { kind: 'core-func', id, body: { kind: 'alias', instance, name }, at };
  } else if (kw === 'canon') {
    cur.pos++;
    const c = parseCoreCanon(cur);
    if (c === null) cur.unexpected();
    field = { kind: 'core-func', id, body: { kind: 'canon', canon: c }, at };
  } else {
    cur.unexpected();
  }
  cur.close();
  return field;
}

/** `(component $id? (export "n")* (import "n") type | field*)`. */
function nestedComponent(cur: ComponentCursor, at: number): Field {
  const id = cur.optionalId();
  const exports = inlineExports(cur);
  const imp = inlineImport(cur);
  if (imp !== null) {
    return { kind: 'component', id, exports, body: { kind: 'import', name: imp, type: parseTypeUse(cur, (c) => parseTypeDecls(c, true)) }, at };
  }
  return { kind: 'component', id, exports, body: { kind: 'inline', fields: cur.nested(() => parseFields(cur)) }, at };
}

/** The sorts of an export or instantiation argument item `(sort idx "export"*)`. */
function exportItem(cur: ComponentCursor): ExportItem {
  cur.expect(TokenKind.LParen);
  const kw = kwAt(cur, cur.pos);
  let sort: ExportItem['sort'];
  if (kw === 'core') {
    cur.pos++;
    cur.expectKeyword('module');
    sort = 'core module';
  } else if (kw === 'func' || kw === 'value' || kw === 'type' || kw === 'component' || kw === 'instance') {
    cur.pos++;
    sort = kw;
  } else {
    cur.unexpected();
  }
  const ref = itemRefRest(cur, sort);
  cur.close();
  return ref;
}

/** True when the cursor is at an export item `(sort idx ...)` rather than a bundle. */
function isExportItemAt(cur: ComponentCursor): boolean {
  if (cur.rawKind(cur.pos) !== TokenKind.LParen) return false;
  const kw = kwAt(cur, cur.pos + 1);
  if (kw === 'core') return kwAt(cur, cur.pos + 2) === 'module' && isIdxAt(cur, cur.pos + 3);
  return (kw === 'func' || kw === 'value' || kw === 'type' || kw === 'component' || kw === 'instance') && isIdxAt(cur, cur.pos + 2);
}

/** `(instance $id? (export "n")* (import "n") type | (instantiate c arg*) | export*)`. */
function instance(cur: ComponentCursor, at: number): Field {
  const id = cur.optionalId();
  const exports = inlineExports(cur);
  const imp = inlineImport(cur);
  if (imp !== null) {
    return { kind: 'instance', id, exports, body: { kind: 'import', name: imp, type: parseTypeUse(cur, (c) => parseTypeDecls(c, false)) }, at };
  }
  if (isOpen(cur, 'instantiate')) {
    cur.pos += 2;
    let component: ItemRef;
    if (isIdxAt(cur)) component = { sort: 'component', idx: parseIdx(cur), exports: [] };
    else {
      cur.open('component');
      component = itemRefRest(cur, 'component');
      cur.close();
    }
    const args: Extract<Extract<Field, { kind: 'instance' }>['body'], { kind: 'instantiate' }>['args'] = [];
    while (cur.peek() === TokenKind.LParen) {
      cur.open('with');
      const name = cur.name();
      if (isExportItemAt(cur)) args.push({ name, arg: { kind: 'ref', ref: exportItem(cur) } });
      else {
        const argAt = cur.pos;
        cur.open('instance');
        args.push({ name, arg: { kind: 'exports', exports: exportFields(cur), at: argAt } });
        cur.close();
      }
      cur.close();
    }
    cur.close();
    return { kind: 'instance', id, exports, body: { kind: 'instantiate', component, args }, at };
  }
  return { kind: 'instance', id, exports, body: { kind: 'exports', exports: exportFields(cur) }, at };
}

/** `(export $id? "name" item type?)*` of an instance built from exports. */
function exportFields(cur: ComponentCursor): ExportField[] {
  const out: ExportField[] = [];
  while (cur.peek() === TokenKind.LParen) {
    const at = cur.pos;
    cur.open('export');
    out.push(exportRest(cur, at));
    cur.close();
  }
  return out;
}

/** The rest of `(export $id? "name" item type?)` after `export`. */
function exportRest(cur: ComponentCursor, at: number): ExportField {
  const id = cur.optionalId();
  const name = parseExternName(cur);
  const item = exportItem(cur);
  const type = cur.peek() === TokenKind.LParen ? parseItemSig(cur, false) : null;
  return { id, name, item, type, at };
}

/** `(canon lift ... (func $id? type))` or `(canon <core built-in> ... (core func $id?))`. */
function canon(cur: ComponentCursor, at: number): Field {
  if (kwAt(cur, cur.pos) === 'lift') {
    cur.pos++;
    const target = parseLiftTarget(cur);
    const opts = parseCanonOpts(cur);
    cur.open('func');
    const id = cur.optionalId();
    const type = parseTypeUse(cur, parseFuncTypeBody);
    cur.close();
    return { kind: 'canon', id, canon: { kind: 'lift', func: target, opts, type }, at };
  }
  const c = parseCoreCanon(cur);
  if (c === null) cur.unexpected();
  cur.open('core');
  cur.expectKeyword('func');
  const id = cur.optionalId();
  cur.close();
  return { kind: 'canon', id, canon: { kind: 'core', canon: c }, at };
}

/** `(func $id? (export "n")* ( (import "n") type | (alias export i "n") | type (canon lift ...) ))`. */
function func(cur: ComponentCursor, at: number): Field {
  const id = cur.optionalId();
  const exports = inlineExports(cur);
  const imp = inlineImport(cur);
  if (imp !== null) return { kind: 'func', id, exports, body: { kind: 'import', name: imp, type: parseTypeUse(cur, parseFuncTypeBody) }, at };
  if (isOpen(cur, 'alias')) {
    cur.pos += 2;
    cur.expectKeyword('export');
    const instance = parseIdx(cur);
    const name = cur.name();
    cur.close();
    return { kind: 'func', id, exports, body: { kind: 'alias', instance, name }, at };
  }
  const type = parseTypeUse(cur, parseFuncTypeBody);
  cur.open('canon');
  cur.expectKeyword('lift');
  const target = parseLiftTarget(cur);
  const opts = parseCanonOpts(cur);
  cur.close();
  return { kind: 'func', id, exports, body: { kind: 'lift', type, func: target, opts }, at };
}

/** `(start f (value v)* (result (value $id?))*)`. */
function start(cur: ComponentCursor, at: number): Field {
  const f = parseIdx(cur);
  const args: ItemRef[] = [];
  while (cur.peek() === TokenKind.LParen && kwAt(cur, cur.pos + 1) !== 'result') {
    cur.open('value');
    args.push(itemRefRest(cur, 'value'));
    cur.close();
  }
  const results: (string | null)[] = [];
  while (isOpen(cur, 'result')) {
    cur.pos += 2;
    cur.open('value');
    results.push(cur.optionalId());
    cur.close();
    cur.close();
  }
  return { kind: 'start', func: f, args, results, at };
}
