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

/**
 * The source of a component definition. For `text`, `text` holds the component's fields (what
 * follows `(component definition? $name?` up to its closing parenthesis) and `line`/`column`
 * locate their start in the script; hand them to the component text parser with the name as the
 * component's `$id`.
 */
export type WastComponentSource =
  | { readonly kind: 'text'; readonly text: string; readonly line: number; readonly column: number }
  /** `(component binary "..."*)`: the strings concatenated. */
  | { readonly kind: 'binary'; readonly bytes: Uint8Array }
  /** `(component quote "..."*)`: the strings concatenated, the text of the component's fields. */
  | { readonly kind: 'quote'; readonly bytes: Uint8Array };

/** A component definition: `(component $name? ...)` or `(component definition $name? ...)`. */
export interface WastComponent extends WastPosition {
  readonly kind: 'component';
  /** The `$name` (with its `$`), or null. */
  readonly name: string | null;
  /** True for `(component definition ...)`: the component is named but not instantiated. */
  readonly definition: boolean;
  readonly source: WastComponentSource;
}

/**
 * A component value of a script (wasmtime's `wast` dialect): an argument of an invoke of a
 * component export, or an expected result.
 */
export type WastComponentValue =
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'u8' | 's8' | 'u16' | 's16' | 'u32' | 's32'; readonly value: number }
  | { readonly kind: 'u64' | 's64'; readonly value: bigint }
  /** The exact bits of the float. */
  | { readonly kind: 'f32'; readonly bits: number }
  | { readonly kind: 'f64'; readonly bits: bigint }
  /** One Unicode scalar value. */
  | { readonly kind: 'char'; readonly value: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'list' | 'tuple'; readonly items: readonly WastComponentValue[] }
  | { readonly kind: 'record'; readonly fields: readonly { readonly name: string; readonly value: WastComponentValue }[] }
  | { readonly kind: 'variant'; readonly case: string; readonly payload: WastComponentValue | null }
  | { readonly kind: 'enum'; readonly case: string }
  | { readonly kind: 'option'; readonly value: WastComponentValue | null }
  | { readonly kind: 'result'; readonly ok: boolean; readonly payload: WastComponentValue | null }
  | { readonly kind: 'flags'; readonly names: readonly string[] };

/** An invoke of a function exported by a component instance. */
export interface WastComponentInvoke extends WastPosition {
  readonly kind: 'invoke';
  /** The instance's `$name`, or null for the most recent one. */
  readonly module: string | null;
  readonly name: string;
  readonly args: readonly WastComponentValue[];
}

/** The commands of component scripts (all kinds start with `component`). */
export type WastComponentCommand =
  | WastComponent
  /** `(component instance $name $definition)`: instantiates a component definition. */
  | (WastPosition & { readonly kind: 'component_instance'; readonly name: string | null; readonly component: string })
  | (WastPosition & { readonly kind: 'component_action'; readonly action: WastComponentInvoke })
  | (WastPosition & { readonly kind: 'component_assert_return'; readonly action: WastComponentInvoke; readonly expected: readonly WastComponentValue[] })
  | (WastPosition & { readonly kind: 'component_assert_trap'; readonly action: WastComponentInvoke; readonly message: string })
  | (WastPosition & {
      readonly kind: 'component_assert_invalid' | 'component_assert_malformed' | 'component_assert_unlinkable' | 'component_assert_uninstantiable';
      readonly component: WastComponent;
      readonly message: string;
    });

/** A command of a script. */
export type WastCommand =
  | WastComponentCommand
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
