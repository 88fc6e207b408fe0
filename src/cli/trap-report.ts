/** Printing a trap and its wasm backtrace for the user. */

import { Trap } from '../api/errors.js';

/** The text printed to stderr for a trap: the message, then one line per wasm frame. */
export function formatTrap(t: Trap): string {
  const lines = [`error: wasm trap: ${t.message}`];
  if (t.frames.length) {
    lines.push('wasm backtrace:');
    t.frames.forEach((f, i) => {
      const name = f.funcName ?? `<func ${f.funcIndex}>`;
      const mod = f.moduleName ? `${f.moduleName}!` : '';
      const at = f.offset !== undefined && f.offset >= 0 ? ` @ 0x${f.offset.toString(16)}` : '';
      lines.push(`  ${String(i).padStart(2)}: ${mod}${name}${at}`);
    });
  }
  return lines.join('\n') + '\n';
}

/** Exit code for a trap (what wasmtime uses: 128 + SIGABRT). */
export const TRAP_EXIT_CODE = 134;
