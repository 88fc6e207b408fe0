/**
 * Runs `.wast` spec scripts against an engine: modules (text, binary, quote), register, actions and
 * every 2.0 assertion, with the `spectest` host module. Counts passed, failed and skipped commands.
 */

import { CompileError, LinkError, Trap, TrapCode } from '../api/errors.js';
import type { Value } from '../api/values.js';
import type { Engine } from '../runtime/engine.js';
import { Instance } from '../runtime/instance.js';
import { Linker } from '../runtime/linker.js';
import { encodeModule } from '../wasm/binary/encoder.js';
import { decodeModule } from '../wasm/binary/decoder.js';
import { validateModule } from '../wasm/validate/index.js';
import type { WastAction, WastCommand, WastModule, WastScript } from '../wasm/text/index.js';
import { parseWat, WatParseError } from '../wasm/text/index.js';
import { type ExpectedFailures, NO_EXPECTED_FAILURES } from './expected-failures.js';
import { formatActual, formatExpected, trapMatches, valueMatches } from './result-match.js';
import { defineSpectest } from './spectest.js';

/** One failed (or expected-to-fail) command. */
export interface WastFailure {
  readonly line: number;
  readonly command: string;
  readonly message: string;
  /** Set when the failure is on the expected-failures list. */
  readonly expectedBecause?: string;
}

/** Counts for one script. */
export interface WastResult {
  readonly file: string;
  passed: number;
  failed: number;
  skipped: number;
  /** Failures listed as expected (counted in `skipped`). */
  expected: number;
  /** assert_invalid / assert_malformed whose rejection message also matched the script's text. */
  messageMatched: number;
  /** assert_invalid / assert_malformed that were rejected with a different message. */
  messageDiffered: number;
  readonly failures: WastFailure[];
  /** Lines listed as expected failures that passed (the list entry is stale). */
  readonly unexpectedPasses: number[];
}

/** Options of {@link runWastScript}. */
export interface WastRunOptions {
  /** Creates the engine for this script (a fresh store per script). */
  readonly createEngine: () => Engine;
  /** Name of the engine, for the expected-failures list. */
  readonly engineName: string;
  /** File name used as the id prefix in the expected-failures list. */
  readonly fileId: string;
  readonly expectedFailures?: ExpectedFailures;
  /** Suite name in the expected-failures list (default `spec`). */
  readonly suite?: string;
}

class CommandFailure extends Error {}

function fail(message: string): never {
  throw new CommandFailure(message);
}

/** Parses/encodes a script module into bytes (text and quote go through our .wat parser). */
function moduleBytes(m: WastModule, filename: string): Uint8Array {
  switch (m.source.kind) {
    case 'binary':
      return m.source.bytes;
    case 'quote':
      return encodeModule(parseWat(m.source.bytes, filename));
    case 'text':
      return encodeModule(parseWat(m.source.text, filename, { origin: { line: m.source.line, column: m.source.column } }));
  }
}

function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

