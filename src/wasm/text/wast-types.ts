/**
 * The AST of `.wast` spec scripts, as {@link parseWast} produces it.
 *
 * Every command and every value carries a `kind` discriminant so that other command families
 * (for instance the component model's `(component ...)` definitions and component values) can
 * be added as further union members without changing the existing ones.
 */

import type { Value } from '../../api/values.js';

/** Where a command starts in its file (1-based). */
export interface WastPosition {
  readonly line: number;
  readonly column: number;
}

/** The source of a module definition. */
export type WastModuleSource =
  /**
   * A module written in the text format. `text` is the exact source of the whole
   * `(module $name? ...)` s-expression; `line`/`column` locate its `(` in the script (pass them
   * to `parseWat` as `origin` for file-relative error positions).
   */
  | { readonly kind: 'text'; readonly text: string; readonly line: number; readonly column: number }
  /** `(module binary "..."*)`: the strings concatenated. */
  | { readonly kind: 'binary'; readonly bytes: Uint8Array }
  /**
   * `(module quote "..."*)`: the strings concatenated. The bytes are text to parse with
   * `parseWat`; they need not be valid UTF-8 (which is then a malformed module).
   */
  | { readonly kind: 'quote'; readonly bytes: Uint8Array };

/** A module definition: `(module $name? ...)`. */
export interface WastModule extends WastPosition {
  readonly kind: 'module';
  /** The `$name` (with its `$`), or null. */
  readonly name: string | null;
  readonly source: WastModuleSource;
}

/** A constant argument or an exactly expected result. */
export interface WastConst {
  readonly kind: 'const';
  /**
   * The exact value. i32 values are signed numbers, i64 signed bigints, f32/f64 raw bits,
   * v128 16 little-endian bytes; `(ref.extern N)` is an externref holding a {@link HostRef}.
   */
  readonly value: Value;
}

/** An argument of an `invoke` action. */
export type WastArg = WastConst;

/** The two NaN patterns of results. */
export type NanPattern = 'canonical' | 'arithmetic';

/** One lane of a v128 result pattern. */
export type WastLanePattern =
  /** The lane's exact bits (unsigned, lane-sized). */
  | { readonly kind: 'bits'; readonly bits: bigint }
  | { readonly kind: 'nan'; readonly nan: NanPattern };

/** The float lane shapes, the only ones whose lanes may be NaN patterns. */
export type FloatShape = 'f32x4' | 'f64x2';

/** An expected result of `assert_return`. */
export type WastExpected =
  /** Exactly this value (floats compared by bits, v128 by bytes, host refs by number). */
  | WastConst
  /** `(f32.const nan:canonical)` etc. */
  | { readonly kind: 'nan'; readonly type: 'f32' | 'f64'; readonly nan: NanPattern }
  /** A v128 of a float shape where at least one lane is a NaN pattern. */
  | { readonly kind: 'v128'; readonly shape: FloatShape; readonly lanes: readonly WastLanePattern[] }
  /** `(ref.func)` / `(ref.extern)`: any non-null reference of that type. */
  | { readonly kind: 'ref'; readonly type: 'funcref' | 'externref' };

/** An action: call an export or read an exported global. */
export type WastAction =
  | (WastPosition & {
      readonly kind: 'invoke';
      /** The module's `$name`, or null for the most recent module. */
      readonly module: string | null;
      readonly name: string;
      readonly args: readonly WastArg[];
    })
  | (WastPosition & { readonly kind: 'get'; readonly module: string | null; readonly name: string });

/** A command of a script. */
export type WastCommand =
  | WastModule
  | (WastPosition & { readonly kind: 'register'; readonly as: string; readonly module: string | null })
  | (WastPosition & { readonly kind: 'action'; readonly action: WastAction })
  | (WastPosition & { readonly kind: 'assert_return'; readonly action: WastAction; readonly expected: readonly WastExpected[] })
  | (WastPosition & { readonly kind: 'assert_trap'; readonly action: WastAction; readonly message: string })
  | (WastPosition & { readonly kind: 'assert_exhaustion'; readonly action: WastAction; readonly message: string })
  | (WastPosition & { readonly kind: 'assert_invalid'; readonly module: WastModule; readonly message: string })
  | (WastPosition & { readonly kind: 'assert_malformed'; readonly module: WastModule; readonly message: string })
  | (WastPosition & { readonly kind: 'assert_unlinkable'; readonly module: WastModule; readonly message: string })
  /** Also what `(assert_trap (module ...) "msg")` becomes, as in the reference interpreter. */
  | (WastPosition & { readonly kind: 'assert_uninstantiable'; readonly module: WastModule; readonly message: string });

/** The kinds of {@link WastCommand}. */
export type WastCommandKind = WastCommand['kind'];

/** A parsed script. */
export interface WastScript {
  readonly filename: string;
  readonly commands: readonly WastCommand[];
}

/** The host reference that `(ref.extern N)` denotes. */
export interface HostRef {
  readonly hostRef: number;
}
