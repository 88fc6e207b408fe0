/** Turns the host's WebAssembly errors (V8 messages) into kpio Traps with spec codes. */

import { Trap, TrapCode, type TrapFrame } from '../../api/errors.js';

const WASM_FRAME = /at (?:(\S+) \()?wasm:\/\/wasm\/[^:]*:wasm-function\[(\d+)\]:0x([0-9a-f]+)/;
/** The form source-map support (Node's --enable-source-maps, test runners) rewrites frames into. */
const WASM_FRAME_MAPPED = /at (?:(\S+) \()?wasm:\/\/wasm\/[^:]*:1:(\d+)/;

/**
 * The wasm frames of a host stack trace (V8's `wasm-function[i]:0xoffset` lines), innermost first.
 * Frames rewritten by source-map support lose the function index (-1) but keep name and offset.
 */
export function wasmFramesOf(stack: string | undefined): TrapFrame[] {
  const frames: TrapFrame[] = [];
  for (const line of (stack ?? '').split('\n')) {
    const m = WASM_FRAME.exec(line);
    if (m) {
      frames.push({ funcIndex: Number(m[2]), funcName: m[1], offset: parseInt(m[3]!, 16) });
      continue;
    }
    const mapped = WASM_FRAME_MAPPED.exec(line);
    if (mapped) frames.push({ funcIndex: -1, funcName: mapped[1], offset: Number(mapped[2]) - 1 });
  }
  return frames;
}

/** Host message fragments and the spec trap codes they stand for (first code is the primary). */
const MESSAGES: readonly (readonly [RegExp, readonly TrapCode[]])[] = [
  [/^unreachable/, [TrapCode.Unreachable]],
  [/divide by zero|remainder by zero/, [TrapCode.IntegerDivideByZero]],
  [/divide result unrepresentable|integer overflow/, [TrapCode.IntegerOverflow]],
  // Note: the host uses one message for NaN (invalid conversion) and out-of-range (overflow) inputs.
  [/float unrepresentable|invalid conversion/, [TrapCode.InvalidConversionToInteger, TrapCode.IntegerOverflow]],
  [/memory access out of bounds|data segment.*out of bounds|memory.*out of bounds/, [TrapCode.OutOfBoundsMemoryAccess]],
  [/table index is out of bounds/, [TrapCode.OutOfBoundsTableAccess, TrapCode.UndefinedElement]],
  [/element segment.*out of bounds|table.*out of bounds|elem.*out of bounds/, [TrapCode.OutOfBoundsTableAccess]],
  [
    /null function or function signature mismatch|function signature mismatch/,
    [TrapCode.IndirectCallTypeMismatch, TrapCode.UninitializedElement, TrapCode.NullFunctionReference],
  ],
  [/null function|dereferencing a null/, [TrapCode.NullFunctionReference, TrapCode.UninitializedElement]],
];

/**
 * Maps an exception thrown by the host's WebAssembly to a Trap when it is one (RuntimeError, or the
 * stack-overflow RangeError); other exceptions come back unchanged.
 */
export function mapNativeError(e: unknown): unknown {
  if (e instanceof Trap) return e;
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    const t = new Trap(TrapCode.CallStackExhausted, TrapCode.CallStackExhausted, { cause: e });
    t.frames = wasmFramesOf(e.stack).slice(0, 20);
    return t;
  }
  if (e instanceof WebAssembly.RuntimeError) {
    for (const [re, codes] of MESSAGES) {
      if (re.test(e.message)) {
        const t = new Trap(codes[0]!, codes[0]!, { cause: e });
        t.alternatives = codes.slice(1);
        t.frames = wasmFramesOf(e.stack);
        return t;
      }
    }
    const t = new Trap(TrapCode.HostError, e.message, { cause: e });
    t.frames = wasmFramesOf(e.stack);
    return t;
  }
  return e;
}
