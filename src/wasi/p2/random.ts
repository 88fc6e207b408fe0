/**
 * The `wasi:random` package of WASI 0.2: `random` (the instance's secure source), `insecure` (a
 * fast pseudo-random source) and `insecure-seed` (one 128-bit value per instance, for hash-map
 * DoS protection).
 */

import { Trap, TrapCode } from '../../api/errors.js';
import { MAX_LIST_BYTE_LENGTH } from '../../component/abi/index.js';
import type { HostInterface } from '../../component/link/host-interface.js';
import type { RandomSource } from '../../sys/index.js';
import type { P2Context } from './context.js';
import { WASI_P2_VERSION } from './io.js';

function bytes(ctx: P2Context, source: RandomSource, len: bigint, what: string): Uint8Array {
  // Note: the result is a list the guest must receive in full; a length no list can have traps
  // here instead of exhausting the host's memory first.
  if (len > BigInt(MAX_LIST_BYTE_LENGTH)) {
    throw new Trap(TrapCode.HostError, `${what}: ${len} bytes is more than a list can hold (${MAX_LIST_BYTE_LENGTH})`);
  }
  const out = new Uint8Array(Number(len));
  ctx.guard(what, () => source.fill(out));
  return out;
}

function u64(ctx: P2Context, source: RandomSource, what: string): bigint {
  const b = bytes(ctx, source, 8n, what);
  return new DataView(b.buffer).getBigUint64(0, true);
}

/** `wasi:random/random`: bytes from the instance's secure source. */
export function randomInterface(ctx: P2Context): HostInterface {
  const source = ctx.sys.random;
  return {
    name: 'wasi:random/random',
    version: WASI_P2_VERSION,
    resources: {},
    funcs: {
      /** `len` random bytes. */
      'get-random-bytes': (len: bigint): Uint8Array => bytes(ctx, source, len, 'get-random-bytes'),
      /** A random u64. */
      'get-random-u64': (): bigint => u64(ctx, source, 'get-random-u64'),
    },
  };
}

/** `wasi:random/insecure`: bytes from the instance's insecure source. */
export function insecureRandomInterface(ctx: P2Context): HostInterface {
  const source = ctx.settings.insecureRandom;
  return {
    name: 'wasi:random/insecure',
    version: WASI_P2_VERSION,
    resources: {},
    funcs: {
      /** `len` pseudo-random bytes. */
      'get-insecure-random-bytes': (len: bigint): Uint8Array => bytes(ctx, source, len, 'get-insecure-random-bytes'),
      /** A pseudo-random u64. */
      'get-insecure-random-u64': (): bigint => u64(ctx, source, 'get-insecure-random-u64'),
    },
  };
}

/** `wasi:random/insecure-seed`: the same 128-bit value on every call of one instance. */
export function insecureSeedInterface(ctx: P2Context): HostInterface {
  return {
    name: 'wasi:random/insecure-seed',
    version: WASI_P2_VERSION,
    resources: {},
    funcs: {
      /** A 128-bit seed as two u64 halves. */
      'insecure-seed': (): [bigint, bigint] => {
        // Note: the interface is meant to become a value import; answering the same value each
        // time keeps a guest from using it as a stream of randomness.
        ctx.insecureSeed ??= [u64(ctx, ctx.sys.random, 'insecure-seed'), u64(ctx, ctx.sys.random, 'insecure-seed')];
        return [ctx.insecureSeed[0], ctx.insecureSeed[1]];
      },
    },
  };
}
