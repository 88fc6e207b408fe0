/**
 * `args_get`, `args_sizes_get`, `environ_get`, `environ_sizes_get`: the guest's argv and
 * environment, as NUL-terminated UTF-8 strings plus an array of pointers to them.
 */

import type { P1Context } from './context.js';
import { OK } from './context.js';

function getList(ctx: P1Context, list: { items: Uint8Array[]; size: number }, ptrs: number, buf: number): number {
  try {
    const m = ctx.mem;
    m.refresh();
    m.check(ptrs, list.items.length * 4);
    m.check(buf, list.size);
    let p = buf >>> 0;
    for (let i = 0; i < list.items.length; i++) {
      const item = list.items[i]!;
      m.setU32((ptrs >>> 0) + i * 4, p);
      m.write(p, item);
      p += item.length;
    }
    return OK;
  } catch (e) {
    return ctx.fail(e);
  }
}

function getSizes(ctx: P1Context, list: { items: Uint8Array[]; size: number }, countPtr: number, sizePtr: number): number {
  try {
    const m = ctx.mem;
    m.refresh();
    m.check(countPtr, 4);
    m.check(sizePtr, 4);
    m.setU32(countPtr, list.items.length);
    m.setU32(sizePtr, list.size);
    return OK;
  } catch (e) {
    return ctx.fail(e);
  }
}

/** The argument and environment functions of one instance. */
export function argsEnvironImports(ctx: P1Context) {
  return {
    /** Writes argv pointers to `argv` and the strings to `argvBuf`. */
    args_get: (argv: number, argvBuf: number): number => getList(ctx, ctx.args, argv, argvBuf),
    /** Writes the argument count and the total size of the NUL-terminated strings. */
    args_sizes_get: (countPtr: number, sizePtr: number): number => getSizes(ctx, ctx.args, countPtr, sizePtr),
    /** Writes `NAME=value` pointers to `environ` and the strings to `environBuf`. */
    environ_get: (environ: number, environBuf: number): number => getList(ctx, ctx.env, environ, environBuf),
    /** Writes the variable count and the total size of the NUL-terminated strings. */
    environ_sizes_get: (countPtr: number, sizePtr: number): number => getSizes(ctx, ctx.env, countPtr, sizePtr),
  };
}