/** Runs one parsed script. */
export function runWastScript(script: WastScript, options: WastRunOptions): WastResult {
  const engine = options.createEngine();
  const xfail = options.expectedFailures ?? NO_EXPECTED_FAILURES;
  const suite = options.suite ?? 'spec';
  const linker = new Linker(engine);
  defineSpectest(linker);
  const named = new Map<string, Instance>();
  let current: Instance | null = null;
  const result: WastResult = {
    file: script.filename,
    passed: 0,
    failed: 0,
    skipped: 0,
    expected: 0,
    messageMatched: 0,
    messageDiffered: 0,
    failures: [],
    unexpectedPasses: [],
  };

  const instanceFor = (name: string | null): Instance => {
    if (name === null) return current ?? fail('no module has been defined yet');
    return named.get(name) ?? fail(`unknown module ${name}`);
  };

  const instantiate = (m: WastModule): Instance => {
    const bytes = moduleBytes(m, script.filename);
    const validated = validateModule(decodeModule(bytes));
    return linker.instantiate(engine.compile(validated, bytes));
  };

  const perform = (action: WastAction): Value[] => {
    const inst = instanceFor(action.module);
    if (action.kind === 'get') return [inst.global(action.name).getExact()];
    const fn = inst.exports[action.name];
    if (!fn || fn.kind !== 'func') fail(`no exported function "${action.name}"`);
    return fn.callExact(action.args.map((a) => a.value));
  };

  const expectTrap = (run: () => unknown, expected: string, what: string): void => {
    try {
      run();
    } catch (e) {
      if (e instanceof Trap) {
        if (trapMatches(e, expected)) return;
        fail(`${what}: expected trap "${expected}", got trap "${e.message}"`);
      }
      if (e instanceof CommandFailure) throw e;
      fail(`${what}: expected trap "${expected}", got ${describeError(e)}`);
    }
    fail(`${what}: expected trap "${expected}", but it returned normally`);
  };

  const noteMessage = (got: string, expected: string) => {
    if (got.startsWith(expected)) result.messageMatched++;
    else result.messageDiffered++;
  };

  const run = (cmd: WastCommand): void => {
    switch (cmd.kind) {
      case 'module': {
        const inst = instantiate(cmd);
        current = inst;
        if (cmd.name !== null) named.set(cmd.name, inst);
        return;
      }
      case 'register':
        linker.defineInstance(cmd.as, instanceFor(cmd.module));
        return;
      case 'action':
        perform(cmd.action);
        return;
      case 'assert_return': {
        const got = perform(cmd.action);
        if (got.length !== cmd.expected.length) {
          fail(`expected ${cmd.expected.length} results, got ${got.length}`);
        }
        cmd.expected.forEach((e, i) => {
          if (!valueMatches(got[i]!, e)) {
            fail(`result ${i}: expected ${formatExpected(e)}, got ${formatActual(got[i]!)}`);
          }
        });
        return;
      }
      case 'assert_trap':
        expectTrap(() => perform(cmd.action), cmd.message, `"${cmd.action.name}"`);
        return;
      case 'assert_exhaustion':
        try {
          perform(cmd.action);
        } catch (e) {
          if (e instanceof Trap && e.is(TrapCode.CallStackExhausted)) return;
          fail(`expected call stack exhaustion, got ${describeError(e)}`);
        }
        fail('expected call stack exhaustion, but it returned normally');
        return;
      case 'assert_malformed': {
        try {
          const bytes = moduleBytes(cmd.module, script.filename);
          if (cmd.module.source.kind !== 'binary') {
            fail(`expected malformed text ("${cmd.message}"), but it parsed`);
          }
          decodeModule(bytes);
        } catch (e) {
          if (e instanceof WatParseError) return noteMessage(e.reason, cmd.message);
          if (e instanceof CompileError) return noteMessage(e.reason, cmd.message);
          if (e instanceof CommandFailure) throw e;
          fail(`expected malformed ("${cmd.message}"), got ${describeError(e)}`);
        }
        fail(`expected malformed ("${cmd.message}"), but it decoded`);
        return;
      }
      case 'assert_invalid': {
        let bytes: Uint8Array;
        try {
          bytes = moduleBytes(cmd.module, script.filename);
        } catch (e) {
          fail(`expected invalid ("${cmd.message}"), but the text did not parse: ${describeError(e)}`);
        }
        try {
          validateModule(decodeModule(bytes));
        } catch (e) {
          if (e instanceof CompileError) return noteMessage(e.reason, cmd.message);
          fail(`expected invalid ("${cmd.message}"), got ${describeError(e)}`);
        }
        fail(`expected invalid ("${cmd.message}"), but it validated`);
        return;
      }
      case 'assert_unlinkable':
        try {
          instantiate(cmd.module);
        } catch (e) {
          if (e instanceof LinkError) return;
          fail(`expected unlinkable ("${cmd.message}"), got ${describeError(e)}`);
        }
        fail(`expected unlinkable ("${cmd.message}"), but it instantiated`);
        return;
      case 'assert_uninstantiable':
        expectTrap(() => instantiate(cmd.module), cmd.message, 'instantiation');
        return;
      default:
        // Note: component commands belong to runComponentWastScript; never count them as passed here.
        fail(`${cmd.kind} is not a core command: run this script with the component runner`);
    }
  };

  for (const cmd of script.commands) {
    try {
      run(cmd);
      if (cmd.kind !== 'register') result.passed++;
      if (xfail.find(suite, `${options.fileId}:${cmd.line}`, options.engineName)) {
        result.unexpectedPasses.push(cmd.line);
      }
    } catch (e) {
      const message = e instanceof CommandFailure ? e.message : describeError(e);
      const id = `${options.fileId}:${cmd.line}`;
      const xf = xfail.find(suite, id, options.engineName);
      if (xf) {
        result.expected++;
        result.skipped++;
        result.failures.push({ line: cmd.line, command: cmd.kind, message, expectedBecause: xf.reason });
      } else {
        result.failed++;
        result.failures.push({ line: cmd.line, command: cmd.kind, message });
      }
    }
  }
  return result;
}
