/**
 * WAVE, the WebAssembly Value Encoding: the human-oriented text form of component values used by
 * wasmtime (`--invoke 'f(1, "x")'`) and wasm-tools, read and written against a component type.
 *
 * | type | WAVE |
 * |---|---|
 * | bool | `true`, `false` |
 * | integers | `123`, `-9` |
 * | floats | `3.14`, `6.022e+23`, `nan`, `inf`, `-inf` |
 * | char, string | `'x'`, `'\u{1f600}'`, `"a\tb"`, multiline `"""` strings |
 * | tuple, list | `("abc", 123)`, `[1, 2, 3]` |
 * | record | `{field-a: 1, field-b: "two"}` (`none` fields may be left out; `{:}` when empty) |
 * | variant, enum | `days(30)`, `forever`, `south` (`%none` for a case named like a keyword) |
 * | option | `some(1)`, `none`, or the bare payload `1` |
 * | result | `ok`, `ok(1)`, `err("oops")`, or the bare `ok` payload |
 * | flags | `{read, write}`, `{}` |
 *
 * Values are read into, and printed from, the canonical ABI's JS values (`../abi/values.ts`).
 * Resource handles have no WAVE form.
 */

export { invokeWave, parseWaveCall, waveCallArgs, type WaveCall } from './call.js';
export { WaveError } from './errors.js';
export { isWaveLabel, tokenizeWave, WAVE_KEYWORDS, type WaveToken, type WaveTokenKind } from './lexer.js';
export { MAX_WAVE_DEPTH, parseWaveNode, type WaveNode } from './parser.js';
export { formatWaveFloat, printWave } from './printer.js';
export { parseWave, typeName, waveNodeToValue } from './typed.js';
