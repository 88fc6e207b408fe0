/**
 * WAVE function calls (the "Function calls" appendix of the WAVE README), as in
 * `wasmtime run --invoke 'name(arg, ...)'`: an export path followed by parenthesized,
 * comma-separated WAVE arguments; trailing `option` arguments may be left out (they are `none`).
 */

import type { ComponentValue } from '../abi/values.js';
import type { ExportedInstance } from '../link/component-instance.js';
import type { ComponentFuncType } from '../types.js';
import { WaveError } from './errors.js';
import { tokenizeWave } from './lexer.js';
import { parseNode, WaveCursor, type WaveNode } from './parser.js';
import { printWave } from './printer.js';
import { waveNodeToValue } from './typed.js';

/** A parsed, not yet typed, WAVE function call. */
export interface WaveCall {
  /** The function's name or export path, as written (`add`, `wasi:cli/run@0.2.0#run`, `[method]r.get`). */
  readonly name: string;
  /** The arguments, untyped. */
  readonly args: readonly WaveNode[];
}

/** Parses `name(arg, ...)`. The name is everything before the first `(` (no whitespace inside). */
export function parseWaveCall(text: string): WaveCall {
  const open = text.indexOf('(');
  if (open < 0) throw new WaveError('invalid function call: expected `name(args...)`', 0, text.length);
  const lead = /^\s*/.exec(text)![0].length;
  const name = text.slice(lead, open).trimEnd();
  if (name === '') throw new WaveError('invalid function call: missing function name', lead, open);
  if (/\s/.test(name)) throw new WaveError(`invalid function name \`${name}\``, lead, open);
  const c = new WaveCursor(tokenizeWave(text, open), text.length);
  c.expect('(');
  const args: WaveNode[] = [];
  if (!c.eat(')')) {
    for (;;) {
      args.push(parseNode(c));
      const t = c.next();
      if (t.kind === ')') break;
      if (t.kind !== ',') throw new WaveError(`unexpected token \`${t.kind}\`, expected \`,\` or \`)\``, t.start, t.end);
      if (c.eat(')')) break;
    }
  }
  const rest = c.peek();
  if (rest !== undefined) throw new WaveError('trailing characters', rest.start, rest.end);
  return { name, args };
}

/** The JS arguments of `call` for a function of type `ft` (omitted trailing options are `none`). */
export function waveCallArgs(call: WaveCall, ft: ComponentFuncType): unknown[] {
  if (call.args.length > ft.params.length) {
    const extra = call.args[ft.params.length]!;
    throw new WaveError(`invalid params: \`${call.name}\` takes ${ft.params.length} argument(s), found ${call.args.length}`, extra.start, extra.end);
  }
  return ft.params.map((p, i) => {
    const node = call.args[i];
    if (node !== undefined) return waveNodeToValue(node, p.type);
    if (p.type.kind === 'option') return { tag: 'none' };
    throw new WaveError(`invalid params: missing argument \`${p.name}\` of \`${call.name}\``, 0, 0);
  });
}

/**
 * Calls the exported function named in `callText` (`'f(1, "x")'`, `'iface#f(some(2))'`) of
 * `instance` and returns its result printed in WAVE, or `''` when the function has no result.
 * Malformed or ill-typed text is a {@link WaveError}; the call itself may trap.
 */
export function invokeWave(instance: ExportedInstance, callText: string): string {
  const call = parseWaveCall(callText);
  const fn = instance.func(call.name);
  const result: ComponentValue | undefined = fn.call(...waveCallArgs(call, fn.type));
  return fn.type.result === null ? '' : printWave(result, fn.type.result);
}
