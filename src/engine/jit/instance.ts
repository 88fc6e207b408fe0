/**
 * The JIT's compiled modules and instances. A module is the interpreter's (which translates the
 * bodies cold functions run in, with loop probes where OSR can start) plus the factories of
 * compiled code; an instance is the interpreter's plus the arrays of compiled-convention entries
 * that compiled code calls through. Instantiation itself is the interpreter's (interp/instance.ts),
 * through the JIT store's factories and its `instantiated` hook.
 */

import type { TranslateOptions } from '../interp/index.js';
import { InterpCompiled, InterpInstance } from '../interp/index.js';
import type { ValidatedModule } from '../../wasm/validate/validated-module.js';
import { CodeReader } from '../../wasm/binary/code-reader.js';
import { Op } from '../../wasm/opcodes.js';
import { FuncCompiler, type OsrLoop } from './codegen/compiler.js';
import type { Factory } from './codegen/factory.js';
import { type CompiledFn, JitFunc } from './func.js';
import { jsParamCount, MAX_JS_PARAMS } from './js-params.js';
import { loopProbes } from './osr.js';
import type { JitStore } from './store.js';

/** A module prepared for the JIT: interpreter bodies with loop probes, and compiled factories. */
export class JitCompiled extends InterpCompiled {
  /** Compiled factories by defined-function index (made on first tier-up, shared by instances). */
  readonly factories: (Factory | undefined)[];
  /** Factories of the resumable forms. */
  readonly genFactories: (Factory | undefined)[];
  /** Whether each defined function contains a loop. */
  private readonly loops: boolean[];
  /** Loops where OSR can start, by defined function (found on first use). */
  private readonly osrLoopList: (readonly OsrLoop[] | undefined)[];
  /** Factories of OSR entries by `function:loop`. */
  readonly osrFactories = new Map<string, Factory>();

  constructor(
    validated: ValidatedModule,
    readonly jitStore: JitStore,
  ) {
    super(validated, jitStore);
    const n = validated.module.funcs.length;
    jitStore.runtime.scratch.ensureResults(validated.module.types.reduce((n, t) => Math.max(n, t.results.length), 0));
    this.factories = new Array<Factory | undefined>(n);
    this.genFactories = new Array<Factory | undefined>(n);
    this.osrLoopList = new Array<readonly OsrLoop[] | undefined>(n);
    this.loops = validated.module.funcs.map((_, i) => containsLoop(validated, validated.numImportedFuncs + i));
  }

  override createInstance(): JitInstance {
    return new JitInstance(this);
  }

  /** The interpreter translates functions with OSR loops with a probe at each (osr.ts). */
  protected override translateOptions(funcIdx: number): TranslateOptions {
    const opts = super.translateOptions(funcIdx);
    const loops = this.osrLoops(funcIdx);
    return loops.length === 0 ? opts : { ...opts, loopProbe: loopProbes(loops) };
  }

  /** True when defined function `funcIdx` contains a loop. */
  hasLoop(funcIdx: number): boolean {
    return this.loops[funcIdx - this.validated.numImportedFuncs]!;
  }

  /** The loops of `funcIdx` where an OSR entry can start (found by a compile of the function). */
  osrLoops(funcIdx: number): readonly OsrLoop[] {
    const i = funcIdx - this.validated.numImportedFuncs;
    let l = this.osrLoopList[i];
    if (l === undefined) {
      l = [];
      // Note: an OSR entry takes every local as a parameter, so it exists only within the bound.
      if (this.loops[i] && jsParamCount(this.validated.funcInfo[i]!.localTypes) <= MAX_JS_PARAMS) {
        const fc = new FuncCompiler(this.validated, funcIdx, { maxDepth: null, metering: false, typeIds: this.typeIds });
        try {
          fc.run();
          l = fc.osrLoops;
        } catch {
          // a function the JIT cannot compile gets no OSR
        }
      }
      this.osrLoopList[i] = l;
    }
    return l;
  }
}

/** True when the body of `funcIdx` has a `loop` instruction (walks its instructions). */
function containsLoop(vm: ValidatedModule, funcIdx: number): boolean {
  const r = new CodeReader(vm.module.funcs[funcIdx - vm.numImportedFuncs]!.body);
  while (!r.atEnd()) {
    const op = r.op();
    if (op === Op.loop) return true;
    if (op === Op.block || op === Op.if) r.blockType();
    else r.skipImmediates(op);
  }
  return false;
}

/** A JIT instance: an interpreter instance plus compiled code's view of its functions. */
export class JitInstance extends InterpInstance {
  /** The compiled-convention entry of each function of the module's function space. */
  readonly entries: CompiledFn[] = [];
  /** The resumable entry of each function (what resumable code calls). */
  readonly gentries: CompiledFn[] = [];

  constructor(readonly jitCompiled: JitCompiled) {
    super(jitCompiled);
  }

  /**
   * Fills the entry arrays from the function space (once it is complete); imported JIT functions
   * learn where they sit, so that their tier-up reaches this instance's compiled code.
   */
  linkEntries(): void {
    for (const f of this.funcs) {
      const e = f as JitFunc | { jcall: CompiledFn; gcall: CompiledFn };
      this.entries.push(e.jcall);
      this.gentries.push(e.gcall);
      if (f instanceof JitFunc && f.instance !== this) {
        f.sites.push([this.entries, this.entries.length - 1]);
        f.gsites.push([this.gentries, this.gentries.length - 1]);
      }
    }
  }
}
