// The shape of one runtime-corpus test: the host side of a wit-bindgen "runtime" test component
// (its imported test interfaces, written in TypeScript) and the calls the host makes into its exports.
import type { ComponentInstance, ImportMap } from '../../../src/component/link/index.js';
import type { TestWasi } from './wasi-host.js';

/** What a case's host functions and checks may use. */
export interface HostContext {
  /** The WASI host of this instantiation. */
  readonly wasi: TestWasi;
  /**
   * The instance once it exists (host imports called during instantiation cannot use it). Host
   * implementations that need a guest's exported resource types read them here.
   */
  instance(): ComponentInstance;
}

/** The host of one instantiation: its imports and the checks it runs against the instance. */
export interface CaseHost {
  /** The non-WASI imports. */
  readonly imports: ImportMap;
  /** Calls `test-imports` (when the component has it) and the exports, asserting the results. */
  run(instance: ComponentInstance): void;
}

/**
 * One component of `components/runtime/` with its host: either stateless imports and a `run`, or
 * a `host` factory whose imports and `run` share per-instantiation state.
 */
export type RuntimeCase =
  | {
      readonly file: string;
      imports(host: HostContext): ImportMap;
      run(instance: ComponentInstance, host: HostContext): void;
    }
  | {
      readonly file: string;
      host(ctx: HostContext): CaseHost;
    };

/** The {@link CaseHost} of `c` for one instantiation. */
export function caseHost(c: RuntimeCase, ctx: HostContext): CaseHost {
  if ('host' in c) return c.host(ctx);
  return { imports: c.imports(ctx), run: (instance) => c.run(instance, ctx) };
}

/** `{ tag: 'ok', val }`. */
export const ok = (val?: unknown) => (val === undefined ? { tag: 'ok' } : { tag: 'ok', val });
/** `{ tag: 'err', val }`. */
export const err = (val?: unknown) => (val === undefined ? { tag: 'err' } : { tag: 'err', val });
/** `{ tag: 'some', val }`. */
export const some = (val: unknown) => ({ tag: 'some', val });
/** `{ tag: 'none' }`. */
export const none = { tag: 'none' } as const;

/** Rounds to the nearest f32, as a Rust `f32` literal is. */
export const f32 = (x: number) => Math.fround(x);
