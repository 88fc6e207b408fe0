/**
 * Runs the component commands of `.wast` scripts (the component-model reference tests): component
 * definitions compiled from the component text format (or `binary`/`quote`), instances, `register`,
 * invokes with component values, and the assertions. Components are decoded and validated by
 * kpio's component decoder and instantiated by its linker on the script's engine.
 */

import { CompileError, KpioError, LinkError, Trap } from '../../api/errors.js';
import { ComponentValueError } from '../../component/abi/abi-errors.js';
import { decodeComponent } from '../../component/binary/index.js';
import { CompiledComponent, instantiateComponent, type ComponentInstance } from '../../component/link/index.js';
import { parseComponentFields } from '../../component/text/index.js';
import type { ValueType } from '../../component/types.js';
import type { Engine } from '../../runtime/engine.js';
import type { WastCommand, WastComponent, WastComponentCommand, WastComponentInvoke, WastScript } from '../../wasm/text/index.js';
import { WatParseError } from '../../wasm/text/index.js';
import { NO_EXPECTED_FAILURES } from '../expected-failures.js';
import type { WastResult, WastRunOptions } from '../runner.js';
import { formatComponentValue, matchComponentValue, toComponentValue, ValueMismatch } from './values.js';

/** How wasmtime prefixes every trap message (see {@link ComponentWastSession} `expectTrap`). */
const WASMTIME_TRAP_PREFIX = 'wasm trap: ';

/** A component command that did not do what the script says (the message says why). */
export class ComponentCommandFailure extends Error {
  override name = 'ComponentCommandFailure';
}

