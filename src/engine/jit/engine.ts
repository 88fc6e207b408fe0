/**
 * The JIT engine: kpio's Engine interface over the interpreter's instance model, with functions
 * compiled to JavaScript when hot (or all at instantiation with `jitEager`).
 */

import type { Engine } from '../../runtime/engine.js';
import { ensureBodiesValidated, type ValidatedModule } from '../../wasm/validate/validated-module.js';
import { InterpEngine } from '../interp/index.js';
import { checkEngineOptions } from '../interp/engine.js';
import { JitCompiled } from './instance.js';
import { checkJitOptions, type JitEngineOptions, JitStore } from './store.js';

/**
 * Creates a JIT engine.
 *
 * Functions start in the interpreter and are compiled to JavaScript functions when hot (see
 * tier.ts); `jitEager` compiles them all at instantiation. Limits and fuel behave as in the
 * interpreter, in compiled code too: `maxCallDepth` (deeper recursion, and a host stack overflow,
 * trap with "call stack exhausted"), `maxMemoryPages`, `maxTableElements`, `fuel` (a trap when
 * it runs out; see README.md for resuming). Compiling needs `new Function` (CSP `unsafe-eval` in
 * browsers).
 */
export function createJitEngine(options: JitEngineOptions = {}): Engine {
  return new JitEngine(options);
}

/**
 * The JIT implementation of {@link Engine}: the interpreter's engine over a {@link JitStore}, whose
 * factories make JIT functions and whose hooks run compiled code.
 */
export class JitEngine extends InterpEngine {
  declare readonly store: JitStore;

  constructor(options: JitEngineOptions = {}) {
    checkEngineOptions(options);
    super(options, new JitStore(checkJitOptions(options)), 'jit');
  }

  override compile(module: ValidatedModule, _bytes: Uint8Array): JitCompiled {
    ensureBodiesValidated(module);
    return new JitCompiled(module, this.store);
  }

  /**
   * Functions compiled so far (plain and resumable forms), OSR entries compiled, and the functions
   * the host could not compile (for tests and tools).
   */
  stats(): { compiled: number; osr: number; failures: readonly string[] } {
    const t = this.store.tier;
    return { compiled: t.compiledCount, osr: t.osrCount, failures: this.store.compileFailures };
  }
}
