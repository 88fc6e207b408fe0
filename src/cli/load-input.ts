/** Reading a module given on the command line: `.wasm` bytes, or `.wat` text through our parser. */

import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from './usage-error.js';

/** Reads `file` (relative to `cwd`) and returns wasm bytes; `.wat` files are parsed and encoded. */
export async function loadWasmInput(file: string, cwd: string): Promise<Uint8Array> {
  const full = path.resolve(cwd, file);
  let data: Buffer;
  try {
    data = fs.readFileSync(full);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `no such file: ${file}` : `cannot read ${file}: ${(e as Error).message}`);
  }
  const isBinary = data.length >= 4 && data[0] === 0x00 && data[1] === 0x61 && data[2] === 0x73 && data[3] === 0x6d;
  if (isBinary) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (/\.wat$/i.test(file) || /^\s*(\(|;;)/.test(data.subarray(0, 64).toString('utf8'))) {
    // Note: the text front end is loaded only for text input.
    const [{ parseWat }, { encodeModule }] = await Promise.all([import('../wasm/text/index.js'), import('../wasm/binary/encoder.js')]);
    return encodeModule(parseWat(data.toString('utf8'), file));
  }
  throw new UsageError(`${file} is neither a WebAssembly binary (no \\0asm header) nor .wat text`);
}