function fail(message: string): never {
  throw new ComponentCommandFailure(message);
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** True for the commands {@link ComponentWastSession} runs (all kinds that start with `component`). */
export function isComponentCommand(cmd: WastCommand): cmd is WastComponentCommand {
  return cmd.kind === 'component' || cmd.kind.startsWith('component_');
}

/** True when the script has any component command (such scripts go to {@link runComponentWastScript}). */
export function hasComponentCommands(script: WastScript): boolean {
  return script.commands.some(isComponentCommand);
}

/** What an assertion about a component expects of its compilation. */
type Expectation = 'invalid' | 'malformed';

/** Statistics of rejection messages, as the core runner keeps them. */
interface MessageStats {
  matched: number;
  differed: number;
  /** The rejections whose message did not contain the script's text. */
  readonly differences: { readonly expected: string; readonly got: string }[];
}

/**
 * The state of one script's component commands: compiled definitions, named and current
 * instances, and the registered instances later components may import. Use it from a script
 * runner's loop: {@link run} throws {@link ComponentCommandFailure} (or the unexpected error) when
 * a command fails.
 */
export class ComponentWastSession {
  private readonly definitions = new Map<string, CompiledComponent>();
  private readonly instances = new Map<string, ComponentInstance>();
  private readonly registered = new Map<string, ComponentInstance>();
  private current: ComponentInstance | null = null;
  /** Line of the component that should have become the current instance but failed, if so. */
  private currentFailedAt: number | null = null;
  /** Lines of the components that should have become named instances or definitions but failed. */
  private readonly failedAt = new Map<string, number>();
  /** How many assert_invalid / assert_malformed rejections had the script's message in them. */
  readonly messages: MessageStats = { matched: 0, differed: 0, differences: [] };

  constructor(
    /** The engine every component of the script runs on. */
    readonly engine: Engine,
    /** The script's file name, for error positions in component text. */
    readonly filename: string,
  ) {}

  /** Runs one component command, or `register` of a component instance. */
  run(cmd: WastComponentCommand | Extract<WastCommand, { kind: 'register' }>): void {
    switch (cmd.kind) {
      case 'component':
        if (cmd.definition) {
          if (cmd.name !== null) {
            this.definitions.delete(cmd.name);
            this.failedAt.set(cmd.name, cmd.line);
          }
          const compiled = this.compile(cmd);
          if (cmd.name !== null) {
            this.definitions.set(cmd.name, compiled);
            this.failedAt.delete(cmd.name);
          }
          return;
        }
        this.instantiateAs(() => this.compile(cmd), cmd.name, cmd.line);
        return;
      case 'component_instance':
        this.instantiateAs(() => this.definition(cmd.component), cmd.name, cmd.line);
        return;
      case 'register':
        this.registered.set(cmd.as, this.instanceFor(cmd.module));
        return;
      case 'component_action':
        this.invoke(cmd.action);
        return;
      case 'component_assert_return': {
        const { value, type } = this.invoke(cmd.action);
        if (type === null) {
          if (cmd.expected.length !== 0) fail(`expected ${cmd.expected.length} results, the function returns none`);
          return;
        }
        if (cmd.expected.length !== 1) fail(`expected ${cmd.expected.length} results, the function returns one`);
        const why = matchComponentValue(cmd.expected[0]!, value, type);
        if (why !== null) fail(`result: ${why} (got ${formatComponentValue(value, type)})`);
        return;
      }
      case 'component_assert_trap':
        this.expectTrap(() => this.invoke(cmd.action), cmd.message, `"${cmd.action.name}"`);
        return;
      case 'component_assert_invalid':
        this.expectRejection(cmd.component, cmd.message, 'invalid');
        return;
      case 'component_assert_malformed':
        this.expectRejection(cmd.component, cmd.message, 'malformed');
        return;
      case 'component_assert_unlinkable': {
        const compiled = this.compileForAssertion(cmd.component, 'unlinkable', cmd.message);
        try {
          this.instantiate(compiled);
        } catch (e) {
          if (e instanceof LinkError) return;
          fail(`expected unlinkable ("${cmd.message}"), got ${describe(e)}`);
        }
        fail(`expected unlinkable ("${cmd.message}"), but it instantiated`);
        return;
      }
      case 'component_assert_uninstantiable': {
        const compiled = this.compileForAssertion(cmd.component, 'uninstantiable', cmd.message);
        this.expectTrap(() => this.instantiate(compiled), cmd.message, 'instantiation');
        return;
      }
    }
  }

  /** The bytes of a component definition: its text compiled, or its binary as written. */
  private bytes(c: WastComponent): Uint8Array {
    const src = c.source;
    switch (src.kind) {
      case 'binary':
        return src.bytes;
      case 'quote':
        return parseComponentFields(src.bytes, this.filename, { id: c.name });
      case 'text':
        return parseComponentFields(src.text, this.filename, { id: c.name, origin: { line: src.line, column: src.column } });
    }
  }

  private compile(c: WastComponent): CompiledComponent {
    return new CompiledComponent(decodeComponent(this.bytes(c)), this.engine);
  }

  private compileForAssertion(c: WastComponent, what: string, message: string): CompiledComponent {
    try {
      return this.compile(c);
    } catch (e) {
      fail(`expected ${what} ("${message}"), but the component did not compile: ${describe(e)}`);
    }
  }

  private instantiate(compiled: CompiledComponent): ComponentInstance {
    return instantiateComponent(compiled, { engine: this.engine, imports: this.registered });
  }

  private instantiateAs(compiled: CompiledComponent | (() => CompiledComponent), name: string | null, line: number): void {
    // Note: until it succeeds, the new instance replaces the current (and the named) one, so that
    // later commands report that it is missing instead of running against an older instance.
    this.current = null;
    this.currentFailedAt = line;
    if (name !== null) {
      this.instances.delete(name);
      this.failedAt.set(name, line);
    }
    const inst = this.instantiate(typeof compiled === 'function' ? compiled() : compiled);
    this.current = inst;
    this.currentFailedAt = null;
    if (name !== null) {
      this.instances.set(name, inst);
      this.failedAt.delete(name);
    }
  }

  /** The component definition `name`, or a failure that says why there is none. */
  private definition(name: string): CompiledComponent {
    const def = this.definitions.get(name);
    if (def !== undefined) return def;
    const at = this.failedAt.get(name);
    return fail(at === undefined ? `unknown component definition ${name}` : `no component definition ${name}: the component of line ${at} did not compile`);
  }

  /** The instance `name` (or the current one), or a failure that says why there is none. */
  private instanceFor(name: string | null): ComponentInstance {
    if (name === null) {
      if (this.current !== null) return this.current;
      if (this.currentFailedAt !== null) fail(`no component instance: the component of line ${this.currentFailedAt} did not instantiate`);
      return fail('no component has been instantiated yet');
    }
    const inst = this.instances.get(name);
    if (inst !== undefined) return inst;
    const at = this.failedAt.get(name);
    return fail(at === undefined ? `unknown component instance ${name}` : `no component instance ${name}: the component of line ${at} did not instantiate`);
  }

  private invoke(action: WastComponentInvoke): { value: unknown; type: ValueType | null } {
    const inst = this.instanceFor(action.module);
    const item = inst.get(action.name);
    if (item === undefined || item.kind !== 'func') fail(`no exported function "${action.name}"`);
    const type = item.type;
    if (action.args.length !== type.params.length) fail(`"${action.name}" takes ${type.params.length} arguments, the script gives ${action.args.length}`);
    let args: unknown[];
    try {
      args = action.args.map((a, i) => toComponentValue(a, type.params[i]!.type));
    } catch (e) {
      if (e instanceof ValueMismatch) fail(`argument: ${e.message}`);
      throw e;
    }
    return { value: item.call(...args), type: type.result };
  }

  private expectTrap(run: () => unknown, expected: string, what: string): void {
    // Note: wasmtime prints traps as "wasm trap: <message>" and some scripts quote that prefix;
    // it is wasmtime's rendering of any trap, not part of the condition being tested.
    const want = expected.startsWith(WASMTIME_TRAP_PREFIX) ? expected.slice(WASMTIME_TRAP_PREFIX.length) : expected;
    try {
      run();
    } catch (e) {
      if (e instanceof Trap) {
        if (e.message.includes(want)) return;
        fail(`${what}: expected trap "${expected}", got trap "${e.message}"`);
      }
      if (e instanceof ComponentCommandFailure) throw e;
      fail(`${what}: expected trap "${expected}", got ${describe(e)}`);
    }
    fail(`${what}: expected trap "${expected}", but it returned normally`);
  }

  private note(got: string, expected: string): void {
    if (got.includes(expected)) this.messages.matched++;
    else {
      this.messages.differed++;
      this.messages.differences.push({ expected, got });
    }
  }

  /**
   * `assert_invalid`: the text must parse and the decoder/validator must reject the bytes.
   * `assert_malformed`: text must fail to parse; binary must fail to decode.
   */
  private expectRejection(c: WastComponent, message: string, kind: Expectation): void {
    let bytes: Uint8Array;
    try {
      bytes = this.bytes(c);
    } catch (e) {
      if (kind === 'malformed' && e instanceof WatParseError) return this.note(e.reason, message);
      if (kind === 'malformed' && e instanceof CompileError) return this.note(e.reason, message);
      fail(`expected ${kind} ("${message}"), but the text did not parse: ${describe(e)}`);
    }
    if (kind === 'malformed' && c.source.kind !== 'binary') fail(`expected malformed text ("${message}"), but it parsed`);
    try {
      decodeComponent(bytes);
    } catch (e) {
      if (e instanceof CompileError) return this.note(e.reason, message);
      fail(`expected ${kind} ("${message}"), got ${describe(e)}`);
    }
    fail(`expected ${kind} ("${message}"), but it ${kind === 'invalid' ? 'validated' : 'decoded'}`);
  }
}

/**
 * Runs a script with component commands on a fresh engine and counts passed, failed and
 * skipped commands like the core runner (`runWastScript`), with failures by line and the
 * expected-failures list (suite `component-wast` unless `options.suite` says otherwise).
 * Core module commands are not run here: they count as failures that say so (run scripts that
 * mix core modules and components command by command with {@link ComponentWastSession}).
 */
export function runComponentWastScript(script: WastScript, options: WastRunOptions): WastResult {
  const session = new ComponentWastSession(options.createEngine(), script.filename);
  const xfail = options.expectedFailures ?? NO_EXPECTED_FAILURES;
  const suite = options.suite ?? 'component-wast';
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
  for (const cmd of script.commands) {
    const id = `${options.fileId}:${cmd.line}`;
    const xf = xfail.find(suite, id, options.engineName);
    try {
      if (isComponentCommand(cmd) || cmd.kind === 'register') session.run(cmd);
      else fail(`core command \`${cmd.kind}\` in a component script: run it with the core runner`);
      if (cmd.kind !== 'register') result.passed++;
      if (xf) result.unexpectedPasses.push(cmd.line);
    } catch (e) {
      const message = e instanceof ComponentCommandFailure ? e.message : describe(e);
      if (!(e instanceof ComponentCommandFailure || e instanceof KpioError || e instanceof ComponentValueError)) {
        // Note: anything else is a bug in kpio (a stack trace from deep inside); keep the stack.
        result.failures.push({ line: cmd.line, command: cmd.kind, message: `${message}\n${(e as Error).stack ?? ''}`, ...(xf ? { expectedBecause: xf.reason } : {}) });
      } else {
        result.failures.push({ line: cmd.line, command: cmd.kind, message, ...(xf ? { expectedBecause: xf.reason } : {}) });
      }
      if (xf) {
        result.expected++;
        result.skipped++;
      } else {
        result.failed++;
      }
    }
  }
  result.messageMatched = session.messages.matched;
  result.messageDiffered = session.messages.differed;
  return result;
}
