/**
 * What the package layer needs to know about an app's entry: whether it is a core module or a
 * component, and its export names. Built on kpio's own decoders.
 */

import { KpioError } from '../api/errors.js';
import { decodeComponent, isComponent } from '../component/binary/index.js';
import { decodeModule } from '../wasm/binary/decoder.js';

/** Decodes an entry and lists its exports (throws CompileError for malformed bytes). */
export function inspectEntry(bytes: Uint8Array): { kind: 'module' | 'component'; exports: string[] } {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new KpioError('it is not a WebAssembly binary (no \\0asm header)');
  }
  if (isComponent(bytes)) {
    return { kind: 'component', exports: [...decodeComponent(bytes).exports.keys()] };
  }
  return { kind: 'module', exports: decodeModule(bytes).exports.map((e) => e.name) };
}
